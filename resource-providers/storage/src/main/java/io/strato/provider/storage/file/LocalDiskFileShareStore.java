package io.strato.provider.storage.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.provider.storage.blob.BlobErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * File shares as folders of the appliance's disk. The share {@code S} of account {@code A} is {@code {accounts}/A/file/S}:
 * its directories and files are real directories and files under {@code data/}, and what Azure keeps about each (id,
 * ETag, times, headers, metadata) is a small JSON file at the same place under {@code meta/}, named after the entry with
 * {@code |d} or {@code |f} appended ({@code |} is not allowed in Azure names, so these never collide with a client's).
 * The account's folder holds the share, so deleting the account deletes its shares.
 *
 * <p>Writes are durable: a new file is made as a hidden temporary file of its full size, forced, renamed into place and
 * its folder forced; ranges are forced before Put Range answers; properties are replaced by an atomic rename. Changes to
 * the names in one share are serialised.
 */
public final class LocalDiskFileShareStore implements FileShareStore {
    static final String DATA = "data";
    static final String META = "meta";
    private static final String TEMP_MARK = "|";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ZEROS = 64 * 1024;

    private final Path accounts;
    private final Map<ShareRef, Object> locks = new ConcurrentHashMap<>();

    /** {@code accounts} is the folder that holds one folder per storage account. */
    public LocalDiskFileShareStore(Path accounts) {
        this.accounts = accounts;
    }

    /** The share's folder. */
    public Path folder(ShareRef share) {
        return accounts.resolve(share.account()).resolve("file").resolve(share.share());
    }

    Path data(ShareRef share) { return folder(share).resolve(DATA); }

    private Path dataPath(ShareRef share, FilePath path) {
        Path p = data(share);
        for (String c : path.components()) p = p.resolve(c);
        return p;
    }

    private Path metaPath(ShareRef share, FilePath path, boolean directory) {
        Path p = folder(share).resolve(META);
        List<String> c = path.components();
        for (int i = 0; i < c.size() - 1; i++) p = p.resolve(c.get(i));
        return p.resolve(path.name() + (directory ? "|d" : "|f"));
    }

    private Object lock(ShareRef share) { return locks.computeIfAbsent(share, s -> new Object()); }

    @Override
    public void createShare(ShareRef share) throws IOException {
        Files.createDirectories(data(share));
        Files.createDirectories(folder(share).resolve(META));
        Durable.forceDirectory(folder(share));
        Durable.forceDirectory(folder(share).getParent());
    }

    @Override
    public void deleteShare(ShareRef share) throws IOException {
        synchronized (lock(share)) {
            deleteTree(folder(share));
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean shareExists(ShareRef share) {
        return Files.isDirectory(data(share));
    }

    @Override
    public long usageBytes(ShareRef share) throws IOException {
        Path data = data(share);
        if (!Files.isDirectory(data)) return 0;
        AtomicLong total = new AtomicLong();
        try {
            Files.walkFileTree(data, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !file.getFileName().toString().contains(TEMP_MARK)) total.addAndGet(attrs.size());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE; // removed meanwhile
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            return 0;
        }
        return total.get();
    }

    // ------------------------------------------------------------------ entries

    private void requireShare(ShareRef share) {
        if (!shareExists(share)) throw FileErrorCode.ShareNotFound.exception();
    }

    @Override
    public Optional<FileEntry> entry(ShareRef share, FilePath path) throws IOException {
        requireShare(share);
        Path p = dataPath(share, path);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!a.isDirectory() && !a.isRegularFile()) return Optional.empty();
        FileProperties props = properties(share, path, a.isDirectory(), a);
        return Optional.of(new FileEntry(path.name(), a.isDirectory(), a.isDirectory() ? 0 : a.size(), props));
    }

    /** The stored properties; an entry without them (made before its properties were written) gets them now. */
    private FileProperties properties(ShareRef share, FilePath path, boolean directory, BasicFileAttributes a) throws IOException {
        Path meta = metaPath(share, path, directory);
        try {
            return JSON.readValue(Files.readAllBytes(meta), FileProperties.class);
        } catch (NoSuchFileException e) {
            synchronized (lock(share)) {
                if (Files.isRegularFile(meta)) return JSON.readValue(Files.readAllBytes(meta), FileProperties.class);
                FileProperties fresh = FileProperties.fresh(a.lastModifiedTime().toInstant(), Map.of());
                writeProperties(meta, fresh);
                return fresh;
            }
        }
    }

    private static void writeProperties(Path meta, FileProperties props) throws IOException {
        Files.createDirectories(meta.getParent());
        Path temp = meta.resolveSibling(meta.getFileName() + TEMP_MARK + UUID.randomUUID());
        try {
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                c.write(ByteBuffer.wrap(JSON.writeValueAsBytes(props)));
                c.force(true);
            }
            Files.move(temp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Durable.forceDirectory(meta.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The parent of {@code path} must be a directory: {@code ParentNotFound} otherwise. */
    private void requireParent(ShareRef share, FilePath path) {
        requireShare(share);
        if (!Files.isDirectory(dataPath(share, path.parent()))) throw FileErrorCode.ParentNotFound.exception();
    }

    /** A file at {@code path}: {@code ParentNotFound}, {@code ResourceNotFound} or {@code ResourceTypeMismatch} otherwise. */
    private FileEntry requireFile(ShareRef share, FilePath path) throws IOException {
        if (path.isRoot()) throw FileErrorCode.ResourceTypeMismatch.exception();
        requireParent(share, path);
        FileEntry e = entry(share, path).orElseThrow(FileErrorCode.ResourceNotFound::exception);
        if (e.directory()) throw FileErrorCode.ResourceTypeMismatch.exception();
        return e;
    }

    @Override
    public FileEntry createDirectory(ShareRef share, FilePath path, Map<String, String> metadata, Instant now) throws IOException {
        if (path.isRoot()) throw FileErrorCode.ResourceAlreadyExists.exception();
        synchronized (lock(share)) {
            requireParent(share, path);
            Path p = dataPath(share, path);
            if (Files.exists(p)) throw FileErrorCode.ResourceAlreadyExists.exception();
            FileProperties props = FileProperties.fresh(now, metadata);
            writeProperties(metaPath(share, path, true), props);
            Files.createDirectory(p);
            Durable.forceDirectory(p.getParent());
            return new FileEntry(path.name(), true, 0, props);
        }
    }

    @Override
    public void deleteDirectory(ShareRef share, FilePath path) throws IOException {
        if (path.isRoot()) throw BlobErrorCode.InvalidUri.exception("The root directory of a share cannot be deleted.");
        synchronized (lock(share)) {
            requireParent(share, path);
            Path p = dataPath(share, path);
            if (!Files.exists(p)) throw FileErrorCode.ResourceNotFound.exception();
            if (!Files.isDirectory(p)) throw FileErrorCode.ResourceTypeMismatch.exception();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path c : children) {
                    if (!c.getFileName().toString().contains(TEMP_MARK)) throw FileErrorCode.DirectoryNotEmpty.exception();
                }
            }
            deleteTree(p);
            Durable.forceDirectory(p.getParent());
            Path meta = metaPath(share, path, true);
            Files.deleteIfExists(meta);
            deleteTree(meta.resolveSibling(path.name()));
        }
    }

    @Override
    public List<FileEntry> list(ShareRef share, FilePath directory) throws IOException {
        requireShare(share);
        Path p = dataPath(share, directory);
        if (!Files.isDirectory(p)) {
            if (!directory.isRoot() && !Files.isDirectory(dataPath(share, directory.parent()))) throw FileErrorCode.ParentNotFound.exception();
            throw FileErrorCode.ResourceNotFound.exception();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
            for (Path c : children) {
                String name = c.getFileName().toString();
                if (!name.contains(TEMP_MARK)) names.add(name);
            }
        }
        names.sort(null);
        List<FileEntry> out = new ArrayList<>();
        for (String name : names) entry(share, directory.child(name)).ifPresent(out::add);
        return out;
    }

    @Override
    public FileEntry createFile(ShareRef share, FilePath path, long size, FileProperties properties, long quotaBytes) throws IOException {
        if (path.isRoot()) throw FileErrorCode.ResourceTypeMismatch.exception();
        synchronized (lock(share)) {
            requireParent(share, path);
            Path p = dataPath(share, path);
            if (Files.isDirectory(p)) throw FileErrorCode.ResourceTypeMismatch.exception();
            long replaced = Files.isRegularFile(p) ? Files.size(p) : 0;
            if (usageBytes(share) - replaced + size > quotaBytes) throw FileErrorCode.ShareSizeLimitReached.exception();
            Path temp = p.resolveSibling("." + TEMP_MARK + UUID.randomUUID());
            try {
                try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    if (size > 0) c.write(ByteBuffer.allocate(1), size - 1); // the full size, sparse
                    c.force(true);
                }
                writeProperties(metaPath(share, path, false), properties);
                Files.move(temp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Durable.forceDirectory(p.getParent());
            } finally {
                Files.deleteIfExists(temp);
            }
            return new FileEntry(path.name(), false, size, properties);
        }
    }

    @Override
    public FileEntry writeRange(ShareRef share, FilePath path, long offset, long length, Chunks body, Instant now) throws IOException {
        FileEntry file = requireFile(share, path);
        if (offset < 0 || offset + length > file.size()) throw BlobErrorCode.InvalidRange.exception();
        long written = 0;
        try (FileChannel c = FileChannel.open(dataPath(share, path), StandardOpenOption.WRITE)) {
            for (ByteBuffer b = body.next(); b != null; b = body.next()) {
                if (written + b.remaining() > length) throw BlobErrorCode.InvalidHeaderValue.exception("The body is longer than the range.");
                while (b.hasRemaining()) written += c.write(b, offset + written);
            }
            if (written != length) throw BlobErrorCode.InvalidHeaderValue.exception("The body is shorter than the range.");
            c.force(false);
        } catch (NoSuchFileException e) {
            throw FileErrorCode.ResourceNotFound.exception();
        }
        return touch(share, path, now);
    }

    @Override
    public FileEntry clearRange(ShareRef share, FilePath path, long offset, long length, Instant now) throws IOException {
        FileEntry file = requireFile(share, path);
        if (offset < 0 || offset + length > file.size()) throw BlobErrorCode.InvalidRange.exception();
        try (FileChannel c = FileChannel.open(dataPath(share, path), StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZEROS, Math.max(1, length)));
            for (long done = 0; done < length; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), length - done));
                done += c.write(zeros, offset + done);
            }
            c.force(false);
        }
        return touch(share, path, now);
    }

    /** A new ETag and modification time after the bytes changed. */
    private FileEntry touch(ShareRef share, FilePath path, Instant now) throws IOException {
        synchronized (lock(share)) {
            FileEntry e = requireFile(share, path);
            FileProperties changed = e.properties().changed(now);
            writeProperties(metaPath(share, path, false), changed);
            return new FileEntry(e.name(), false, e.size(), changed);
        }
    }

    @Override
    public FileEntry update(ShareRef share, FilePath path, UnaryOperator<FileProperties> change, long newSize, long quotaBytes, Instant now)
            throws IOException {
        synchronized (lock(share)) {
            if (!path.isRoot()) requireParent(share, path);
            FileEntry e = entry(share, path).orElseThrow(FileErrorCode.ResourceNotFound::exception);
            long size = e.size();
            if (newSize >= 0 && !e.directory() && newSize != size) {
                if (newSize > size && usageBytes(share) - size + newSize > quotaBytes) throw FileErrorCode.ShareSizeLimitReached.exception();
                try (FileChannel c = FileChannel.open(dataPath(share, path), StandardOpenOption.WRITE)) {
                    if (newSize < size) c.truncate(newSize);
                    else c.write(ByteBuffer.allocate(1), newSize - 1);
                    c.force(true);
                }
                size = newSize;
            }
            FileProperties changed = change.apply(e.properties()).changed(now);
            writeProperties(metaPath(share, path, e.directory()), changed);
            return new FileEntry(e.name(), e.directory(), size, changed);
        }
    }

    @Override
    public void deleteFile(ShareRef share, FilePath path) throws IOException {
        synchronized (lock(share)) {
            requireFile(share, path);
            Path p = dataPath(share, path);
            Files.deleteIfExists(p);
            Durable.forceDirectory(p.getParent());
            Files.deleteIfExists(metaPath(share, path, false));
        }
    }

    @Override
    public ReadableByteChannel open(ShareRef share, FilePath path, long offset, long length) throws IOException {
        requireFile(share, path);
        FileChannel c = FileChannel.open(dataPath(share, path), StandardOpenOption.READ);
        c.position(offset);
        return new Limited(c, length);
    }

    @Override
    public Optional<Path> localFile(ShareRef share, FilePath path) {
        Path p = dataPath(share, path);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** At most {@code remaining} bytes of a channel. */
    static final class Limited implements ReadableByteChannel {
        private final ReadableByteChannel in;
        private long remaining;

        Limited(ReadableByteChannel in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (remaining <= 0) return -1;
            int limit = dst.limit();
            if (dst.remaining() > remaining) dst.limit(dst.position() + (int) remaining);
            int n = in.read(dst);
            dst.limit(limit);
            if (n > 0) remaining -= n;
            return n;
        }

        @Override public boolean isOpen() { return in.isOpen(); }

        @Override public void close() throws IOException { in.close(); }
    }
}
