package io.strato.provider.network;

import java.util.List;
import java.util.Optional;

/**
 * Everything the appliance's virtual networks must be on the host, in driver terms (no ARM JSON): built from the
 * stored resources by {@link TopologyBuilder} and handed whole to {@link NetworkDriver#apply}, which makes the host
 * match it. Keys are the resources' lower-cased ids.
 */
public record Topology(List<Network> networks, List<Interface> interfaces, List<SecurityGroup> securityGroups,
                       List<PublicAddress> publicAddresses, List<Balancer> balancers, List<Peering> peerings, List<InboundNat> inboundNats) {
    public Topology {
        inboundNats = List.copyOf(inboundNats);
        peerings = List.copyOf(peerings);
        networks = List.copyOf(networks);
        interfaces = List.copyOf(interfaces);
        securityGroups = List.copyOf(securityGroups);
        publicAddresses = List.copyOf(publicAddresses);
        balancers = List.copyOf(balancers);
    }

    public static Topology empty() { return new Topology(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()); }

    /** The connected peerings a network takes part in. */
    public List<Peering> peeringsOf(String network) {
        return peerings.stream().filter(p -> p.first().equals(network) || p.second().equals(network)).toList();
    }

    public Optional<Interface> iface(String key) { return interfaces.stream().filter(i -> i.key().equals(key)).findFirst(); }

    public Optional<Network> network(String key) { return networks.stream().filter(n -> n.key().equals(key)).findFirst(); }

    public Optional<SecurityGroup> securityGroup(String key) { return securityGroups.stream().filter(g -> g.key().equals(key)).findFirst(); }

    /** A virtual network: one switch, one router holding every subnet's gateway, and its user-defined routes. */
    public record Network(String key, List<String> addressSpace, List<Subnet> subnets, List<String> dnsServers, List<StaticRoute> routes) {
        public Network {
            addressSpace = List.copyOf(addressSpace);
            subnets = List.copyOf(subnets);
            dnsServers = List.copyOf(dnsServers);
            routes = List.copyOf(routes);
        }
    }

    /** @param securityGroup the key of the subnet's security group, if it has one */
    public record Subnet(String key, String cidr, String gateway, Optional<String> securityGroup) {}

    /** A route of a route table, realized in the router of every network whose subnets use the table. */
    public record StaticRoute(String prefix, String nextHop) {}

    /**
     * A network interface: where its port goes and what it carries.
     *
     * @param securityGroups the keys of the groups that filter it, subnet's first (Azure evaluates both)
     */
    public record Interface(String key, String network, String subnet, String mac, String ip, int prefixLength, String gateway,
                            List<String> dnsServers, List<String> securityGroups) {
        public Interface {
            dnsServers = List.copyOf(dnsServers);
            securityGroups = List.copyOf(securityGroups);
        }
    }

    /** A network security group: its rules and Azure's defaults, in priority order. */
    public record SecurityGroup(String key, List<Rule> rules) {
        public SecurityGroup {
            rules = List.copyOf(rules);
        }
    }

    /**
     * One security rule with its prefixes already resolved to CIDRs ({@code *} and {@code Internet} are
     * {@code 0.0.0.0/0}, {@code VirtualNetwork} the network's address space).
     *
     * @param protocol {@code tcp}, {@code udp}, {@code icmp} or {@code *}
     * @param sourcePorts and {@code destinationPorts}: {@code *}, {@code 80} or {@code 8000-8100}
     */
    public record Rule(String name, int priority, boolean inbound, boolean allow, String protocol, List<String> sourcePrefixes,
                       List<String> sourcePorts, List<String> destinationPrefixes, List<String> destinationPorts) {
        public Rule {
            sourcePrefixes = List.copyOf(sourcePrefixes);
            sourcePorts = List.copyOf(sourcePorts);
            destinationPrefixes = List.copyOf(destinationPrefixes);
            destinationPorts = List.copyOf(destinationPorts);
        }
    }

    /**
     * Two networks peered in both directions (Azure's {@code Connected}) with virtual network access: their routers
     * are joined and each routes the other's address space. {@code first} sorts before {@code second}.
     */
    public record Peering(String first, String second, List<String> firstSpace, List<String> secondSpace) {
        public Peering {
            firstSpace = List.copyOf(firstSpace);
            secondSpace = List.copyOf(secondSpace);
        }
    }

    /** A public address translated one to one to an interface's private address. */
    public record PublicAddress(String key, String address, String network, String privateIp) {}

    /**
     * One load-balancing rule: connections to {@code frontendAddress:frontendPort} go to one of the backends on
     * {@code backendPort}; {@code probePort} (when present) decides which backends are healthy.
     */
    public record Balancer(String key, String network, String frontendAddress, String protocol, int frontendPort, int backendPort,
                           List<String> backends, Optional<Integer> probePort) {
        public Balancer {
            backends = List.copyOf(backends);
        }
    }

    /**
     * An inbound NAT rule of a load balancer: connections to {@code frontendAddress:frontendPort} go to the one
     * interface address that references the rule, on {@code backendPort}.
     *
     * @param protocol {@code tcp}, {@code udp} or {@code all}
     */
    public record InboundNat(String key, String network, String frontendAddress, String protocol, int frontendPort, int backendPort, String backend) {}
}
