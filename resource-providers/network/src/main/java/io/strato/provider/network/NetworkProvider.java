package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.ExternalClient;
import io.strato.spi.ProviderContext;
import io.strato.spi.ResourceProvider;
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.StoredResource;
import io.strato.spi.StoredResources;
import io.strato.spi.network.NetworkPorts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code Microsoft.Network} namespace: virtual networks and subnets, security groups and rules, network
 * interfaces, public addresses, route tables, load balancers and peerings. The driver named by
 * {@value #DRIVER_SETTING} ({@value #DEFAULT_DRIVER} when unset) realizes them; other providers plug workloads in
 * through {@link NetworkPorts} ({@link #service}).
 */
public final class NetworkProvider implements ResourceProvider {
    public static final String NAMESPACE = "Microsoft.Network";
    public static final String DRIVER_SETTING = "strato.network.driver";
    public static final String DEFAULT_DRIVER = "linux";
    /** The IPv4 prefix public addresses are taken from; by default a /24 of 100.64.0.0/10 derived from the appliance tag. */
    public static final String PUBLIC_POOL_SETTING = "strato.network.public-ip-pool";

    /** The drivers {@value #DRIVER_SETTING} can name. */
    static final Map<String, Function<ProviderContext, NetworkDriver>> DRIVERS = Map.of(
            "linux", context -> new LinuxNetworkDriver(context.applianceTag(), new CommandRunner.Local()),
            "memory", context -> new InMemoryNetworkDriver());

    static final ResourceType COMPUTE_VMS = ResourceType.of("Microsoft.Compute", "virtualMachines");

    private final VirtualNetworkHandler networks = new VirtualNetworkHandler(this);
    private final SecurityGroupHandler securityGroups = new SecurityGroupHandler(this);
    private final NetworkInterfaceHandler interfaces = new NetworkInterfaceHandler(this);
    private final PublicIpHandler publicIps = new PublicIpHandler(this);
    private final RouteTableHandler routeTables = new RouteTableHandler(this);
    private final LoadBalancerHandler balancers = new LoadBalancerHandler(this);
    private final PeeringHandler peerings = new PeeringHandler(this);
    private final List<ResourceTypeHandler<?>> types = List.of(networks, securityGroups, interfaces, publicIps, routeTables, balancers, peerings);

    private volatile ProviderContext context;
    private volatile NetworkDriver driver;
    private volatile TopologyClient client;
    private volatile Cidr publicPool;
    private volatile SubnetLeases leases = new SubnetLeases(null);

    @Override public String namespace() { return NAMESPACE; }

    @Override public List<ResourceTypeHandler<?>> resourceTypes() { return types; }

    /**
     * Chooses the driver.
     *
     * @throws IllegalArgumentException when {@value #DRIVER_SETTING} names no known driver or the pool is not a prefix
     */
    @Override
    public void configure(ProviderContext context) {
        String name = context.setting(DRIVER_SETTING).map(String::trim).filter(s -> !s.isEmpty()).orElse(DEFAULT_DRIVER).toLowerCase(Locale.ROOT);
        var factory = DRIVERS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown " + DRIVER_SETTING + " '" + name + "'; the drivers are " + String.join(", ", new TreeSet<>(DRIVERS.keySet())) + ".");
        }
        configure(context, factory.apply(context));
    }

    /** Uses {@code driver} (tests hand in their own). */
    void configure(ProviderContext context, NetworkDriver driver) {
        this.context = context;
        this.driver = driver;
        this.client = new TopologyClient(this, driver);
        this.leases = new SubnetLeases(driver instanceof InMemoryNetworkDriver ? null : context.dataDirectory().resolve("subnet-leases.json"));
        this.publicPool = context.setting(PUBLIC_POOL_SETTING).map(p -> Cidr.tryParse(p).orElseThrow(() ->
                new IllegalArgumentException(PUBLIC_POOL_SETTING + " '" + p + "' is not an IPv4 prefix"))).orElseGet(() -> defaultPool(context.applianceTag()));
    }

    /** 100.64.0.0/10 split into /24s, one chosen by the tag, so two appliances on one host rarely share a pool. */
    static Cidr defaultPool(String tag) {
        int h = Math.floorMod(tag.hashCode(), 64 * 256);
        return new Cidr(Cidr.address("100.64.0.0").orElseThrow() + ((long) h << 8), 24);
    }

    /** Re-creates every network, rule and translation from the stored state. */
    @Override
    public void resume() { driver.apply(TopologyBuilder.build(stored(), Optional.empty(), leases)); }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return type == NetworkPorts.class && driver != null ? Optional.of(type.cast(new SubnetPorts(this, driver))) : Optional.empty();
    }

    /** Addresses leased in subnets to workloads without an interface resource (container groups). */
    SubnetLeases leases() { return leases; }

    NetworkDriver driver() { return driver; }

    ExternalClient<NetworkSpec> client() {
        if (client == null) throw new IllegalStateException("NetworkProvider.configure(ProviderContext) has not been called");
        return client;
    }

    StoredResources stored() { return context == null ? StoredResources.NONE : context.resources(); }

    String location() { return context.setting("strato.location").orElse("local"); }

    String dnsSuffix() { return context.storageEndpointSuffix().replaceFirst("^storage\\.", ""); }

    Cidr publicPool() { return publicPool; }

    // ---- cross-resource reads ----

    private List<StoredResource> all(ResourceId near, ResourceType type) { return stored().list(near.subscriptionId(), type); }

    static List<JsonNode> ipConfigurations(StoredResource nic) {
        List<JsonNode> out = new ArrayList<>();
        nic.spec().path("body").path("properties").path("ipConfigurations").forEach(out::add);
        return out;
    }

    static JsonNode props(StoredResource r) { return r.spec().path("body").path("properties"); }

    static boolean refers(JsonNode node, String field, ResourceId id) {
        return node.path(field).path("id").asText().equalsIgnoreCase(id.toString());
    }

    Optional<Cidr> subnetPrefix(StoredResource vnet, ResourceId subnetId) {
        for (JsonNode s : props(vnet).path("subnets")) {
            if (s.path("name").asText().equalsIgnoreCase(subnetId.name())) {
                String p = s.path("properties").has("addressPrefix") ? s.path("properties").path("addressPrefix").asText()
                        : s.path("properties").path("addressPrefixes").path(0).asText();
                return Cidr.tryParse(p);
            }
        }
        return Optional.empty();
    }

    List<Cidr> addressSpace(StoredResource vnet) {
        List<Cidr> out = new ArrayList<>();
        props(vnet).path("addressSpace").path("addressPrefixes").forEach(p -> Cidr.tryParse(p.asText()).ifPresent(out::add));
        return out;
    }

    /** Addresses taken in a subnet by interfaces and private load-balancer frontends, except by {@code except}. */
    Set<Long> addressesInUse(ResourceId subnetId, Cidr subnet, ResourceId except) {
        Set<Long> used = new HashSet<>();
        for (StoredResource nic : all(subnetId, NetworkInterfaceHandler.TYPE)) {
            if (nic.id().equals(except)) continue;
            for (JsonNode c : ipConfigurations(nic)) {
                if (refers(c.path("properties"), "subnet", subnetId)) Cidr.address(c.path("properties").path("privateIPAddress").asText()).ifPresent(used::add);
            }
        }
        for (StoredResource lb : all(subnetId, LoadBalancerHandler.TYPE)) {
            if (lb.id().equals(except)) continue;
            for (JsonNode f : props(lb).path("frontendIPConfigurations")) {
                if (refers(f.path("properties"), "subnet", subnetId)) Cidr.address(f.path("properties").path("privateIPAddress").asText()).ifPresent(used::add);
            }
        }
        for (SubnetLeases.Lease l : leases.inSubnet(subnetId.key())) Cidr.address(l.ip()).ifPresent(used::add);
        return used;
    }

    /** The NIC IP configurations in a subnet. */
    List<String> ipConfigurationsIn(ResourceId subnetId) {
        List<String> out = new ArrayList<>();
        for (StoredResource nic : all(subnetId, NetworkInterfaceHandler.TYPE)) {
            for (JsonNode c : ipConfigurations(nic)) {
                if (refers(c.path("properties"), "subnet", subnetId)) out.add(nic.id() + "/ipConfigurations/" + c.path("name").asText());
            }
        }
        return out;
    }

    /** Everything that has an address in a subnet: NIC IP configurations and load-balancer frontends. */
    List<String> usersOfSubnet(ResourceId subnetId) {
        List<String> out = ipConfigurationsIn(subnetId);
        leases.inSubnet(subnetId.key()).forEach(l -> out.add(l.owner()));
        for (StoredResource lb : all(subnetId, LoadBalancerHandler.TYPE)) {
            for (JsonNode f : props(lb).path("frontendIPConfigurations")) {
                if (refers(f.path("properties"), "subnet", subnetId)) out.add(lb.id() + "/frontendIPConfigurations/" + f.path("name").asText());
            }
        }
        return out;
    }

    List<String> interfacesUsingSecurityGroup(ResourceId nsg) {
        return all(nsg, NetworkInterfaceHandler.TYPE).stream().filter(n -> refers(props(n), "networkSecurityGroup", nsg)).map(n -> n.id().toString()).toList();
    }

    List<String> subnetsUsingSecurityGroup(ResourceId nsg) { return subnetsReferring(nsg, "networkSecurityGroup"); }

    List<String> subnetsUsingRouteTable(ResourceId table) { return subnetsReferring(table, "routeTable"); }

    private List<String> subnetsReferring(ResourceId target, String field) {
        List<String> out = new ArrayList<>();
        for (StoredResource vnet : all(target, VirtualNetworkHandler.TYPE)) {
            for (JsonNode s : props(vnet).path("subnets")) {
                if (refers(s.path("properties"), field, target)) out.add(vnet.id() + "/subnets/" + s.path("name").asText());
            }
        }
        return out;
    }

    List<String> usersOfSecurityGroup(ResourceId nsg) {
        List<String> out = new ArrayList<>(subnetsUsingSecurityGroup(nsg));
        out.addAll(interfacesUsingSecurityGroup(nsg));
        return out;
    }

    /** The IP configuration (of an interface or a load balancer's frontend) a public address is attached to. */
    Optional<String> publicAddressUser(ResourceId pip) {
        for (StoredResource nic : all(pip, NetworkInterfaceHandler.TYPE)) {
            for (JsonNode c : ipConfigurations(nic)) {
                if (refers(c.path("properties"), "publicIPAddress", pip)) return Optional.of(nic.id() + "/ipConfigurations/" + c.path("name").asText());
            }
        }
        for (StoredResource lb : all(pip, LoadBalancerHandler.TYPE)) {
            for (JsonNode f : props(lb).path("frontendIPConfigurations")) {
                if (refers(f.path("properties"), "publicIPAddress", pip)) return Optional.of(lb.id() + "/frontendIPConfigurations/" + f.path("name").asText());
            }
        }
        return Optional.empty();
    }

    void requirePublicAddressFree(ResourceId pip, ResourceId configId) {
        publicAddressUser(pip).filter(user -> !ResourceId.parse(user).parent().equals(configId.parent())).ifPresent(user -> {
            throw ArmErrorCode.PublicIPAddressInUse.exception("Resource " + configId + " is referencing public IP address " + pip
                    + " that is already allocated to resource " + user + ".", "publicIPAddress");
        });
    }

    /** The interface IP configurations in a backend pool. */
    List<String> poolMembers(ResourceId pool) {
        List<String> out = new ArrayList<>();
        for (StoredResource nic : all(pool, NetworkInterfaceHandler.TYPE)) {
            for (JsonNode c : ipConfigurations(nic)) {
                for (JsonNode p : c.path("properties").path("loadBalancerBackendAddressPools")) {
                    if (p.path("id").asText().equalsIgnoreCase(pool.toString())) out.add(nic.id() + "/ipConfigurations/" + c.path("name").asText());
                }
            }
        }
        return out;
    }

    /** The IP configuration (its id) that an inbound NAT rule forwards to, if an interface references the rule. */
    Optional<String> natRuleMember(ResourceId rule) {
        for (StoredResource nic : all(rule, NetworkInterfaceHandler.TYPE)) {
            for (JsonNode c : ipConfigurations(nic)) {
                for (JsonNode r : c.path("properties").path("loadBalancerInboundNatRules")) {
                    if (r.path("id").asText().equalsIgnoreCase(rule.toString())) return Optional.of(nic.id() + "/ipConfigurations/" + c.path("name").asText());
                }
            }
        }
        return Optional.empty();
    }

    /** Virtual machines whose stored definition names the interface. */
    List<String> workloadsUsing(ResourceId nic) {
        String needle = nic.toString().toLowerCase(Locale.ROOT);
        return all(nic, COMPUTE_VMS).stream().filter(vm -> vm.spec().toString().toLowerCase(Locale.ROOT).contains(needle)).map(vm -> vm.id().toString()).toList();
    }

    boolean peersBack(ResourceId remote, ResourceId local) {
        return all(remote, PeeringHandler.TYPE).stream().anyMatch(p -> p.id().parent().equals(remote) && refers(props(p), "remoteVirtualNetwork", local));
    }

    /** The first free address of the public pool (skipping the network address and its first three, as Azure does in subnets). */
    String allocatePublicAddress(ResourceId id) {
        Set<Long> used = new HashSet<>();
        for (StoredResource pip : stored().listAll(PublicIpHandler.TYPE)) {
            if (!pip.id().equals(id)) Cidr.address(props(pip).path("ipAddress").asText()).ifPresent(used::add);
        }
        for (long a = publicPool.firstAssignable(); a <= publicPool.lastAssignable(); a++) if (!used.contains(a)) return Cidr.format(a);
        throw ArmErrorCode.PublicIPAddressPoolExhausted.exception("The appliance's public address pool " + publicPool + " has no free address.");
    }
}
