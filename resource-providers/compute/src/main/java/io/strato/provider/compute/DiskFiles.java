package io.strato.provider.compute;

import io.strato.model.ResourceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Where managed disks live: {@code {root}/disk-<hash of the lower-cased id>.qcow2}. */
public record DiskFiles(Path root) {
    public Path file(ResourceId disk) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(disk.key().getBytes(StandardCharsets.UTF_8));
            return root.resolve("disk-" + HexFormat.of().formatHex(h, 0, 8) + ".qcow2");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
