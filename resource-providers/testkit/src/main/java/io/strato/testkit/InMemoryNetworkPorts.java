package io.strato.testkit;

import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.network.NamespacePort;
import io.strato.spi.network.NetworkPorts;
import io.strato.spi.network.PortConfig;
import io.strato.spi.network.TapPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link NetworkPorts} for the unit tests of workload providers: declare interfaces with {@link #define}, then
 * check what was attached with {@link #attachment}. Names follow the Linux driver's rules (at most 15 characters)
 * but nothing touches the host.
 */
public final class InMemoryNetworkPorts implements NetworkPorts {
    /** Where an interface is plugged in: a tap device, or a namespace path and the name inside it. */
    public record Attachment(String device, Optional<Path> namespace, Optional<String> interfaceName) {}

    private final Map<String, PortConfig> configs = new ConcurrentHashMap<>();
    private final Map<String, Attachment> attached = new ConcurrentHashMap<>();
    private final Map<String, String> subnets = new ConcurrentHashMap<>();
    private final Map<String, List<String>> pools = new ConcurrentHashMap<>();

    /** Makes {@code nicId} known with its addressing, as if a tenant had created it. */
    public InMemoryNetworkPorts define(ResourceId nicId, PortConfig config) {
        configs.put(nicId.key(), config);
        return this;
    }

    /**
     * Makes a subnet known for {@link #attachTapToSubnet}: {@code network} is its first three octets
     * ({@code 10.0.1}); leases get {@code .4}, {@code .5}, ... and the gateway is {@code .1}, as in Azure.
     */
    public InMemoryNetworkPorts defineSubnet(ResourceId subnetId, String network) {
        subnets.put(subnetId.key(), network);
        return this;
    }

    /** The backend pools (keys) a subnet port's owner joined; empty when it has no port. */
    public List<String> backendPools(ResourceId owner) { return pools.getOrDefault(owner.key(), List.of()); }

    @Override
    public synchronized TapPort attachTapToSubnet(ResourceId owner, ResourceId subnetId, List<ResourceId> backendPools) {
        String network = subnets.get(subnetId.key());
        if (network == null) throw ArmErrorCode.NotFound.exception("The subnet '" + subnetId + "' was not found.", "subnetIds");
        if (!configs.containsKey(owner.key())) {
            long taken = configs.values().stream().filter(c -> c.ipAddress().startsWith(network + ".")).count();
            String mac = String.format("02:5a:00:00:%02x:%02x", (owner.key().hashCode() >> 8) & 0xff, owner.key().hashCode() & 0xff);
            configs.put(owner.key(), new PortConfig(mac, network + "." + (4 + taken), 24, network + ".1", List.of()));
        }
        pools.put(owner.key(), backendPools.stream().map(ResourceId::key).toList());
        return attachTap(owner);
    }

    @Override
    public void releaseSubnetPort(ResourceId owner) {
        attached.remove(owner.key());
        configs.remove(owner.key());
        pools.remove(owner.key());
    }

    /** What {@code nicId} is attached to now, if anything. */
    public Optional<Attachment> attachment(ResourceId nicId) { return Optional.ofNullable(attached.get(nicId.key())); }

    @Override
    public TapPort attachTap(ResourceId nicId) {
        PortConfig c = config(nicId);
        String device = "tap" + Integer.toHexString(nicId.key().hashCode());
        attached.put(nicId.key(), new Attachment(device, Optional.empty(), Optional.empty()));
        return new TapPort(device, c);
    }

    @Override
    public NamespacePort attachNamespace(ResourceId nicId, Path netnsPath, String interfaceName) {
        PortConfig c = config(nicId);
        String device = "veth" + Integer.toHexString(nicId.key().hashCode());
        attached.put(nicId.key(), new Attachment(device, Optional.of(netnsPath), Optional.of(interfaceName)));
        return new NamespacePort(interfaceName, device, c);
    }

    @Override
    public void detach(ResourceId nicId) { attached.remove(nicId.key()); }

    @Override
    public PortConfig config(ResourceId nicId) {
        PortConfig c = configs.get(nicId.key());
        if (c == null) throw ArmErrorCode.NotFound.exception("The network interface '" + nicId + "' was not found.", "id");
        return c;
    }
}
