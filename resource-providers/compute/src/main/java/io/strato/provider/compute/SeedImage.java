package io.strato.provider.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a cloud-init NoCloud seed: a vfat file system labelled {@code CIDATA} holding {@code meta-data},
 * {@code user-data} and the other seed files, made without mounting anything ({@code mkfs.vfat} and
 * {@code mcopy} from dosfstools and mtools).
 */
final class SeedImage {
    private SeedImage() {}

    static void write(Path image, Map<String, byte[]> files) throws IOException {
        Path staging = Files.createTempDirectory(image.getParent(), "seed");
        try {
            long total = 0;
            for (var f : files.entrySet()) {
                Path p = staging.resolve(f.getKey()).normalize();
                if (!p.startsWith(staging)) throw new IOException("seed file outside the seed: " + f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
                total += f.getValue().length;
            }
            Path temp = image.resolveSibling(image.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            long size = Math.max(2L << 20, ((total * 2 + (1L << 20)) / 512 + 1) * 512);
            try (var raf = new java.io.RandomAccessFile(temp.toFile(), "rw")) {
                raf.setLength(size);
            }
            Processes.run(List.of("mkfs.vfat", "-n", "CIDATA", temp.toString()));
            List<String> copy = new ArrayList<>(List.of("mcopy", "-s", "-i", temp.toString()));
            try (Stream<Path> top = Files.list(staging)) {
                top.sorted().forEach(p -> copy.add(p.toString()));
            }
            copy.add("::/");
            if (!files.isEmpty()) Processes.run(copy);
            Files.move(temp, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try (Stream<Path> all = Files.walk(staging)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
