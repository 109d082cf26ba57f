package io.strato.spi.network;

import io.strato.model.ResourceId;
import java.nio.file.Path;

/**
 * How a workload provider (virtual machines, containers) plugs a workload into a network interface
 * ({@code Microsoft.Network/networkInterfaces}) that a tenant created. {@code Microsoft.Network} offers it through
 * {@link io.strato.spi.ProviderContext#service(Class)}:
 *
 * <pre>{@code
 * NetworkPorts ports = context.service(NetworkPorts.class).orElseThrow();
 * TapPort tap = ports.attachTap(nicId);              // QEMU: -netdev tap,ifname=tap.device() ... mac=tap.config().mac()
 * NamespacePort p = ports.attachNamespace(nicId, Path.of("/run/netns/ctr1"));   // runc: eth0 inside the netns
 * ports.detach(nicId);                               // when the VM or container goes
 * }</pre>
 *
 * <p>The port sits on the interface's virtual network, carries the interface's MAC and private IP, and is filtered
 * by its network security group (and its subnet's). Every method is idempotent: attaching an attached interface the
 * same way returns the same port; attaching it elsewhere moves it. Detaching an unattached interface is a no-op.
 * A port is re-created after an appliance restart only while its interface exists; the workload's own
 * provider re-attaches its workloads when it resumes.
 */
public interface NetworkPorts {
    /**
     * A tap device on the virtual network's bridge for {@code nicId}; the caller opens it (QEMU {@code -netdev tap})
     * and gives the guest {@link PortConfig#mac()}. The guest configures {@link PortConfig} itself (static or DHCP).
     *
     * @throws io.strato.model.ArmException {@code NotFound} when the interface does not exist
     */
    TapPort attachTap(ResourceId nicId);

    /**
     * Moves a veth end into the network namespace at {@code netnsPath} (e.g. {@code /run/netns/x} or
     * {@code /proc/<pid>/ns/net}), named {@code interfaceName}, with the interface's address, the
     * default route through the subnet's gateway, and the link up: the workload only has to use it.
     *
     * @throws io.strato.model.ArmException {@code NotFound} when the interface does not exist
     */
    NamespacePort attachNamespace(ResourceId nicId, Path netnsPath, String interfaceName);

    /** {@link #attachNamespace(ResourceId, Path, String)} as {@code eth0}. */
    default NamespacePort attachNamespace(ResourceId nicId, Path netnsPath) { return attachNamespace(nicId, netnsPath, "eth0"); }

    /**
     * A veth end for a workload that sits directly on a subnet without a network interface resource of its own (a
     * container group on a subnet, as Azure Container Instances does): the network provider leases an address in the
     * subnet for {@code owner} (the same one on every call while the lease exists), puts the port on the subnet's
     * virtual network, filters it by the subnet's network security group, and counts the address as taken in the
     * subnet (which then cannot be deleted while the lease exists). Call it inside the transaction that stores the owner.
     *
     * @throws io.strato.model.ArmException {@code NotFound} when the subnet does not exist, {@code SubnetIsFull} when
     *         it has no free address
     * @throws UnsupportedOperationException when this network offers no subnet ports
     */
    default NamespacePort attachNamespaceToSubnet(ResourceId owner, ResourceId subnetId, Path netnsPath, String interfaceName) {
        throw new UnsupportedOperationException("this network offers no subnet ports");
    }

    /**
     * A tap device for a guest that sits directly on a subnet without a network interface resource of its own (an
     * instance of a virtual machine scale set): the address lease works as {@link #attachNamespaceToSubnet}, and the
     * port joins the load balancers' {@code backendPools} (backend address pool ids), as an interface's IP
     * configuration would. Attaching again returns the same port. Call it inside the transaction that stores the owner.
     *
     * @throws io.strato.model.ArmException {@code NotFound} when the subnet does not exist, {@code SubnetIsFull} when
     *         it has no free address
     * @throws UnsupportedOperationException when this network offers no subnet ports
     */
    default TapPort attachTapToSubnet(ResourceId owner, ResourceId subnetId, java.util.List<ResourceId> backendPools) {
        throw new UnsupportedOperationException("this network offers no subnet ports");
    }

    /** Removes the port of {@link #attachNamespaceToSubnet} or {@link #attachTapToSubnet} and releases its address; an owner without one is a no-op. */
    default void releaseSubnetPort(ResourceId owner) {}

    /** Removes the port the interface is attached with (tap or veth); the interface itself stays. */
    void detach(ResourceId nicId);

    /** The addressing of an interface, whether or not it is attached. */
    PortConfig config(ResourceId nicId);
}
