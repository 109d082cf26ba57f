package io.strato.testkit;

import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.network.NamespacePort;
import io.strato.spi.network.NetworkPorts;
import io.strato.spi.network.PortConfig;
import io.strato.spi.network.TapPort;
import java.nio.file.Path;
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

    /** Makes {@code nicId} known with its addressing, as if a tenant had created it. */
    public InMemoryNetworkPorts define(ResourceId nicId, PortConfig config) {
        configs.put(nicId.key(), config);
        return this;
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
