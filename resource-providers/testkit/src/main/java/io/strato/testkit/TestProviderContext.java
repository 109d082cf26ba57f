package io.strato.testkit;

import io.strato.spi.ProviderContext;
import io.strato.spi.SecretVault;
import io.strato.spi.StoredResources;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ProviderContext} for unit tests: a (temporary) data folder, settings from a map, an
 * {@link InMemorySecretVault}, fixed endpoints, stored resources ({@link InMemoryStoredResources} or none) and the
 * services other providers would offer, by type.
 */
public record TestProviderContext(
        Path dataDirectory, Map<String, String> settings, String storageEndpointSuffix, String baseUrl, SecretVault secrets,
        StoredResources resources, Map<Class<?>, Object> services, String applianceTag)
        implements ProviderContext {
    public static final String STORAGE_ENDPOINT_SUFFIX = "local.strato.test";
    public static final String BASE_URL = "https://127.0.0.1:8443";

    public TestProviderContext {
        settings = Map.copyOf(settings);
        services = Map.copyOf(services);
    }

    public TestProviderContext(Path dataDirectory, Map<String, String> settings, String storageEndpointSuffix, String baseUrl, SecretVault secrets) {
        this(dataDirectory, settings, storageEndpointSuffix, baseUrl, secrets, StoredResources.NONE, Map.of(), "strato");
    }

    /** A context over {@code dataDirectory} with {@code settings}, the default endpoints and an empty vault. */
    public static TestProviderContext of(Path dataDirectory, Map<String, String> settings) {
        return new TestProviderContext(dataDirectory, settings, STORAGE_ENDPOINT_SUFFIX, BASE_URL, new InMemorySecretVault());
    }

    public static TestProviderContext of(Path dataDirectory) {
        return of(dataDirectory, Map.of());
    }

    /** The same context reading stored resources from {@code stored}. */
    public TestProviderContext withResources(StoredResources stored) {
        return new TestProviderContext(dataDirectory, settings, storageEndpointSuffix, baseUrl, secrets, stored, services, applianceTag);
    }

    /** The same context offering {@code service} as {@code type} (what another provider would offer). */
    public <T> TestProviderContext withService(Class<T> type, T service) {
        Map<Class<?>, Object> more = new java.util.HashMap<>(services);
        more.put(type, service);
        return new TestProviderContext(dataDirectory, settings, storageEndpointSuffix, baseUrl, secrets, resources, more, applianceTag);
    }

    /** The same context with another appliance tag (two appliances on one host). */
    public TestProviderContext withApplianceTag(String tag) {
        return new TestProviderContext(dataDirectory, settings, storageEndpointSuffix, baseUrl, secrets, resources, services, tag);
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }
}
