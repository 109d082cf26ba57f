package io.strato.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.network.PortConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryNetworkPortsTest {
    private static final ResourceId NIC = ResourceId.resource("sub", "rg", ResourceType.of("Microsoft.Network", "networkInterfaces"), "nic1");
    private static final PortConfig CONFIG = new PortConfig("02:00:0a:00:01:04", "10.0.1.4", 24, "10.0.1.1", List.of());

    @Test
    void a_defined_interface_attaches_as_a_tap_with_its_addressing() {
        InMemoryNetworkPorts ports = new InMemoryNetworkPorts().define(NIC, CONFIG);
        var tap = ports.attachTap(NIC);
        assertThat(tap.config()).isEqualTo(CONFIG);
        assertThat(tap.device().length()).isLessThanOrEqualTo(15);
        assertThat(ports.attachment(NIC)).hasValueSatisfying(a -> assertThat(a.namespace()).isEmpty());
    }

    @Test
    void a_namespace_attachment_is_recorded_and_detach_forgets_it() {
        InMemoryNetworkPorts ports = new InMemoryNetworkPorts().define(NIC, CONFIG);
        var port = ports.attachNamespace(NIC, Path.of("/run/netns/w1"));
        assertThat(port.interfaceName()).isEqualTo("eth0");
        assertThat(ports.attachment(NIC)).hasValueSatisfying(a -> assertThat(a.namespace()).contains(Path.of("/run/netns/w1")));
        ports.detach(NIC);
        ports.detach(NIC);
        assertThat(ports.attachment(NIC)).isEmpty();
    }

    @Test
    void an_unknown_interface_is_not_found() {
        assertThatThrownBy(() -> new InMemoryNetworkPorts().attachTap(NIC)).isInstanceOf(ArmException.class).hasMessageContaining("nic1");
    }
}
