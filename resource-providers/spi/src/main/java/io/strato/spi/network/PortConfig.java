package io.strato.spi.network;

import java.util.List;

/**
 * The addressing a workload needs for one network interface.
 *
 * @param mac the interface's MAC address, lower-case with colons ({@code 02:5e:...})
 * @param ipAddress the primary private IPv4 address, e.g. {@code 10.0.1.4}
 * @param prefixLength the subnet's prefix length, e.g. {@code 24}
 * @param gateway the subnet's gateway (its first address, {@code 10.0.1.1}), the default route
 * @param dnsServers the DNS servers to use (the interface's, else the virtual network's); may be empty
 */
public record PortConfig(String mac, String ipAddress, int prefixLength, String gateway, List<String> dnsServers) {
    public PortConfig {
        dnsServers = List.copyOf(dnsServers);
    }

    /** {@code 10.0.1.4/24}. */
    public String cidr() { return ipAddress + "/" + prefixLength; }
}
