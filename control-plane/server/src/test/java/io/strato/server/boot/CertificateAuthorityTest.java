package io.strato.server.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir Path dir;

    @Test
    void theServerCertificateIsSignedByTheApplianceCaAndNamesThePublicHost() throws Exception {
        CertificateAuthority.Issued issued = CertificateAuthority.ensure(dir, "arm.example.test");
        X509Certificate ca = read(issued.caCertificate()).get(0);
        X509Certificate leaf = read(issued.certificate()).get(0);
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1)))).contains("arm.example.test", "127.0.0.1", "localhost");
        assertThat(Files.getPosixFilePermissions(issued.key())).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aSecondStartKeepsTheCaAndReissuesOnlyWhenTheHostChanges() throws Exception {
        CertificateAuthority.ensure(dir, "a.test");
        byte[] ca = Files.readAllBytes(dir.resolve("ca.pem"));
        byte[] leaf = Files.readAllBytes(dir.resolve("server.pem"));
        CertificateAuthority.ensure(dir, "a.test");
        assertThat(Files.readAllBytes(dir.resolve("server.pem"))).isEqualTo(leaf);
        CertificateAuthority.ensure(dir, "b.test");
        assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).isEqualTo(ca);
        assertThat(Files.readAllBytes(dir.resolve("server.pem"))).isNotEqualTo(leaf);
    }

    @SuppressWarnings("unchecked")
    private static List<X509Certificate> read(Path p) throws Exception {
        try (InputStream in = Files.newInputStream(p)) {
            return (List<X509Certificate>) CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }
}
