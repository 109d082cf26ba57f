package io.strato.provider.network;

import io.strato.spi.network.NetworkPorts;

/**
 * What realizes virtual networks: Linux bridges, namespaces and nftables ({@link LinuxNetworkDriver}) or memory
 * ({@link InMemoryNetworkDriver}). It never sees ARM JSON: the provider hands it the whole {@link Topology} after
 * every change, and it makes the host match, creating what is missing and removing what is no longer wanted.
 *
 * <p>Every call is idempotent; applying the same topology twice changes nothing the second time, and applying
 * after a restart re-creates exactly what the stored state needs.
 */
public interface NetworkDriver extends NetworkPorts {
    /** Makes the host match {@code topology}: networks, security rules, address translation, balancing. */
    void apply(Topology topology);

    /** The topology last applied (empty before the first {@link #apply}). */
    Topology applied();

    /** Removes every host object this appliance made (for tests and decommissioning). */
    void destroyAll();
}
