package io.strato.provider.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Chooses how QEMU runs guests: {@code kvm} when the host offers hardware virtualisation that boots a stock
 * kernel, else {@code tcg} (software emulation). {@code /dev/kvm} alone proves nothing: a nested "PVM" host
 * (module {@code kvm_pvm}, no {@code vmx}/{@code svm} CPU flag) has one, yet a stock Debian kernel fails under it.
 * So {@code auto} needs the device, a CPU flag, no PVM module, and then a real trial boot that reaches the guest's
 * init within the probe's time.
 */
final class Accelerator {
    private Accelerator() {}

    /** QEMU's arguments for an accelerator name. */
    static List<String> qemuArguments(String accel) {
        return accel.equals("kvm") ? List.of("-accel", "kvm", "-cpu", "host") : List.of("-accel", "tcg");
    }

    /**
     * @param setting {@code auto}, {@code kvm} or {@code tcg}
     * @param root    the host's root ("/"; a test points it elsewhere)
     * @param trial   boots a probe guest under KVM and answers whether it reached init
     */
    static String choose(String setting, Path root, Predicate<String> trial) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals("kvm") || s.equals("tcg")) return s;
        if (!s.equals("auto")) throw new IllegalArgumentException("strato.compute.accelerator must be auto, kvm or tcg, not '" + setting + "'");
        return hardwareLooksUsable(root) && trial.test("kvm") ? "kvm" : "tcg";
    }

    static boolean hardwareLooksUsable(Path root) {
        Path kvm = root.resolve("dev/kvm");
        if (!Files.exists(kvm) || !Files.isReadable(kvm) || !Files.isWritable(kvm)) return false;
        if (Files.exists(root.resolve("sys/module/kvm_pvm"))) return false;
        try {
            String cpu = Files.readString(root.resolve("proc/cpuinfo"));
            return cpu.lines().anyMatch(l -> l.startsWith("flags") && (l.contains(" vmx") || l.contains(" svm")));
        } catch (IOException e) {
            return false;
        }
    }
}
