package io.strato.provider.containers.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a VM-isolated container: a small QEMU guest ({@link GuestImage}: Debian's kernel and a busybox init) per
 * container group, which mounts the container's root filesystem and its process description over 9p, runs the
 * process in a chroot and powers off when it ends. The guest's serial console is the container's log; its markers
 * ({@code STRATO_CONTAINER_STARTED}, {@code STRATO_CONTAINER_EXIT n}) tell the state. QEMU runs daemonized, so a
 * restart of the appliance neither stops nor duplicates it. TCG (software emulation) unless {@code accel} says kvm.
 */
final class QemuRunner {
    static final String STARTED = "STRATO_CONTAINER_STARTED";
    private static final Pattern EXIT = Pattern.compile("STRATO_CONTAINER_EXIT (\\d+)");

    private final GuestImage guest;
    private final String accel;

    QemuRunner(GuestImage guest, String accel) {
        this.guest = guest;
        this.accel = accel;
    }

    GuestImage guest() { return guest; }

    /** Starts the guest for one container; returns once QEMU has daemonized. */
    void launch(Path bundle, Path rootfs, Path log, List<String> args, List<String> env, String hostname, String tap,
                String ip, String gateway, long memoryBytes, double cpus) {
        try {
            Path spec = bundle.resolve("spec");
            Files.createDirectories(spec);
            Files.writeString(spec.resolve("args"), String.join("\n", args) + "\n");
            Files.writeString(spec.resolve("env"), String.join("\n", env) + "\n");
            Files.setPosixFilePermissions(spec.resolve("env"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.deleteIfExists(bundle.resolve("exit"));
            Files.deleteIfExists(bundle.resolve("qemu.pid"));
            Files.deleteIfExists(bundle.resolve("console"));
            Files.createSymbolicLink(bundle.resolve("console"), log);
            long mb = Math.max(128, memoryBytes / (1024 * 1024));
            List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", accel, "-m", Long.toString(mb),
                    "-smp", Integer.toString((int) Math.max(1, Math.ceil(cpus))), "-display", "none", "-no-reboot",
                    "-kernel", guest.kernel().toString(), "-initrd", guest.initramfs().toString(),
                    "-append", "console=ttyS0 quiet loglevel=0 panic=-1 strato.host=" + hostname
                            + (ip == null ? "" : " strato.ip=" + ip + "/24 strato.gw=" + gateway),
                    "-virtfs", "local,path=" + rootfs + ",mount_tag=root,security_model=none",
                    "-virtfs", "local,path=" + spec + ",mount_tag=spec,security_model=none,readonly=on",
                    "-serial", "file:" + log, "-monitor", "none", "-daemonize", "-pidfile", bundle.resolve("qemu.pid").toString()));
            if (tap != null) {
                String mac = String.format("52:54:00:%02x:%02x:%02x", tap.hashCode() & 0xff, (tap.hashCode() >> 8) & 0xff, (tap.hashCode() >> 16) & 0xff);
                cmd.addAll(List.of("-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no",
                        "-device", "virtio-net-pci,netdev=n0,mac=" + mac));
            }
            Files.writeString(bundle.resolve("launched"), "");
            Shell.check(cmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code running} once the guest runs the process, {@code created} while it boots; empty when the guest is gone,
     * after writing the exit file from the console's exit marker (137 when it was killed).
     */
    Optional<String> status(Path bundle) {
        Optional<Long> pid = pid(bundle);
        if (pid.isPresent() && alive(pid.get())) {
            return Optional.of(console(bundle).contains(STARTED) ? "running" : "created");
        }
        // QEMU removes its pid file when it ends: "launched" tells a guest that ended from one never started
        if (!Files.exists(bundle.resolve("launched"))) return Optional.empty();
        Path exit = bundle.resolve("exit");
        if (!Files.exists(exit)) {
            Matcher m = EXIT.matcher(console(bundle));
            String code = "137";
            while (m.find()) code = m.group(1);
            try {
                Files.writeString(bundle.resolve("exit.tmp"), code + "\n");
                Files.move(bundle.resolve("exit.tmp"), exit, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    void kill(Path bundle) {
        pid(bundle).filter(QemuRunner::alive).ifPresent(p -> {
            ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
            long deadline = System.currentTimeMillis() + 5000;
            while (alive(p) && System.currentTimeMillis() < deadline) Thread.onSpinWait();
        });
        status(bundle);
    }

    private String console(Path bundle) {
        Path log = bundle.resolve("console");
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<Long> pid(Path bundle) {
        try {
            Path f = bundle.resolve("qemu.pid");
            return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).contains("qemu");
        } catch (IOException e) {
            return false;
        }
    }
}
