package io.strato.server.blob;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strato.server.boot.ApplianceSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The storage endpoints' own HTTPS listener: Blob, and File for host names {@code ACCOUNT.file.SUFFIX} ({@code strato.blob.port}, by default the ARM port + 1), on the
 * Quarkus-managed Vert.x with the appliance's certificate. One server instance per event loop shares the port.
 */
@ApplicationScoped
public class BlobServer {
    private static final Logger LOG = Logger.getLogger(BlobServer.class);

    @Inject Vertx vertx;
    @Inject ApplianceSettings settings;
    @Inject BlobEndpoint endpoint;
    @Inject FileEndpoint files;
    @ConfigProperty(name = "quarkus.http.ssl.certificate.files") java.util.Optional<String> certificate;
    @ConfigProperty(name = "quarkus.http.ssl.certificate.key-files") java.util.Optional<String> key;
    @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host;

    private final List<HttpServer> servers = new ArrayList<>();

    void start(@Observes StartupEvent event) throws Exception {
        if (certificate.isEmpty() || key.isEmpty()) {
            LOG.warn("no TLS certificate configured: the Blob endpoint is not started");
            return;
        }
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.get()).setKeyPath(key.get()))
                .setHost(host)
                .setPort(settings.configuredBlobPort())
                .setMaxInitialLineLength(16 * 1024) // SAS URLs are long
                .setMaxHeaderSize(32 * 1024)
                .setCompressionSupported(false)
                .setIdleTimeout(300);
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        int port = options.getPort();
        for (int i = 0; i < instances; i++) {
            HttpServer s = vertx.createHttpServer(options.setPort(port)).requestHandler(r -> {
                if (files.serves(r)) files.handle(r);
                else endpoint.handle(r);
            });
            s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            servers.add(s);
            port = s.actualPort(); // with port 0 the first instance picks, the others share it
        }
        settings.blobPortBound(port);
        LOG.infof("Blob and File endpoints listening on https://%s:%d (host style: ACCOUNT.blob.%s, ACCOUNT.file.%s)", host, port,
                settings.storageSuffix(), settings.storageSuffix());
    }

    void stop(@Observes ShutdownEvent event) {
        for (HttpServer s : servers) {
            try {
                s.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Blob endpoint did not close cleanly", e);
            }
        }
        endpoint.shutdown();
    }
}
