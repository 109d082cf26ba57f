package io.strato.server.boot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Identity of this appliance and the endpoints it advertises. The tenant and appliance ids are created once,
 * on first start, and kept in PostgreSQL so every replica and every restart agrees on them.
 */
@ApplicationScoped
public class ApplianceSettings {
    @Inject DataSource dataSource;

    @ConfigProperty(name = "strato.data") String data;
    @ConfigProperty(name = "strato.public-host") String publicHost;
    @ConfigProperty(name = "quarkus.http.ssl-port") int sslPort;
    @ConfigProperty(name = "strato.public-url") java.util.Optional<String> publicUrl;
    @ConfigProperty(name = "strato.location") String location;
    @ConfigProperty(name = "strato.storage-suffix") String storageSuffix;
    @ConfigProperty(name = "strato.ca-bundle") java.util.Optional<String> caBundle;
    @ConfigProperty(name = "strato.page-size") int pageSize;
    @ConfigProperty(name = "strato.blob.port") java.util.Optional<Integer> blobPort;

    private volatile int boundBlobPort;

    private volatile String tenantId;
    private volatile String applianceId;

    public Path dataDir() { return Path.of(data); }

    /** The externally visible base URL without a trailing slash, e.g. {@code https://127.0.0.1:8443}. */
    public String baseUrl() {
        return publicUrl.map(u -> u.replaceAll("/+$", "")).orElse("https://" + hostForUrl() + ":" + actualPort());
    }

    private String hostForUrl() { return publicHost.contains(":") ? "[" + publicHost + "]" : publicHost; }

    private int actualPort() {
        // under test the port is chosen at random; Quarkus publishes the one it bound
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.ssl-port", Integer.class).filter(p -> p > 0).orElse(sslPort);
    }

    /** The one region this appliance offers. */
    public String location() { return location; }

    public String storageSuffix() { return storageSuffix; }

    /**
     * The suffix clients append to {@code ACCOUNT.blob.}: the storage suffix, with the Blob port when it is not 443
     * ({@code storage.strato.local:8444}), so {@code https://{account}.blob.{suffix}} reaches the Blob endpoint.
     */
    public String storageEndpointSuffix() {
        int port = blobPort();
        return port == 443 ? storageSuffix : storageSuffix + ":" + port;
    }

    /** The Blob endpoint's port: {@code strato.blob.port}, by default the ARM port + 1; the bound one once listening. */
    public int blobPort() {
        if (boundBlobPort > 0) return boundBlobPort;
        return blobPort.filter(p -> p > 0).orElseGet(() -> actualPort() + 1);
    }

    /** The port {@code strato.blob.port} asks for (0 = any free port). */
    public int configuredBlobPort() { return blobPort.orElseGet(() -> actualPort() + 1); }

    /** Records the port the Blob endpoint listens on. */
    public void blobPortBound(int port) { this.boundBlobPort = port; }

    /** Items per list page when the client does not ask for fewer with $top. */
    public int pageSize() { return pageSize; }

    public Path caBundle() { return caBundle.map(Path::of).orElse(dataDir().resolve("tls/ca.pem")); }

    /** The directory (tenant) that owns the appliance's first subscription. */
    public String tenantId() {
        if (tenantId == null) tenantId = getOrCreate("tenant-id", UUID.randomUUID().toString());
        return tenantId;
    }

    public String applianceId() {
        if (applianceId == null) applianceId = getOrCreate("appliance-id", UUID.randomUUID().toString());
        return applianceId;
    }

    /** The token audience ARM accepts: {@code https://management.<suffix>/<appliance id>}. */
    public String audience() { return "https://management." + storageSuffix.replaceFirst("^storage\\.", "") + "/" + applianceId(); }

    /** Sets a setting, replacing any value. */
    public void put(String name, String value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO appliance_setting(name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value")) {
            p.setString(1, name);
            p.setString(2, value);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write appliance setting " + name, e);
        }
    }

    /** Reads a setting, creating it with {@code initial} when absent (first writer wins across replicas). */
    public String getOrCreate(String name, String initial) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO appliance_setting(name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                p.setString(1, name);
                p.setString(2, initial);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT value FROM appliance_setting WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read appliance setting " + name, e);
        }
    }
}
