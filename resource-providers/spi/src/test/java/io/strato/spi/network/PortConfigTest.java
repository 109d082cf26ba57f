package io.strato.spi.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortConfigTest {
    @Test
    void the_cidr_joins_address_and_prefix_length() {
        assertThat(new PortConfig("02:00:00:00:00:01", "10.0.1.4", 24, "10.0.1.1", List.of()).cidr()).isEqualTo("10.0.1.4/24");
    }

    @Test
    void dns_servers_are_copied_so_the_caller_cannot_change_them_later() {
        List<String> dns = new ArrayList<>(List.of("10.0.0.10"));
        PortConfig c = new PortConfig("02:00:00:00:00:01", "10.0.1.4", 24, "10.0.1.1", dns);
        dns.add("8.8.8.8");
        assertThat(c.dnsServers()).containsExactly("10.0.0.10");
        assertThatThrownBy(() -> c.dnsServers().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
