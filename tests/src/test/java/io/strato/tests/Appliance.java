package io.strato.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A running appliance as a user sees it: the values of its {@code bootstrap.env}, trust in its CA, and tokens
 * from its AD FS-style token endpoint. The tests never reach inside the server.
 */
public final class Appliance {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static Appliance instance;

    public final String armEndpoint;      // without trailing slash
    public final String tenantId, subscriptionId, clientId, clientSecret, location;
    public final Path caBundle;
    public final SSLContext ssl;
    public final HttpClient http;
    private String token;
    private long tokenExpiry;

    private Appliance(Map<String, String> env) throws Exception {
        armEndpoint = env.get("ARM_ENDPOINT").replaceAll("/+$", "");
        tenantId = env.get("TENANT_ID");
        subscriptionId = env.get("SUBSCRIPTION_ID");
        clientId = env.get("CLIENT_ID");
        clientSecret = env.get("CLIENT_SECRET");
        location = env.getOrDefault("LOCATION", "local");
        caBundle = Path.of(env.get("CA_BUNDLE"));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caBundle)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) trust.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
        // the Azure SDK's Netty client reads the JVM trust store
        Path store = Files.createTempFile("strato-trust", ".p12");
        try (var out = Files.newOutputStream(store)) {
            trust.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    public static synchronized Appliance get() {
        if (instance == null) {
            String file = System.getenv("STRATO_BOOTSTRAP");
            if (file == null || file.isBlank()) file = System.getProperty("strato.bootstrap");
            if (file == null || file.isBlank()) throw new IllegalStateException("set STRATO_BOOTSTRAP to a running appliance's bootstrap.env");
            try {
                Map<String, String> env = new HashMap<>();
                for (String line : Files.readAllLines(Path.of(file))) {
                    int eq = line.indexOf('=');
                    if (eq > 0) env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
                instance = new Appliance(env);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        return instance;
    }

    /** The ARM audience from the metadata document. */
    public String audience() throws Exception {
        JsonNode meta = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(armEndpoint + "/metadata/endpoints?api-version=2015-01-01")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return meta.path("authentication").path("audiences").get(0).asText();
    }

    /** A bearer token for the bootstrap service principal, as az gets it (client credentials at /adfs/oauth2/token). */
    public synchronized String token() throws Exception {
        if (token != null && System.currentTimeMillis() < tokenExpiry - 60_000) return token;
        HttpResponse<String> r = tokenRequest(clientId, clientSecret, audience() + "/.default");
        if (r.statusCode() != 200) throw new IllegalStateException("token endpoint answered " + r.statusCode() + ": " + r.body());
        JsonNode t = JSON.readTree(r.body());
        token = t.get("access_token").asText();
        tokenExpiry = System.currentTimeMillis() + t.get("expires_in").asLong() * 1000;
        return token;
    }

    public HttpResponse<String> tokenRequest(String id, String secret, String scope) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + enc(id) + "&client_secret=" + enc(secret) + "&scope=" + enc(scope);
        return http.send(HttpRequest.newBuilder(URI.create(armEndpoint + "/adfs/oauth2/token/"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
