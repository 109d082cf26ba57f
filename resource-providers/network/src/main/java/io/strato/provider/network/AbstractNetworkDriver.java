package io.strato.provider.network;

import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.network.PortConfig;

/** What both drivers share: the last applied topology and the addressing of its interfaces. */
abstract class AbstractNetworkDriver implements NetworkDriver {
    protected volatile Topology applied = Topology.empty();

    @Override
    public Topology applied() { return applied; }

    protected Topology.Interface iface(ResourceId nicId) {
        return applied.iface(nicId.key()).orElseThrow(() -> ArmErrorCode.NotFound.exception(
                "The network interface '" + nicId + "' was not found (or is not in a subnet).", "id"));
    }

    @Override
    public PortConfig config(ResourceId nicId) {
        Topology.Interface i = iface(nicId);
        return new PortConfig(i.mac(), i.ip(), i.prefixLength(), i.gateway(), i.dnsServers());
    }
}
