package io.strato.server.boot;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The appliance's embedded defaults, computed before Quarkus starts its HTTP server and datasource:
 * the data folder, the TLS certificate from the appliance's own CA, and an embedded PostgreSQL when no
 * database URL is configured. Acts only in a running application, never during the build (the build
 * would otherwise record a dead port into the packaged app).
 */
public class ApplianceConfigSourceFactory implements ConfigSourceFactory {
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (ExecutionMode.current() == ExecutionMode.UNSET) return List.of();
        Path data = Path.of(value(context, "strato.data", "data")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(data);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data folder " + data, e);
        }
        Map<String, String> props = new HashMap<>();
        props.put("strato.data", data.toString());

        String host = value(context, "strato.public-host", "127.0.0.1");
        // the Blob and File endpoints answer for ACCOUNT.blob.SUFFIX and ACCOUNT.file.SUFFIX with the same certificate
        String suffix = value(context, "strato.storage-suffix", "storage.strato.local");
        CertificateAuthority.Issued tls = CertificateAuthority.ensure(data.resolve("tls"), host, List.of("*.blob." + suffix, "*.file." + suffix));
        props.put("quarkus.http.ssl.certificate.files", tls.certificate().toString());
        props.put("quarkus.http.ssl.certificate.key-files", tls.key().toString());
        props.put("strato.ca-bundle", tls.caCertificate().toString());

        if (value(context, "quarkus.datasource.jdbc.url", "").isBlank()) {
            EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
            props.put("quarkus.datasource.jdbc.url", db.jdbcUrl("strato"));
            props.put("quarkus.datasource.username", "postgres");
            props.put("quarkus.datasource.password", "");
            props.put("strato.embedded-db.port", Integer.toString(db.port()));
        }
        return List.of(new PropertiesConfigSource(props, "strato-appliance-defaults", 275));
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null ? fallback : v.getValue();
    }
}
