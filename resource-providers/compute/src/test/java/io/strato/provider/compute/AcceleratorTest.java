package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KVM is used only when the host really offers it and a trial boot works; /dev/kvm alone is not enough. */
class AcceleratorTest {
    @TempDir Path root;

    private void host(boolean kvmDevice, boolean vmxFlag, boolean pvmModule) throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("proc"));
        if (kvmDevice) Files.writeString(root.resolve("dev/kvm"), "");
        Files.writeString(root.resolve("proc/cpuinfo"), "processor : 0\nflags\t\t: fpu vme de pse tsc msr" + (vmxFlag ? " vmx" : "") + " sse2\n");
        if (pvmModule) Files.createDirectories(root.resolve("sys/module/kvm_pvm"));
    }

    @Test
    void a_pvm_host_with_dev_kvm_runs_guests_under_tcg_without_trying() throws IOException {
        host(true, false, true);
        AtomicBoolean tried = new AtomicBoolean();

        assertThat(Accelerator.choose("auto", root, a -> tried.getAndSet(true) || true)).isEqualTo("tcg");
        assertThat(tried).isFalse();
    }

    @Test
    void a_host_with_virtualisation_uses_kvm_when_the_trial_boot_works() throws IOException {
        host(true, true, false);

        assertThat(Accelerator.choose("auto", root, a -> true)).isEqualTo("kvm");
    }

    @Test
    void a_failed_trial_boot_falls_back_to_tcg() throws IOException {
        host(true, true, false);

        assertThat(Accelerator.choose("auto", root, a -> false)).isEqualTo("tcg");
    }

    @Test
    void without_dev_kvm_guests_run_under_tcg() throws IOException {
        host(false, true, false);

        assertThat(Accelerator.choose("auto", root, a -> true)).isEqualTo("tcg");
    }

    @Test
    void an_explicit_setting_wins_and_a_wrong_one_is_refused() {
        assertThat(Accelerator.choose("TCG", root, a -> true)).isEqualTo("tcg");
        assertThat(Accelerator.choose("kvm", root, a -> false)).isEqualTo("kvm");
        assertThatThrownBy(() -> Accelerator.choose("hvf", root, a -> true)).isInstanceOf(IllegalArgumentException.class);
    }
}
