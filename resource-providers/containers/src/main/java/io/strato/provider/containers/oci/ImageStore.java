package io.strato.provider.containers.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A local OCI image store: one OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256})
 * whose manifests carry their image name in {@code org.opencontainers.image.ref.name}, plus a cache of unpacked
 * root filesystems, one per manifest digest. No registry is ever contacted: images arrive by
 * {@link #importArchive} (an OCI archive, as {@code skopeo copy ... oci-archive:} writes) or are built by
 * {@link BaseImages}.
 *
 * <p>Image names are matched the way the az CLI and templates spell them: {@code busybox},
 * {@code busybox:latest}, {@code docker.io/library/busybox:latest} and {@code index.docker.io/busybox} are one image.
 */
public final class ImageStore {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path layout;
    private final Path rootfsCache;
    private final Object lock = new Object();

    /** What running an image needs: its root filesystem (read-only, shared) and its default process. */
    public record Image(String name, String manifestDigest, List<String> entrypoint, List<String> cmd, List<String> env,
                        String workingDir, Path rootfs) {}

    public ImageStore(Path directory) {
        this.layout = directory.resolve("oci");
        this.rootfsCache = directory.resolve("rootfs");
        try {
            Files.createDirectories(layout.resolve("blobs").resolve("sha256"));
            Files.createDirectories(rootfsCache);
            if (!Files.exists(layout.resolve("oci-layout"))) Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            if (!Files.exists(layout.resolve("index.json"))) writeIndex(JSON.createObjectNode().put("schemaVersion", 2).set("manifests", JSON.createArrayNode()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The canonical form of an image reference: lower-case, Docker Hub's host and {@code library/} dropped, and
     * {@code :latest} added when no tag or digest is given.
     */
    public static String normalize(String image) {
        String s = image.trim();
        for (String hub : List.of("docker.io/", "index.docker.io/", "registry-1.docker.io/", "registry.hub.docker.com/")) {
            if (s.toLowerCase(Locale.ROOT).startsWith(hub)) s = s.substring(hub.length());
        }
        if (s.startsWith("library/")) s = s.substring("library/".length());
        int at = s.indexOf('@');
        String name = at < 0 ? s : s.substring(0, at);
        String digest = at < 0 ? "" : s.substring(at);
        int slash = name.lastIndexOf('/');
        if (digest.isEmpty() && name.indexOf(':', slash + 1) < 0) name = name + ":latest";
        return (name + digest).toLowerCase(Locale.ROOT);
    }

    /** Names of the images in the store, canonical. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        index().path("manifests").forEach(m -> {
            String ref = m.path("annotations").path(REF_NAME).asText("");
            if (!ref.isEmpty()) names.add(ref);
        });
        return names;
    }

    public boolean contains(String image) { return manifestEntry(image).isPresent(); }

    /** The image, unpacked on first use; empty when the store has no image of that name. */
    public Optional<Image> resolve(String image) {
        Optional<JsonNode> entry = manifestEntry(image);
        if (entry.isEmpty()) return Optional.empty();
        String digest = entry.get().path("digest").asText();
        JsonNode manifest = readJson(blob(digest));
        JsonNode config = readJson(blob(manifest.path("config").path("digest").asText())).path("config");
        Path rootfs = unpacked(digest, manifest);
        return Optional.of(new Image(normalize(image), digest, strings(config.path("Entrypoint")), strings(config.path("Cmd")),
                strings(config.path("Env")), config.path("WorkingDir").asText(""), rootfs));
    }

    private Optional<JsonNode> manifestEntry(String image) {
        String wanted = normalize(image);
        int at = wanted.indexOf('@');
        for (JsonNode m : index().path("manifests")) {
            String ref = m.path("annotations").path(REF_NAME).asText("");
            if (ref.equals(wanted)) return Optional.of(m);
            if (at >= 0 && m.path("digest").asText().equals(wanted.substring(at + 1))) return Optional.of(m);
        }
        return Optional.empty();
    }

    /**
     * Imports every image of an OCI archive (a tar of an OCI image layout). An image is named {@code name} when
     * given (an archive with one image), else by its {@code org.opencontainers.image.ref.name} annotation.
     *
     * @return the canonical names imported
     */
    public List<String> importArchive(Path archive, Optional<String> name) {
        synchronized (lock) {
            Path staging = null;
            try {
                staging = Files.createTempDirectory(layout.getParent(), "import-");
                try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
                     TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(in))) {
                    for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                        Path target = safeResolve(staging, e.getName());
                        if (e.isDirectory()) Files.createDirectories(target);
                        else if (e.isFile()) {
                            Files.createDirectories(target.getParent());
                            Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                JsonNode theirs = readJson(staging.resolve("index.json"));
                List<JsonNode> manifests = new ArrayList<>();
                theirs.path("manifests").forEach(manifests::add);
                if (manifests.isEmpty()) throw new IllegalArgumentException("The archive " + archive + " holds no image.");
                if (name.isPresent() && manifests.size() != 1) {
                    throw new IllegalArgumentException("The archive " + archive + " holds " + manifests.size() + " images; a name fits only one.");
                }
                try (Stream<Path> blobs = Files.list(staging.resolve("blobs").resolve("sha256"))) {
                    for (Path b : (Iterable<Path>) blobs::iterator) {
                        Path to = layout.resolve("blobs").resolve("sha256").resolve(b.getFileName().toString());
                        if (!Files.exists(to)) Files.move(b, to);
                    }
                }
                List<String> names = new ArrayList<>();
                for (JsonNode m : manifests) {
                    String ref = name.orElseGet(() -> m.path("annotations").path(REF_NAME).asText(""));
                    if (ref.isBlank()) throw new IllegalArgumentException("An image in " + archive + " has no name; give one.");
                    String canonical = normalize(ref);
                    String digest = m.path("digest").asText();
                    verify(digest);
                    tag(canonical, digest, m.path("size").asLong());
                    names.add(canonical);
                }
                return names;
            } catch (IOException e) {
                throw new UncheckedIOException("importing " + archive, e);
            } finally {
                if (staging != null) deleteTree(staging);
            }
        }
    }

    /** Stores a blob and returns its digest ({@code sha256:...}). */
    String putBlob(byte[] content) {
        String digest = "sha256:" + sha256(content);
        Path p = blob(digest);
        try {
            if (!Files.exists(p)) {
                Path tmp = Files.createTempFile(p.getParent(), "blob-", ".tmp");
                Files.write(tmp, content);
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digest;
    }

    /** Points {@code name} (canonical) at a manifest, replacing what it pointed at before. */
    void tag(String name, String manifestDigest, long size) {
        synchronized (lock) {
            ObjectNode index = (ObjectNode) index();
            ArrayNode kept = JSON.createArrayNode();
            index.path("manifests").forEach(m -> {
                if (!m.path("annotations").path(REF_NAME).asText("").equals(name)) kept.add(m);
            });
            ObjectNode entry = kept.addObject().put("mediaType", MANIFEST_TYPE).put("digest", manifestDigest).put("size", size);
            entry.putObject("annotations").put(REF_NAME, name);
            index.set("manifests", kept);
            writeIndex(index);
        }
    }

    private Path unpacked(String manifestDigest, JsonNode manifest) {
        Path target = rootfsCache.resolve(manifestDigest.replace(':', '-'));
        if (Files.isDirectory(target)) return target;
        synchronized (lock) {
            if (Files.isDirectory(target)) return target;
            Path staging = null;
            try {
                staging = Files.createTempDirectory(rootfsCache, "unpack-");
                for (JsonNode layer : manifest.path("layers")) {
                    String digest = layer.path("digest").asText();
                    verify(digest);
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(blob(digest)))) {
                        LayerUnpacker.apply(maybeGunzip(in), staging);
                    }
                }
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
                return target;
            } catch (FileAlreadyExistsException e) {
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("unpacking " + manifestDigest, e);
            } finally {
                if (staging != null) deleteTree(staging);
            }
        }
    }

    private void verify(String digest) {
        Path p = blob(digest);
        if (!Files.exists(p)) throw new IllegalArgumentException("The blob " + digest + " is missing from the image store.");
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            if (!("sha256:" + HexFormat.of().formatHex(md.digest())).equals(digest)) {
                throw new IllegalArgumentException("The blob " + digest + " does not match its digest.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path blob(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) throw new IllegalArgumentException("Not a sha256 digest: " + digest);
        return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    private JsonNode index() { return readJson(layout.resolve("index.json")); }

    private void writeIndex(JsonNode index) {
        try {
            Path tmp = Files.createTempFile(layout, "index-", ".tmp");
            JSON.writeValue(tmp.toFile(), index);
            Files.move(tmp, layout.resolve("index.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read(), b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static Path safeResolve(Path root, String entry) {
        Path p = root.resolve(entry).normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException("The archive entry '" + entry + "' leaves its folder.");
        return p;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] json(JsonNode node) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JSON.writeValue(out, node);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object() { return JSON.createObjectNode(); }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isEmptyDir(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }
}
