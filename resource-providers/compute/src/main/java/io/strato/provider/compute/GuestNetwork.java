package io.strato.provider.compute;

import io.strato.model.ResourceId;
import io.strato.spi.ProviderContext;
import io.strato.spi.network.NetworkPorts;
import io.strato.spi.network.TapPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a VM's network interfaces into the ports its guest gets. When {@code Microsoft.Network} offers
 * {@link NetworkPorts}, each NIC becomes a tap on its virtual network's bridge with the NIC's MAC and address;
 * a VM without NICs (or an appliance without the network provider) gets one isolated user-mode port.
 */
public interface GuestNetwork {
    /** Ports for the VM's NICs, primary first; idempotent. */
    List<Machine.Port> attach(ResourceId vm, List<String> nicIds);

    /** Releases every host device {@link #attach} made for these NICs; idempotent. */
    void release(ResourceId vm, List<String> nicIds);

    /** Isolated user-mode networking only (QEMU {@code -netdev user,restrict=on}): nothing to release. */
    static GuestNetwork userMode() {
        return new GuestNetwork() {
            @Override
            public List<Machine.Port> attach(ResourceId vm, List<String> nicIds) { return List.of(userPort(vm)); }

            @Override
            public void release(ResourceId vm, List<String> nicIds) {}
        };
    }

    /** Taps from the network provider, asked for when a VM needs them; user-mode when it is absent. */
    static GuestNetwork of(Supplier<Optional<NetworkPorts>> service) {
        return new GuestNetwork() {
            @Override
            public List<Machine.Port> attach(ResourceId vm, List<String> nicIds) {
                Optional<NetworkPorts> ports = service.get();
                if (nicIds.isEmpty() || ports.isEmpty()) return List.of(userPort(vm));
                List<Machine.Port> out = new ArrayList<>();
                for (String nic : nicIds) {
                    TapPort tap = ports.get().attachTap(ResourceId.parse(nic));
                    out.add(new Machine.Port(tap.config().mac(), tap.device(), tap.config().cidr(), tap.config().gateway(),
                            tap.config().dnsServers()));
                }
                return out;
            }

            @Override
            public void release(ResourceId vm, List<String> nicIds) {
                service.get().ifPresent(ports -> nicIds.forEach(nic -> ports.detach(ResourceId.parse(nic))));
            }
        };
    }

    private static Machine.Port userPort(ResourceId vm) {
        return new Machine.Port(macFor(vm.key()), null, "10.0.2.15/24", "10.0.2.2", List.of());
    }

    /** A stable, locally administered MAC for an id (QEMU's 52:54:00 prefix). */
    static String macFor(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return String.format("52:54:00:%02x:%02x:%02x", h[0], h[1], h[2]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
