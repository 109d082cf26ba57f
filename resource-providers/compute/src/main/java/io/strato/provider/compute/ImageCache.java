package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Built platform images in a cache folder ({@code strato.compute.image-cache}, default {@code ~/.cache/strato/images}),
 * one folder per build holding {@code vmlinux}, {@code initramfs.cpio.gz}, {@code disk.qcow2} and
 * {@code image.json} (written last, so a folder with it is complete). A folder is named by the build and a digest of
 * its inputs (the builder script and every file it uses, {@link #INPUTS}), so a changed script builds anew and never
 * boots an older result. A missing image is built in the background by its script (extracted from the class path);
 * a failed build is retried after a minute.
 */
public final class ImageCache implements ImageSource {
    private static final System.Logger LOG = System.getLogger(ImageCache.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every builder script with the files it reads beside it: the inputs a build is cached by. */
    static final Map<String, List<String>> INPUTS = Map.of(
            "build-tiny.sh", List.of("build-tiny.sh", "debian-kernel.sh", "fast-boot.cmdline", "tiny-init", "udhcpc.script"),
            "build-debian.sh", List.of("build-debian.sh", "debian-kernel.sh", "fast-boot.cmdline", "debian-initramfs-init", "debian-cloud.cfg",
                    "debian-extensions.sh", "debian-extensions.service"));
    private static final Duration RETRY_FAILED_AFTER = Duration.ofMinutes(1);

    private final Path cache;
    private final Map<String, Thread> building = new ConcurrentHashMap<>();
    private final Map<String, Failure> failed = new ConcurrentHashMap<>();

    private record Failure(String reason, Instant at) {}

    public ImageCache(Path cache) { this.cache = cache; }

    public Path folder(PlatformImages.PlatformImage image) { return cache.resolve(key(image)); }

    /** The folder name of an image's build: its {@link PlatformImages.PlatformImage#key} and the digest of its inputs. */
    static String key(PlatformImages.PlatformImage image) {
        return image.key() + "-" + INPUT_DIGESTS.computeIfAbsent(image.builder(), ImageCache::digest);
    }

    private static final Map<String, String> INPUT_DIGESTS = new ConcurrentHashMap<>();

    private static String digest(String builder) {
        List<String> inputs = INPUTS.get(builder);
        if (inputs == null) throw new IllegalStateException("no inputs known for image builder " + builder);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : inputs) {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(resource(name));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ImageCache.class.getResourceAsStream("images/" + name)) {
            if (in == null) throw new IllegalStateException("missing resource images/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
        String key = key(image);
        Failure f = failed.get(key);
        if (f != null && f.at().plus(RETRY_FAILED_AFTER).isAfter(Instant.now())) return new Unavailable(f.reason());
        building.computeIfAbsent(key, k -> {
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
        Thread running = building.get(key(image));
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
            List<String> inputs = INPUTS.get(image.builder());
            try {
                for (String s : inputs) {
                    Files.write(scripts.resolve(s), resource(s));
                    scripts.resolve(s).toFile().setExecutable(true);
                }
                LOG.log(System.Logger.Level.INFO, "building platform image " + image.urn() + " into " + folder(image));
                Instant started = Instant.now();
                Processes.run(List.of("sh", scripts.resolve(image.builder()).toString(), folder(image).toString()), 1800);
                LOG.log(System.Logger.Level.INFO, "built platform image " + image.urn() + " in "
                        + Duration.between(started, Instant.now()).toSeconds() + " s");
                failed.remove(key(image));
            } finally {
                for (String s : inputs) Files.deleteIfExists(scripts.resolve(s));
                Files.deleteIfExists(scripts);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not build image " + image.urn() + ": " + e.getMessage());
            failed.put(key(image), new Failure(e.getMessage(), Instant.now()));
        } finally {
            building.remove(key(image));
        }
    }
}
