package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.spi.ResourceProvider;
import io.strato.testkit.InMemoryStoredResources;
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

    @Test
    void every_stored_virtual_machine_is_restored_in_a_step_of_its_own() {
        InMemoryStoredResources stored = new InMemoryStoredResources();
        ComputeProvider provider = new ComputeProvider(Fixtures.CLOCK);
        provider.configure(TestProviderContext.of(dir, Map.of(ComputeProvider.DRIVER_SETTING, "memory")).withResources(stored));
        for (String name : java.util.List.of("vm1", "vm2", "vm3")) {
            stored.put(Fixtures.vm(name), VirtualMachineRequest.parse(Fixtures.vm(name), Fixtures.tinyVm(), java.util.Optional.empty(), Fixtures.NOW).spec());
        }

        var steps = provider.resumeSteps();

        assertThat(steps).extracting(ResourceProvider.ResumeStep::what).containsExactlyInAnyOrder(
                "virtual machine " + Fixtures.vm("vm1"), "virtual machine " + Fixtures.vm("vm2"), "virtual machine " + Fixtures.vm("vm3"));
        steps.forEach(s -> s.work().run());   // none has a machine yet: nothing to boot, and no failure
    }
}
