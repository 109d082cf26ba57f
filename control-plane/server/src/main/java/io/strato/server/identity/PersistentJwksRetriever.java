package io.strato.server.identity;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.logging.Logger;

/**
 * Fetches a realm's JWKS and keeps the last good copy in a file; when Keycloak does not answer (for instance
 * while it restarts with Strato), serves that copy. So tokens issued before a restart keep validating without
 * waiting for Keycloak. The file holds public keys only.
 */
final class PersistentJwksRetriever implements ResourceRetriever {
    private static final Logger LOG = Logger.getLogger(PersistentJwksRetriever.class);
    private final ResourceRetriever delegate = new DefaultResourceRetriever(2_000, 5_000, 512 * 1024);
    private final Path file;

    /** @param file where the last good JWKS is kept; {@code null} to keep none */
    PersistentJwksRetriever(Path file) {
        this.file = file;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        try {
            Resource r = delegate.retrieveResource(url);
            if (file != null) save(r.getContent());
            return r;
        } catch (IOException e) {
            if (file != null && Files.isRegularFile(file)) {
                LOG.debugf("JWKS at %s unavailable (%s); using the copy in %s", url, e.getMessage(), file);
                return new Resource(Files.readString(file, StandardCharsets.UTF_8), "application/json");
            }
            throw e;
        }
    }

    private void save(String content) {
        try {
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) return;
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".jwks", ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debugf("cannot keep a copy of the JWKS in %s: %s", file, e.getMessage());
        }
    }
}
