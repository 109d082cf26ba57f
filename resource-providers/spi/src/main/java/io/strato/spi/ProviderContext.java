package io.strato.spi;

import java.nio.file.Path;
import java.util.Optional;

/** What the appliance gives a provider when it starts: settings, a data folder, the endpoints it advertises. */
public interface ProviderContext {
    /** A setting such as {@code strato.storage.driver}; empty when not set. */
    Optional<String> setting(String name);

    /** A folder this provider may keep files in; it survives restarts. */
    Path dataDirectory();

    /** The DNS suffix of storage endpoints, e.g. {@code local.strato.test}. */
    String storageEndpointSuffix();

    /** The appliance's externally visible base URL, e.g. {@code https://127.0.0.1:8443}. */
    String baseUrl();

    /** Encrypted per-resource secret storage (keys, passwords). */
    SecretVault secrets();
}
