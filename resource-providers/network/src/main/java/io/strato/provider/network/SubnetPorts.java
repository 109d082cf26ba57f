package io.strato.provider.network;

import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.StoredResource;
import io.strato.spi.network.NamespacePort;
import io.strato.spi.network.NetworkPorts;
import io.strato.spi.network.PortConfig;
import io.strato.spi.network.TapPort;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link NetworkPorts} other providers get: the driver's interface ports, plus subnet ports for workloads that
 * sit on a subnet without an interface resource ({@link #attachNamespaceToSubnet}, {@link #attachTapToSubnet}). A subnet port leases an address
 * ({@link SubnetLeases}), re-applies the topology with the lease as an interface, and attaches like an interface.
 */
final class SubnetPorts implements NetworkPorts {
    private final NetworkProvider provider;
    private final NetworkDriver driver;

    SubnetPorts(NetworkProvider provider, NetworkDriver driver) {
        this.provider = provider;
        this.driver = driver;
    }

    @Override public TapPort attachTap(ResourceId nicId) { return driver.attachTap(nicId); }

    @Override public NamespacePort attachNamespace(ResourceId nicId, Path netnsPath, String interfaceName) {
        return driver.attachNamespace(nicId, netnsPath, interfaceName);
    }

    @Override public void detach(ResourceId nicId) { driver.detach(nicId); }

    @Override public PortConfig config(ResourceId nicId) { return driver.config(nicId); }

    @Override
    public NamespacePort attachNamespaceToSubnet(ResourceId owner, ResourceId subnetId, Path netnsPath, String interfaceName) {
        lease(owner, subnetId, java.util.List.of());
        return driver.attachNamespace(owner, netnsPath, interfaceName);
    }

    @Override
    public TapPort attachTapToSubnet(ResourceId owner, ResourceId subnetId, java.util.List<ResourceId> backendPools) {
        lease(owner, subnetId, backendPools.stream().map(ResourceId::key).toList());
        return driver.attachTap(owner);
    }

    /** Leases an address in the subnet for {@code owner} (kept while it lasts) and puts the lease in the applied topology. */
    private void lease(ResourceId owner, ResourceId subnetId, java.util.List<String> pools) {
        SubnetLeases leases = provider.leases();
        String ownerKey = owner.key();
        var existing = leases.get(ownerKey).filter(l -> l.subnetId().equalsIgnoreCase(subnetId.key()));
        if (existing.isPresent() && !existing.get().backendPools().equals(pools)) {
            SubnetLeases.Lease l = existing.get();
            leases.put(ownerKey, new SubnetLeases.Lease(l.owner(), l.subnetId(), l.ip(), l.mac(), pools));
            driver.apply(TopologyBuilder.build(provider.stored(), Optional.empty(), leases));
        } else if (existing.isEmpty()) {
            // lock the virtual network as interface allocation does, so two requests never take one address
            StoredResource vnet = provider.stored().findForUpdate(subnetId.parent()).orElseThrow(() -> notFound(subnetId));
            Cidr prefix = provider.subnetPrefix(vnet, subnetId).orElseThrow(() -> notFound(subnetId));
            Set<Long> used = new HashSet<>(provider.addressesInUse(subnetId, prefix, null));
            long address = -1;
            for (long a = prefix.firstAssignable(); a <= prefix.lastAssignable(); a++) {
                if (!used.contains(a)) {
                    address = a;
                    break;
                }
            }
            if (address < 0) {
                throw ArmErrorCode.SubnetIsFull.exception("Subnet " + subnetId.name() + " with address prefix " + prefix
                        + " does not have enough capacity for 1 IP addresses.", "subnetIds");
            }
            String h = LinuxNames.hash(ownerKey);
            String mac = String.format(Locale.ROOT, "02:5a:%s:%s:%s:%s", h.substring(0, 2), h.substring(2, 4), h.substring(4, 6), h.substring(6, 7) + "0");
            leases.remove(ownerKey);
            leases.put(ownerKey, new SubnetLeases.Lease(owner.toString(), subnetId.key(), Cidr.format(address), mac, pools));
            driver.apply(TopologyBuilder.build(provider.stored(), Optional.empty(), leases));
        } else if (driver.applied().iface(ownerKey).isEmpty()) {
            driver.apply(TopologyBuilder.build(provider.stored(), Optional.empty(), leases));
        }
    }

    @Override
    public void releaseSubnetPort(ResourceId owner) {
        if (provider.leases().get(owner.key()).isEmpty()) return;
        driver.detach(owner);
        provider.leases().remove(owner.key());
        driver.apply(TopologyBuilder.build(provider.stored(), Optional.empty(), provider.leases()));
    }

    private static RuntimeException notFound(ResourceId subnetId) {
        return ArmErrorCode.NotFound.exception("The subnet '" + subnetId + "' was not found.", "subnetIds");
    }
}
