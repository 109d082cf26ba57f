package io.strato.provider.containers.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies one OCI layer (a tar) onto a root filesystem folder: files, folders, symbolic and hard links with their
 * mode and owner, and the layer's whiteouts ({@code .wh.NAME} removes NAME, {@code .wh..wh..opq} empties a folder).
 * Device nodes are skipped: the runtime provides {@code /dev}.
 */
final class LayerUnpacker {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private LayerUnpacker() {}

    static void apply(InputStream layer, Path root) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(layer)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = e.getName();
                while (name.startsWith("./")) name = name.substring(2);
                if (name.isEmpty() || name.equals(".")) continue;
                Path target = ImageStore.safeResolve(root, name);
                String base = target.getFileName().toString();
                if (base.equals(OPAQUE)) {
                    Path dir = target.getParent();
                    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                        try (var children = Files.list(dir)) {
                            for (Path c : (Iterable<Path>) children::iterator) ImageStore.deleteTree(c);
                        }
                    }
                    continue;
                }
                if (base.startsWith(WHITEOUT)) {
                    ImageStore.deleteTree(target.resolveSibling(base.substring(WHITEOUT.length())));
                    continue;
                }
                if (target.getParent() != null) Files.createDirectories(target.getParent());
                if (e.isDirectory()) {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        ImageStore.deleteTree(target);
                        Files.createDirectories(target);
                    }
                } else if (e.isSymbolicLink()) {
                    ImageStore.deleteTree(target);
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    ImageStore.deleteTree(target);
                    Files.createLink(target, ImageStore.safeResolve(root, e.getLinkName().replaceFirst("^\\./", "")));
                    continue;
                } else if (e.isFile()) {
                    ImageStore.deleteTree(target);
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    continue;
                }
                own(target, e);
            }
        }
    }

    private static void own(Path target, TarArchiveEntry e) throws IOException {
        Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        if (!e.isSymbolicLink()) {
            Files.setAttribute(target, "unix:mode", e.getMode() & 07777);
            Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedTime().toInstant()));
        }
    }
}
