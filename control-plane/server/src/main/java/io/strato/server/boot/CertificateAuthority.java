package io.strato.server.boot;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The appliance's own certificate authority. On first start it creates a CA (ten years) and a server
 * certificate (two years) whose subject alternative names cover the public host, localhost and the
 * loopback addresses; it re-issues the server certificate when the public host changes or expiry nears.
 * Private keys are written with mode 0600.
 */
public final class CertificateAuthority {
    public record Issued(Path caCertificate, Path certificate, Path key) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateAuthority() {}

    public static synchronized Issued ensure(Path dir, String publicHost) { return ensure(dir, publicHost, List.of()); }

    /** As {@link #ensure(Path, String)}, the certificate also covering {@code extraNames} (e.g. {@code *.blob.storage.strato.local}). */
    public static synchronized Issued ensure(Path dir, String publicHost, List<String> extraNames) {
        try {
            Files.createDirectories(dir);
            Path caCert = dir.resolve("ca.pem"), caKey = dir.resolve("ca-key.pem");
            Path cert = dir.resolve("server.pem"), key = dir.resolve("server-key.pem");
            if (!Files.exists(caCert) || !Files.exists(caKey)) {
                KeyPair ca = rsa();
                X500Name name = new X500Name("CN=Strato Appliance CA " + Long.toHexString(RANDOM.nextLong()) + ",O=Strato");
                X509Certificate c = sign(name, ca.getPublic(), name, ca.getPrivate(), Duration.ofDays(3650), true, List.of());
                writePem(caKey, ca.getPrivate(), true);
                writePem(caCert, c, false);
            }
            Set<String> names = new LinkedHashSet<>(List.of(publicHost, "localhost", "127.0.0.1", "::1"));
            names.addAll(extraNames);
            try {
                names.add(InetAddress.getLocalHost().getHostName());
            } catch (IOException ignored) {
                // a host without a resolvable name still serves loopback and the public host
            }
            if (!Files.exists(cert) || !Files.exists(key) || !covers(readCert(cert), names)) {
                X509Certificate ca = readCert(caCert);
                PrivateKey caPrivate = readKey(caKey);
                KeyPair server = rsa();
                X509Certificate c = sign(new X500Name("CN=" + publicHost + ",O=Strato"), server.getPublic(),
                        X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), caPrivate, Duration.ofDays(730), false, List.copyOf(names));
                writePem(key, server.getPrivate(), true);
                String chain = pem(c) + pem(ca);
                atomicWrite(cert, chain, false);
            }
            return new Issued(caCert, cert, key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the appliance's TLS certificate in " + dir, e);
        }
    }

    private static boolean covers(X509Certificate cert, Set<String> names) throws Exception {
        if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(30)))) return false;
        Set<String> have = new LinkedHashSet<>();
        if (cert.getSubjectAlternativeNames() != null) {
            for (List<?> san : cert.getSubjectAlternativeNames()) have.add(String.valueOf(san.get(1)).toLowerCase());
        }
        for (String n : names) {
            String want = n.toLowerCase();
            if (!have.contains(want) && !(want.equals("::1") && have.contains("0:0:0:0:0:0:0:1"))) return false;
        }
        return true;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, java.security.PublicKey publicKey, X500Name issuer, PrivateKey issuerKey,
                                        Duration validity, boolean ca, List<String> sans) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, publicKey);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            List<GeneralName> gn = new ArrayList<>();
            for (String s : sans) {
                boolean ip = s.matches("[0-9.]+") || s.contains(":");
                gn.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, s));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(gn.toArray(GeneralName[]::new)));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey);
        X509CertificateHolder holder = b.build(signer);
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static X509Certificate readCert(Path p) throws Exception {
        try (Reader r = Files.newBufferedReader(p); PEMParser parser = new PEMParser(r)) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static PrivateKey readKey(Path p) throws Exception {
        try (Reader r = Files.newBufferedReader(p); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair kp ? conv.getKeyPair(kp).getPrivate() : conv.getPrivateKey((PrivateKeyInfo) o);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

    private static void writePem(Path p, Object o, boolean secret) throws IOException { atomicWrite(p, pem(o), secret); }

    /** Writes the whole file or nothing; secrets are never readable by others, not even for a moment. */
    static void atomicWrite(Path p, String content, boolean secret) throws IOException {
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            w.write(content);
        }
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
