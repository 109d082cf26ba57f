package io.strato.testkit;

import io.strato.spi.ProviderContext;
import io.strato.spi.SecretVault;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ProviderContext} for unit tests: a (temporary) data folder, settings from a map, an
 * {@link InMemorySecretVault}, and fixed endpoints.
 */
public record TestProviderContext(
        Path dataDirectory, Map<String, String> settings, String storageEndpointSuffix, String baseUrl, SecretVault secrets)
        implements ProviderContext {
    public static final String STORAGE_ENDPOINT_SUFFIX = "local.strato.test";
    public static final String BASE_URL = "https://127.0.0.1:8443";

    public TestProviderContext {
        settings = Map.copyOf(settings);
    }

    /** A context over {@code dataDirectory} with {@code settings}, the default endpoints and an empty vault. */
    public static TestProviderContext of(Path dataDirectory, Map<String, String> settings) {
        return new TestProviderContext(dataDirectory, settings, STORAGE_ENDPOINT_SUFFIX, BASE_URL, new InMemorySecretVault());
    }

    public static TestProviderContext of(Path dataDirectory) {
        return of(dataDirectory, Map.of());
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}
