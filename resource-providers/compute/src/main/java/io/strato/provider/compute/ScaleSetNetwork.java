package io.strato.provider.compute;

import io.strato.model.ResourceId;
import io.strato.spi.network.NetworkPorts;
import io.strato.spi.network.TapPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ports of scale set instances. Instances have no network interface resources: each network interface
 * configuration of the model becomes a tap on its subnet's bridge leased by {@code Microsoft.Network}
 * ({@link NetworkPorts#attachTapToSubnet}), owned by {@code .../virtualMachines/{id}/networkInterfaces/{config}} and in
 * the configuration's load balancer backend pools. Without the network provider an instance gets one isolated
 * user-mode port.
 */
final class ScaleSetNetwork {
    private final Supplier<Optional<NetworkPorts>> service;

    ScaleSetNetwork(Supplier<Optional<NetworkPorts>> service) { this.service = service; }

    /** The owner of an instance's port for one configuration. */
    static ResourceId owner(ResourceId instance, ScaleSetSpec.NicConfig nic) {
        return instance.child("networkInterfaces", nic.name());
    }

    /** Ports for the instance, primary first; idempotent. */
    List<Machine.Port> attach(ResourceId instance, List<ScaleSetSpec.NicConfig> nics) {
        Optional<NetworkPorts> ports = service.get();
        if (nics.isEmpty() || ports.isEmpty()) {
            return List.of(new Machine.Port(GuestNetwork.macFor(instance.key()), null, "10.0.2.15/24", "10.0.2.2", List.of()));
        }
        List<Machine.Port> out = new ArrayList<>();
        for (ScaleSetSpec.NicConfig nic : nics) {
            TapPort tap = ports.get().attachTapToSubnet(owner(instance, nic), ResourceId.parse(nic.subnetId()),
                    nic.backendPools().stream().map(ResourceId::parse).toList());
            out.add(new Machine.Port(tap.config().mac(), tap.device(), tap.config().cidr(), tap.config().gateway(), tap.config().dnsServers()));
        }
        return out;
    }

    /** Removes the instance's taps and gives their addresses back; idempotent. */
    void release(ResourceId instance, List<ScaleSetSpec.NicConfig> nics) {
        service.get().ifPresent(ports -> nics.forEach(nic -> ports.releaseSubnetPort(owner(instance, nic))));
    }
}
