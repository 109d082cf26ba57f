package io.strato.provider.containers.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The guest VM-isolated container groups boot: Debian's kernel (as an uncompressed {@code vmlinux}) and a busybox
 * initramfs with this module's {@code guest-init}, built once into a folder by {@code build-guest.sh} from Debian
 * packages (apt must reach a Debian mirror the first time). Built in the background at start, so the first
 * VM-isolated group does not wait for it unless it comes very early.
 */
final class GuestImage {
    private static final Logger LOG = Logger.getLogger(GuestImage.class.getName());
    private final Path dir;
    private volatile CompletableFuture<Void> build;

    GuestImage(Path dir) { this.dir = dir; }

    Path kernel() { return dir.resolve("vmlinux"); }

    Path initramfs() { return dir.resolve("initramfs.cpio.gz"); }

    boolean ready() { return Files.exists(kernel()) && Files.exists(initramfs()); }

    /** Starts building when the guest is missing; idempotent. */
    synchronized void buildInBackground() {
        if (ready() || (build != null && !build.isDone())) return;
        build = CompletableFuture.runAsync(() -> {
            try {
                buildNow();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "building the guest for VM-isolated container groups failed", e);
            }
        });
    }

    /** The failure of the last build, if it failed. */
    Throwable failure() {
        CompletableFuture<Void> b = build;
        return b != null && b.isCompletedExceptionally() ? b.handle((v, t) -> t).join() : null;
    }

    void buildNow() {
        try {
            Files.createDirectories(dir);
            Path script = dir.resolve("build-guest.sh"), init = dir.resolve("guest-init");
            for (Path p : List.of(script, init)) {
                try (InputStream in = GuestImage.class.getResourceAsStream(p.getFileName().toString())) {
                    Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Shell.check(List.of("sh", script.toString(), dir.toString(), init.toString()));
            LOG.info("built the guest for VM-isolated container groups in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
