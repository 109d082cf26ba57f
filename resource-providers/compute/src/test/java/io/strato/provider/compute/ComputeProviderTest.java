package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver table and what the provider serves. */
class ComputeProviderTest {
    @TempDir Path dir;

    @Test
    void an_unknown_driver_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> new ComputeProvider().configure(TestProviderContext.of(dir, Map.of(ComputeProvider.DRIVER_SETTING, "vmware"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown strato.compute.driver 'vmware'; the drivers are memory, qemu.");
    }

    @Test
    void the_default_driver_is_qemu() {
        assertThat(ComputeProvider.DEFAULT_DRIVER).isEqualTo("qemu");
        assertThat(ComputeProvider.DRIVERS).containsKeys("qemu", "memory");
    }

    @Test
    void virtual_machines_are_served_with_their_views_and_actions() {
        ComputeProvider provider = Fixtures.memoryProvider(dir);

        assertThat(provider.namespace()).isEqualTo("Microsoft.Compute");
        assertThat(provider.resourceTypes()).extracting(h -> h.type().toString()).contains("Microsoft.Compute/virtualMachines");
        assertThat(provider.virtualMachines().views()).extracting(v -> v.path()).containsExactly(java.util.List.of("instanceView"));
        assertThat(provider.virtualMachines().actions()).extracting(a -> a.name())
                .contains("start", "powerOff", "restart", "deallocate", "redeploy", "retrieveBootDiagnosticsData");
        assertThat(provider.queries()).extracting(q -> q.path()).contains("locations/{location}/vmSizes", "skus");
    }
}
