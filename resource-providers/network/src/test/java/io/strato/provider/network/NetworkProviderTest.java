package io.strato.provider.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.spi.network.NetworkPorts;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkProviderTest {
    @TempDir Path data;

    @Test
    void the_memory_driver_is_chosen_by_setting_and_offered_as_network_ports() {
        NetworkProvider p = new NetworkProvider();
        p.configure(TestProviderContext.of(data, Map.of(NetworkProvider.DRIVER_SETTING, "memory")));
        assertThat(p.driver()).isInstanceOf(InMemoryNetworkDriver.class);
        assertThat(p.service(NetworkPorts.class)).get().isInstanceOf(SubnetPorts.class);
        assertThat(p.service(String.class)).isEmpty();
    }

    @Test
    void the_linux_driver_is_the_default() {
        NetworkProvider p = new NetworkProvider();
        p.configure(TestProviderContext.of(data).withApplianceTag("ab12cd"));
        assertThat(p.driver()).isInstanceOf(LinuxNetworkDriver.class);
    }

    @Test
    void an_unknown_driver_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> new NetworkProvider().configure(TestProviderContext.of(data, Map.of(NetworkProvider.DRIVER_SETTING, "ovs"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linux, memory");
    }

    @Test
    void the_public_pool_comes_from_its_setting_or_from_the_appliance_tag() {
        NetworkProvider p = new NetworkProvider();
        p.configure(TestProviderContext.of(data, Map.of(NetworkProvider.DRIVER_SETTING, "memory", NetworkProvider.PUBLIC_POOL_SETTING, "203.0.113.0/24")));
        assertThat(p.publicPool()).hasToString("203.0.113.0/24");
        assertThat(NetworkProvider.defaultPool("ab12cd")).isNotEqualTo(NetworkProvider.defaultPool("ff00aa"));
        assertThat(new Cidr(Cidr.address("100.64.0.0").orElseThrow(), 10).contains(NetworkProvider.defaultPool("ab12cd"))).isTrue();
    }

    @Test
    void host_names_fit_linux_and_carry_the_appliance_prefix() {
        LinuxNames n = LinuxNames.of("ab12cd");
        for (String name : new String[] {n.bridge("k"), n.routerPort("k"), n.uplink("k"), n.veth("k"), n.tap("k")}) {
            assertThat(name).hasSizeLessThanOrEqualTo(15).startsWith("sab12cd");
            assertThat(n.kindOf(name)).isNotEqualTo((char) 0);
        }
        assertThat(n.kindOf("eth0")).isEqualTo((char) 0);
        assertThat(n.bridge("k")).isNotEqualTo(LinuxNames.of("ab12ce").bridge("k"));
        assertThatThrownBy(() -> LinuxNames.of("toolong1")).isInstanceOf(IllegalArgumentException.class);
    }
}
