package io.strato.provider.storage.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Contents as files under each account's folder: {@code {root}/{account}/blob/{container}/objects/{id}} for
 * committed contents and {@code .../staged/{id}} for uncommitted blocks. A content is written to a hidden
 * temporary file, forced to disk, then renamed into place (and the folder forced), so a crash leaves either
 * nothing or a whole file. Deleting the account's folder (the account driver does) deletes its contents.
 */
public final class LocalDiskBlobStore implements BlobStore {
    private final Path accounts;

    /** {@code accounts} is the folder holding one folder per account (the account driver's). */
    public LocalDiskBlobStore(Path accounts) { this.accounts = accounts; }

    Path containerFolder(ContainerRef c) { return accounts.resolve(c.account()).resolve("blob").resolve(c.container()); }

    private Path objects(ContainerRef c) { return containerFolder(c).resolve("objects"); }

    private Path staged(ContainerRef c) { return containerFolder(c).resolve("staged"); }

    @Override
    public Upload create(ContainerRef container) throws IOException { return new FileUpload(objects(container)); }

    @Override
    public Upload stage(ContainerRef container) throws IOException { return new FileUpload(staged(container)); }

    private Path locate(ContainerRef c, ContentId id) throws NoSuchFileException {
        Path committed = objects(c).resolve(id.toString());
        if (Files.exists(committed)) return committed;
        Path stagedFile = staged(c).resolve(id.toString());
        if (Files.exists(stagedFile)) return stagedFile;
        throw new NoSuchFileException(committed.toString());
    }

    @Override
    public ReadableByteChannel open(ContainerRef c, ContentId id, long offset, long length) throws IOException {
        FileChannel ch = FileChannel.open(locate(c, id), StandardOpenOption.READ);
        ch.position(offset);
        if (offset + length >= ch.size()) return ch;
        return Channels.newChannel(new java.io.FilterInputStream(Channels.newInputStream(ch)) {
            long left = length;
            @Override public int read() throws IOException { if (left <= 0) return -1; int b = super.read(); if (b >= 0) left--; return b; }
            @Override public int read(byte[] buf, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = super.read(buf, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }
        });
    }

    @Override
    public Optional<Path> file(ContainerRef c, ContentId id) {
        try {
            return Optional.of(locate(c, id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(ContainerRef c, ContentId id) throws IOException {
        Files.deleteIfExists(objects(c).resolve(id.toString()));
        Files.deleteIfExists(staged(c).resolve(id.toString()));
    }

    @Override
    public void deleteContainer(ContainerRef c) {
        Path folder = containerFolder(c);
        if (!Files.exists(folder)) return;
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
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

    /** Writes into {@code .{id}.tmp} in the target folder; commit forces it and renames it to {@code {id}}. */
    private static final class FileUpload implements Upload {
        private final Path folder;
        private final ContentId id = ContentId.random();
        private final Path temp;
        private final FileChannel channel;
        private long size;
        private boolean finished;

        FileUpload(Path folder) throws IOException {
            this.folder = Files.createDirectories(folder);
            this.temp = folder.resolve("." + id + ".tmp");
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) size += channel.write(bytes);
        }

        @Override
        public void transferFrom(ReadableByteChannel in, long length) throws IOException {
            long done = 0;
            while (done < length) {
                long n = channel.transferFrom(in, size, length - done);
                if (n <= 0) throw new IOException("the source content ended " + (length - done) + " bytes early");
                done += n;
                size += n;
            }
            channel.position(size);
        }

        @Override
        public long size() { return size; }

        @Override
        public ContentId commit() throws IOException {
            channel.force(true);
            channel.close();
            Files.move(temp, folder.resolve(id.toString()), StandardCopyOption.ATOMIC_MOVE);
            finished = true;
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            }
            return id;
        }

        @Override
        public void abort() {
            if (finished) return;
            finished = true;
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temporary file is never read: names starting with '.' are not contents
            }
        }
    }
}
