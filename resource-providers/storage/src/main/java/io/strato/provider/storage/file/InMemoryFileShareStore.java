package io.strato.provider.storage.file;

import io.strato.provider.storage.blob.BlobErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * File shares held in memory, for unit tests only ({@code strato.storage.driver=memory}): the same rules and refusals as
 * {@link LocalDiskFileShareStore} (both pass the same contract), nothing durable.
 */
public final class InMemoryFileShareStore implements FileShareStore {
    private static final class Node {
        final boolean directory;
        byte[] bytes;
        FileProperties properties;

        Node(boolean directory, byte[] bytes, FileProperties properties) {
            this.directory = directory;
            this.bytes = bytes;
            this.properties = properties;
        }

        FileEntry entry(FilePath path) { return new FileEntry(path.name(), directory, directory ? 0 : bytes.length, properties); }
    }

    private final Map<ShareRef, NavigableMap<String, Node>> shares = new ConcurrentHashMap<>();

    @Override
    public void createShare(ShareRef share) {
        shares.computeIfAbsent(share, s -> {
            NavigableMap<String, Node> nodes = new ConcurrentSkipListMap<>();
            nodes.put("", new Node(true, null, FileProperties.fresh(Instant.now(), Map.of())));
            return nodes;
        });
    }

    @Override
    public void deleteShare(ShareRef share) { shares.remove(share); }

    @Override
    public boolean shareExists(ShareRef share) { return shares.containsKey(share); }

    @Override
    public long usageBytes(ShareRef share) {
        NavigableMap<String, Node> nodes = shares.get(share);
        return nodes == null ? 0 : nodes.values().stream().filter(n -> !n.directory).mapToLong(n -> n.bytes.length).sum();
    }

    private NavigableMap<String, Node> nodes(ShareRef share) {
        NavigableMap<String, Node> n = shares.get(share);
        if (n == null) throw FileErrorCode.ShareNotFound.exception();
        return n;
    }

    private static String key(FilePath p) { return p.toString(); }

    @Override
    public Optional<FileEntry> entry(ShareRef share, FilePath path) {
        return Optional.ofNullable(nodes(share).get(key(path))).map(n -> n.entry(path));
    }

    private static void requireParent(NavigableMap<String, Node> nodes, FilePath path) {
        Node parent = nodes.get(key(path.parent()));
        if (parent == null || !parent.directory) throw FileErrorCode.ParentNotFound.exception();
    }

    private static Node requireFile(NavigableMap<String, Node> nodes, FilePath path) {
        if (path.isRoot()) throw FileErrorCode.ResourceTypeMismatch.exception();
        requireParent(nodes, path);
        Node n = nodes.get(key(path));
        if (n == null) throw FileErrorCode.ResourceNotFound.exception();
        if (n.directory) throw FileErrorCode.ResourceTypeMismatch.exception();
        return n;
    }

    @Override
    public synchronized FileEntry createDirectory(ShareRef share, FilePath path, Map<String, String> metadata, Instant now) {
        NavigableMap<String, Node> nodes = nodes(share);
        if (path.isRoot() || nodes.containsKey(key(path))) throw FileErrorCode.ResourceAlreadyExists.exception();
        requireParent(nodes, path);
        Node n = new Node(true, null, FileProperties.fresh(now, metadata));
        nodes.put(key(path), n);
        return n.entry(path);
    }

    @Override
    public synchronized void deleteDirectory(ShareRef share, FilePath path) {
        if (path.isRoot()) throw BlobErrorCode.InvalidUri.exception("The root directory of a share cannot be deleted.");
        NavigableMap<String, Node> nodes = nodes(share);
        requireParent(nodes, path);
        Node n = nodes.get(key(path));
        if (n == null) throw FileErrorCode.ResourceNotFound.exception();
        if (!n.directory) throw FileErrorCode.ResourceTypeMismatch.exception();
        if (!children(nodes, path).isEmpty()) throw FileErrorCode.DirectoryNotEmpty.exception();
        nodes.remove(key(path));
    }

    private static List<String> children(NavigableMap<String, Node> nodes, FilePath dir) {
        String prefix = dir.isRoot() ? "" : key(dir) + "/";
        List<String> out = new ArrayList<>();
        for (String k : nodes.tailMap(prefix, false).keySet()) {
            if (!k.startsWith(prefix)) break;
            String rest = k.substring(prefix.length());
            if (!rest.isEmpty() && rest.indexOf('/') < 0) out.add(rest);
        }
        out.sort(null);
        return out;
    }

