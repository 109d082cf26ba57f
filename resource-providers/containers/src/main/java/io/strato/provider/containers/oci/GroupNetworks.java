package io.strato.provider.containers.oci;

import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.provider.containers.ContainerNetwork;
import io.strato.spi.network.NamespacePort;
import io.strato.spi.network.NetworkPorts;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a group's namespace is connected: on its subnet ({@code subnetIds}) through {@code Microsoft.Network}'s
 * {@link NetworkPorts} — the address is leased in the subnet and the subnet's security group filters the port — or,
 * for a public or no address, on the appliance's container bridge ({@link HostBridgeNetwork}).
 */
public final class GroupNetworks implements ContainerNetwork {
    private final HostBridgeNetwork bridge;
    private final Supplier<Optional<NetworkPorts>> ports;

    public GroupNetworks(HostBridgeNetwork bridge, Supplier<Optional<NetworkPorts>> ports) {
        this.bridge = bridge;
        this.ports = ports;
    }

    @Override
    public Attachment attach(String key, ResourceId group, List<String> subnetIds) {
        if (subnetIds.isEmpty()) return bridge.attach(key, group, subnetIds);
        NetworkPorts network = ports.get().orElseThrow(() -> ArmErrorCode.InvalidRequestPropertyValue.exception(
                "Container groups on a subnet need the Microsoft.Network provider, which this appliance does not run.", "properties.subnetIds"));
        ResourceId subnet = parseSubnet(subnetIds.get(0));
        String netns = bridge.ensureNamespace(key);
        NamespacePort port = network.attachNamespaceToSubnet(group, subnet, Path.of(netns), "eth0");
        return new Attachment(netns, port.config().ipAddress());
    }

    @Override
    public Attachment attachTap(String key, ResourceId group, List<String> subnetIds) {
        if (!subnetIds.isEmpty()) {
            throw ArmErrorCode.InvalidRequestPropertyValue.exception(
                    "Container groups isolated in a virtual machine (sku 'Confidential') cannot be on a subnet yet.", "properties.subnetIds");
        }
        return bridge.attachTap(key, group, subnetIds);
    }

    @Override
    public void detach(String key, ResourceId group) {
        ports.get().ifPresent(p -> p.releaseSubnetPort(group));
        bridge.detach(key, group);
        bridge.removeBridgeIfUnused();
    }

    private static ResourceId parseSubnet(String id) {
        try {
            ResourceId subnet = ResourceId.parse(id);
            if (subnet.type().typePath().equalsIgnoreCase("virtualNetworks/subnets")) return subnet;
        } catch (RuntimeException e) {
            // reported below
        }
        throw ArmErrorCode.InvalidRequestPropertyValue.exception("The subnet id '" + id + "' is not the id of a virtual network's subnet.",
                "properties.subnetIds");
    }
}
