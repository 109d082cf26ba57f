package io.strato.provider.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A trial boot under KVM: the tiny image's kernel must reach its init (the {@code STRATO-BOOT} console line) within
 * 30 seconds, as it does in a fraction of that on real hardware virtualisation. Used once, when the host looks
 * KVM-capable.
 */
final class KvmTrial {
    private KvmTrial() {}

    static boolean boots(String qemu, ImageCache images) {
        ImageSource.Availability a = images.resolve(PlatformImages.TINY);
        if (!(a instanceof ImageSource.Ready r)) a = images.buildNow(PlatformImages.TINY);
        if (!(a instanceof ImageSource.Ready ready)) return false;
        Path log = null;
        Process p = null;
        try {
            log = Files.createTempFile("strato-kvm-trial", ".log");
            p = new ProcessBuilder(List.of(qemu, "-accel", "kvm", "-cpu", "host", "-m", "256", "-nodefaults", "-display", "none",
                    "-kernel", ready.boot().kernel().toString(), "-initrd", ready.boot().initrd().toString(),
                    "-append", "console=ttyS0 quiet panic=-1", "-serial", "file:" + log, "-no-reboot"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1).contains("STRATO-BOOT")) return true;
                Thread.sleep(100);
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (p != null) p.destroyForcibly();
            if (log != null) log.toFile().delete();
        }
    }
}
