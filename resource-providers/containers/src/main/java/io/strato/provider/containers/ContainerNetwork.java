package io.strato.provider.containers;

import io.strato.model.ResourceId;
import java.util.List;

/**
 * Connects a container group's network namespace: every container of a group joins that one namespace, as in ACI,
 * and the namespace gets the group's address. Implementations: a bridge of the appliance's own
 * ({@link io.strato.provider.containers.oci.HostBridgeNetwork}) for groups with a public or no address, and a
 * virtual network's subnet through {@code Microsoft.Network}'s ports ({@link io.strato.provider.containers.oci.GroupNetworks}).
 * Every method is idempotent.
 */
public interface ContainerNetwork {
    /**
     * Makes the group's namespace exist and be connected; answers the same address for the same group every time.
     *
     * @param key a short, stable, unique key of the group (used in kernel object names)
     * @param subnetIds the subnets the group asked for; empty for a public address
     */
    Attachment attach(String key, ResourceId group, List<String> subnetIds);

    /**
     * Like {@link #attach}, for a group that runs in a virtual machine: a tap device ({@link Attachment#tap}) instead
     * of a namespace.
     */
    default Attachment attachTap(String key, ResourceId group, List<String> subnetIds) {
        throw new UnsupportedOperationException("this network offers no tap devices");
    }

    /** Removes the namespace and its links and releases the address; a group that is not attached is a success. */
    void detach(String key, ResourceId group);

    /**
     * A connected namespace or tap device.
     *
     * @param netnsPath the namespace's path, for the runtime's {@code linux.namespaces}; null for a tap
     * @param ip the group's address
     * @param tap the tap device for a virtual machine; null for a namespace
     * @param gateway the default route a virtual machine configures itself; null for a namespace
     */
    record Attachment(String netnsPath, String ip, String tap, String gateway) {
        public Attachment(String netnsPath, String ip) { this(netnsPath, ip, null, null); }
    }
}
