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

    /** Read access to other stored resources, inside the calling request's transaction. */
    default StoredResources resources() { return StoredResources.NONE; }

    /**
     * A service another provider offers (see {@link ResourceProvider#service}), e.g.
     * {@link io.strato.spi.network.NetworkPorts} from {@code Microsoft.Network}. Resolved when called, so ask
     * for it when it is needed (creating a VM), not in {@link ResourceProvider#configure}.
     */
    default <T> Optional<T> service(Class<T> type) { return Optional.empty(); }

    /**
     * A short id of this appliance (lower-case letters and digits, at most 6 characters), stable across restarts
     * and different for two appliances on one host. Prefix host-wide names (bridges, tables, cgroups) with it.
     */
    default String applianceTag() { return "strato"; }
}
