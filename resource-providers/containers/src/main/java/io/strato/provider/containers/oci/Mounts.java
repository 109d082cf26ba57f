package io.strato.provider.containers.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Overlay mounts for container root filesystems, idempotent: a mounted target is left alone. */
final class Mounts {
    private Mounts() {}

    static boolean isMounted(Path target) {
        String t = target.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].equals(t)) return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mounts an overlay of {@code lower} (read-only image) and {@code upper} (the container's writes) on {@code target}. */
    static void overlay(Path lower, Path upper, Path work, Path target) {
        if (isMounted(target)) return;
        Shell.check(List.of("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower.toAbsolutePath() + ",upperdir=" + upper.toAbsolutePath() + ",workdir=" + work.toAbsolutePath(),
                target.toAbsolutePath().toString()));
    }

    static void unmount(Path target) {
        if (isMounted(target)) Shell.run(List.of("umount", "-l", target.toAbsolutePath().toString()));
    }
}
