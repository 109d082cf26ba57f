package io.strato.provider.containers.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The images every appliance ships, built from the host's {@code busybox-static} binary, no registry involved:
 * <ul>
 *   <li>{@code busybox:latest}: {@code /bin/busybox} and a link per applet, {@code /etc/passwd}, {@code /etc/group};
 *       the default command is {@code sh}.</li>
 *   <li>{@code mcr.microsoft.com/azuredocs/aci-helloworld:latest}: the busybox layer plus a page that busybox's
 *       {@code httpd} serves on port 80, so Azure's quickstarts that name that image run unchanged.</li>
 * </ul>
 * Layers are reproducible (fixed times and owners), so rebuilding gives the same digests.
 */
public final class BaseImages {
    public static final String BUSYBOX = "busybox:latest";
    public static final String HELLO_WORLD = "mcr.microsoft.com/azuredocs/aci-helloworld:latest";
    static final String HELLO_PAGE = "<html><head><title>Welcome to Azure Container Instances!</title></head>"
            + "<body><h1>Welcome to Azure Container Instances!</h1></body></html>\n";

    private BaseImages() {}

    /** Builds the images the store lacks from the busybox binary at {@code busybox}. */
    public static void ensure(ImageStore store, Path busybox) {
        if (store.contains(BUSYBOX) && store.contains(HELLO_WORLD)) return;
        if (!Files.isExecutable(busybox)) {
            throw new IllegalStateException("The base image needs a static busybox at " + busybox + " (Debian package busybox-static).");
        }
        Layer base = busyboxLayer(busybox);
        String baseDigest = store.putBlob(base.gzipped());
        Manifest bb = manifest(store, List.of(base), List.of(baseDigest), List.of(), List.of("sh"));
        store.tag(BUSYBOX, bb.digest(), bb.size());
        Layer hello = helloLayer();
        String helloDigest = store.putBlob(hello.gzipped());
        Manifest hw = manifest(store, List.of(base, hello), List.of(baseDigest, helloDigest), List.of(),
                List.of("/bin/httpd", "-f", "-p", "80", "-h", "/www"));
        store.tag(HELLO_WORLD, hw.digest(), hw.size());
    }

    private record Manifest(String digest, long size) {}

    /** Writes config and manifest blobs. */
    private static Manifest manifest(ImageStore store, List<Layer> layers, List<String> digests, List<String> entrypoint, List<String> cmd) {
        ObjectNode config = ImageStore.object().put("architecture", "amd64").put("os", "linux");
        ObjectNode c = config.putObject("config");
        c.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        if (!entrypoint.isEmpty()) entrypoint.forEach(c.putArray("Entrypoint")::add);
        cmd.forEach(c.putArray("Cmd")::add);
        c.put("WorkingDir", "/");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        layers.forEach(l -> rootfs.withArray("diff_ids").add("sha256:" + ImageStore.sha256(l.tar())));
        byte[] configBytes = ImageStore.json(config);
        String configDigest = store.putBlob(configBytes);
        ObjectNode manifest = ImageStore.object().put("schemaVersion", 2).put("mediaType", ImageStore.MANIFEST_TYPE);
        manifest.putObject("config").put("mediaType", ImageStore.CONFIG_TYPE).put("digest", configDigest).put("size", configBytes.length);
        var layerArray = manifest.putArray("layers");
        for (int i = 0; i < layers.size(); i++) {
            layerArray.addObject().put("mediaType", ImageStore.LAYER_TYPE).put("digest", digests.get(i)).put("size", layers.get(i).gzipped().length);
        }
        byte[] bytes = ImageStore.json(manifest);
        String digest = store.putBlob(bytes);
        return new Manifest(digest, bytes.length);
    }

    /** An uncompressed layer tar and its gzip. */
    record Layer(byte[] tar, byte[] gzipped) {}

    private static Layer busyboxLayer(Path busybox) {
        List<String> applets = applets(busybox);
        return layer(tar -> {
            for (String dir : List.of("bin", "dev", "etc", "proc", "sys", "root", "var", "var/run", "run", "usr", "usr/bin", "usr/sbin", "sbin")) {
                dir(tar, dir, 0755);
            }
            dir(tar, "tmp", 01777);
            file(tar, "bin/busybox", Files.readAllBytes(busybox), 0755);
            for (String a : applets) {
                if (!a.equals("busybox")) link(tar, "bin/" + a, "busybox");
            }
            file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(tar, "etc/group", "root:x:0:\nnogroup:x:65534:\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(tar, "etc/hosts", "127.0.0.1\tlocalhost\n".getBytes(StandardCharsets.UTF_8), 0644);
        });
    }

    private static Layer helloLayer() {
        return layer(tar -> {
            dir(tar, "www", 0755);
            file(tar, "www/index.html", HELLO_PAGE.getBytes(StandardCharsets.UTF_8), 0644);
        });
    }

    private static List<String> applets(Path busybox) {
        try {
            Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(busybox + " --list failed: " + out);
            return new ArrayList<>(new TreeSet<>(Arrays.asList(out.trim().split("\\s+"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface TarBody { void write(TarArchiveOutputStream tar) throws IOException; }

    private static Layer layer(TarBody body) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                body.write(tar);
            }
            byte[] tarBytes = raw.toByteArray();
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(tarBytes);
            }
            return new Layer(tarBytes, gz.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TarArchiveEntry entry(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setModTime(0);
        e.setUserId(0);
        e.setGroupId(0);
        return e;
    }

    private static void dir(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name + "/");
        e.setModTime(0);
        e.setMode(040000 | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(0);
        e.setMode(0100000 | mode);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = entry(name, org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
