package io.strato.spi.network;

/**
 * A veth end inside a workload's network namespace, addressed and up.
 *
 * @param interfaceName its name inside the namespace, e.g. {@code eth0}
 * @param hostDevice the peer on the host's bridge
 */
public record NamespacePort(String interfaceName, String hostDevice, PortConfig config) {}
