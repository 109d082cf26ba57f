package io.strato.provider.network;

import io.strato.model.ResourceId;
import io.strato.spi.network.NamespacePort;
import io.strato.spi.network.TapPort;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link NetworkDriver} that only remembers: for unit tests of handlers and of workload providers. */
public final class InMemoryNetworkDriver extends AbstractNetworkDriver {
    /** Where an interface is plugged in. */
    public record Attachment(String device, Optional<Path> namespace, Optional<String> interfaceName) {}

    private final Map<String, Attachment> attachments = new ConcurrentHashMap<>();
    private volatile int applies;

    @Override
    public synchronized void apply(Topology topology) {
        applied = topology;
        attachments.keySet().removeIf(k -> topology.iface(k).isEmpty());
        applies++;
    }

    /** How often {@link #apply} ran. */
    public int applies() { return applies; }

    public Optional<Attachment> attachment(ResourceId nicId) { return Optional.ofNullable(attachments.get(nicId.key())); }

    @Override
    public TapPort attachTap(ResourceId nicId) {
        var config = config(nicId);
        String device = LinuxNames.of("strato").tap(nicId.key());
        attachments.put(nicId.key(), new Attachment(device, Optional.empty(), Optional.empty()));
        return new TapPort(device, config);
    }

    @Override
    public NamespacePort attachNamespace(ResourceId nicId, Path netnsPath, String interfaceName) {
        var config = config(nicId);
        String device = LinuxNames.of("strato").veth(nicId.key());
        attachments.put(nicId.key(), new Attachment(device, Optional.of(netnsPath), Optional.of(interfaceName)));
        return new NamespacePort(interfaceName, device, config);
    }

    @Override
    public void detach(ResourceId nicId) { attachments.remove(nicId.key()); }

    @Override
    public void destroyAll() {
        attachments.clear();
        applied = Topology.empty();
    }
}
