package io.strato.provider.compute;

import io.strato.model.ResourceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a VM's network interfaces into the ports its guest gets. The network provider plugs a NIC into its
 * virtual network's bridge (a tap with the NIC's MAC and IP); without one, every NIC gets isolated
 * user-mode networking, with a MAC derived from the NIC's id.
 */
public interface NetworkPorts {
    /** Ports for the VM's NICs, primary first; idempotent. A VM without NICs gets one isolated user-mode port. */
    List<Machine.Port> attach(ResourceId vm, List<String> nicIds);

    /** Releases every host device {@link #attach} made for the VM; idempotent. */
    void release(ResourceId vm);

    /** User-mode networking only: no host device is made, so nothing needs releasing. */
    static NetworkPorts userMode() {
        return new NetworkPorts() {
            @Override
            public List<Machine.Port> attach(ResourceId vm, List<String> nicIds) {
                List<Machine.Port> ports = new ArrayList<>();
                List<String> names = nicIds.isEmpty() ? List.of(vm.key()) : nicIds;
                for (String nic : names) ports.add(new Machine.Port(macFor(nic), null, ports.isEmpty() ? "10.0.2.15/24" : null, ports.isEmpty() ? "10.0.2.2" : null));
                return ports;
            }

            @Override
            public void release(ResourceId vm) {}
        };
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
