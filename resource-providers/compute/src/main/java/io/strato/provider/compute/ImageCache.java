package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Built platform images in a cache folder ({@code strato.compute.image-cache}, default {@code ~/.cache/strato/images}),
 * one folder per image holding {@code vmlinux}, {@code initramfs.cpio.gz}, {@code disk.qcow2} and
 * {@code image.json} (written last, so a folder with it is complete). A missing image is built in the
 * background by its script (extracted from the class path); a failed build is retried after a minute.
 */
public final class ImageCache implements ImageSource {
    private static final System.Logger LOG = System.getLogger(ImageCache.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCRIPTS = List.of("build-tiny.sh", "tiny-init", "udhcpc.script");
    private static final Duration RETRY_FAILED_AFTER = Duration.ofMinutes(1);

    private final Path cache;
    private final Map<String, Thread> building = new ConcurrentHashMap<>();
    private final Map<String, Failure> failed = new ConcurrentHashMap<>();

    private record Failure(String reason, Instant at) {}

    public ImageCache(Path cache) { this.cache = cache; }

    public Path folder(PlatformImages.PlatformImage image) { return cache.resolve(image.key()); }

    @Override
    public Availability resolve(PlatformImages.PlatformImage image) {
        Path dir = folder(image);
        Path meta = dir.resolve("image.json");
        if (Files.isRegularFile(meta)) {
            String cmdline = "console=ttyS0 quiet panic=-1";
            try {
                JsonNode m = JSON.readTree(meta.toFile());
                cmdline = m.path("kernelCommandLine").asText(cmdline);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "unreadable " + meta + ": " + e.getMessage());
            }
            return new Ready(new Machine.BootImage(dir.resolve("vmlinux"), dir.resolve("initramfs.cpio.gz"), cmdline,
                    dir.resolve("disk.qcow2"), image.readyMarker()));
        }
        Failure f = failed.get(image.key());
        if (f != null && f.at().plus(RETRY_FAILED_AFTER).isAfter(Instant.now())) return new Unavailable(f.reason());
        building.computeIfAbsent(image.key(), k -> {
            Thread t = new Thread(() -> build(image), "strato-image-build-" + k);
            t.setDaemon(true);
            t.start();
            return t;
        });
        return new Building();
    }

    /** Builds an image now, in this thread; returns when it is ready or has failed. */
    public Availability buildNow(PlatformImages.PlatformImage image) {
        Availability a = resolve(image);
        Thread running = building.get(image.key());
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return a;
            }
        }
        return resolve(image);
    }

    private void build(PlatformImages.PlatformImage image) {
        try {
            Files.createDirectories(cache);
            Path scripts = Files.createTempDirectory(cache, ".scripts");
            try {
                for (String s : SCRIPTS) {
                    try (InputStream in = ImageCache.class.getResourceAsStream("images/" + s)) {
                        if (in == null) throw new IOException("missing resource images/" + s);
                        Files.copy(in, scripts.resolve(s), StandardCopyOption.REPLACE_EXISTING);
                    }
                    scripts.resolve(s).toFile().setExecutable(true);
                }
                LOG.log(System.Logger.Level.INFO, "building platform image " + image.urn() + " into " + folder(image));
                Processes.run(List.of("sh", scripts.resolve(image.builder()).toString(), folder(image).toString()), 1800);
                failed.remove(image.key());
            } finally {
                for (String s : SCRIPTS) Files.deleteIfExists(scripts.resolve(s));
                Files.deleteIfExists(scripts);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not build image " + image.urn() + ": " + e.getMessage());
            failed.put(image.key(), new Failure(e.getMessage(), Instant.now()));
        } finally {
            building.remove(image.key());
        }
    }
}