    @Override
    public List<FileEntry> list(ShareRef share, FilePath directory) {
        NavigableMap<String, Node> nodes = nodes(share);
        Node n = nodes.get(key(directory));
        if (n == null || !n.directory) {
            if (!directory.isRoot()) requireParent(nodes, directory);
            throw FileErrorCode.ResourceNotFound.exception();
        }
        List<FileEntry> out = new ArrayList<>();
        for (String name : children(nodes, directory)) out.add(nodes.get(key(directory.child(name))).entry(directory.child(name)));
        return out;
    }

    @Override
    public synchronized FileEntry createFile(ShareRef share, FilePath path, long size, FileProperties properties, long quotaBytes) {
        NavigableMap<String, Node> nodes = nodes(share);
        if (path.isRoot()) throw FileErrorCode.ResourceTypeMismatch.exception();
        requireParent(nodes, path);
        Node existing = nodes.get(key(path));
        if (existing != null && existing.directory) throw FileErrorCode.ResourceTypeMismatch.exception();
        long replaced = existing == null ? 0 : existing.bytes.length;
        if (usageBytes(share) - replaced + size > quotaBytes) throw FileErrorCode.ShareSizeLimitReached.exception();
        if (size > Integer.MAX_VALUE - 8) throw BlobErrorCode.RequestBodyTooLarge.exception("The in-memory store holds files up to 2 GiB.");
        Node n = new Node(false, new byte[(int) size], properties);
        nodes.put(key(path), n);
        return n.entry(path);
    }

    @Override
    public FileEntry writeRange(ShareRef share, FilePath path, long offset, long length, Chunks body, Instant now) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (ByteBuffer b = body.next(); b != null; b = body.next()) {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            received.writeBytes(chunk);
            if (received.size() > length) throw BlobErrorCode.InvalidHeaderValue.exception("The body is longer than the range.");
        }
        if (received.size() != length) throw BlobErrorCode.InvalidHeaderValue.exception("The body is shorter than the range.");
        synchronized (this) {
            Node n = requireFile(nodes(share), path);
            if (offset < 0 || offset + length > n.bytes.length) throw BlobErrorCode.InvalidRange.exception();
            System.arraycopy(received.toByteArray(), 0, n.bytes, (int) offset, (int) length);
            n.properties = n.properties.changed(now);
            return n.entry(path);
        }
    }

    @Override
    public synchronized FileEntry clearRange(ShareRef share, FilePath path, long offset, long length, Instant now) {
        Node n = requireFile(nodes(share), path);
        if (offset < 0 || offset + length > n.bytes.length) throw BlobErrorCode.InvalidRange.exception();
        Arrays.fill(n.bytes, (int) offset, (int) (offset + length), (byte) 0);
        n.properties = n.properties.changed(now);
        return n.entry(path);
    }

    @Override
    public synchronized FileEntry update(ShareRef share, FilePath path, UnaryOperator<FileProperties> change, long newSize, long quotaBytes,
                                         Instant now) {
        NavigableMap<String, Node> nodes = nodes(share);
        if (!path.isRoot()) requireParent(nodes, path);
        Node n = nodes.get(key(path));
        if (n == null) throw FileErrorCode.ResourceNotFound.exception();
        if (newSize >= 0 && !n.directory && newSize != n.bytes.length) {
            if (newSize > n.bytes.length && usageBytes(share) - n.bytes.length + newSize > quotaBytes) {
                throw FileErrorCode.ShareSizeLimitReached.exception();
            }
            n.bytes = Arrays.copyOf(n.bytes, (int) newSize);
        }
        n.properties = change.apply(n.properties).changed(now);
        return n.entry(path);
    }

    @Override
    public synchronized void deleteFile(ShareRef share, FilePath path) {
        NavigableMap<String, Node> nodes = nodes(share);
        requireFile(nodes, path);
        nodes.remove(key(path));
    }

    @Override
    public synchronized ReadableByteChannel open(ShareRef share, FilePath path, long offset, long length) {
        Node n = requireFile(nodes(share), path);
        byte[] copy = Arrays.copyOfRange(n.bytes, (int) offset, (int) Math.min(n.bytes.length, offset + length));
        return Channels.newChannel(new java.io.ByteArrayInputStream(copy));
    }
}
