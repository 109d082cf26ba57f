package io.strato.provider.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the contents of file shares live: one folder per share, owned by the storage driver, with the share's
 * directories and files and what Azure Files keeps about each. Implementations are thread-safe and serialise the
 * changes to one share. Refusals are Azure's ({@link FileErrorCode}, as {@link io.strato.provider.storage.blob.BlobServiceException}):
 * {@code ShareNotFound}, {@code ParentNotFound}, {@code ResourceNotFound}, {@code ResourceAlreadyExists},
 * {@code ResourceTypeMismatch}, {@code DirectoryNotEmpty}, {@code ShareSizeLimitReached}, {@code InvalidRange}.
 */
public interface FileShareStore {
    /** Makes the share's (empty) folder; nothing happens when it exists. */
    void createShare(ShareRef share) throws IOException;

    /** Removes the share and everything in it; nothing happens when it is absent. */
    void deleteShare(ShareRef share) throws IOException;

    boolean shareExists(ShareRef share);

    /** The bytes the share's files hold (the sum of their sizes); 0 for an absent share. */
    long usageBytes(ShareRef share) throws IOException;

    /** The directory or file at {@code path}; the root directory always exists in an existing share. */
    Optional<FileEntry> entry(ShareRef share, FilePath path) throws IOException;

    /** Makes a directory in an existing one. */
    FileEntry createDirectory(ShareRef share, FilePath path, Map<String, String> metadata, Instant now) throws IOException;

    /** Removes an empty directory (not the root). */
    void deleteDirectory(ShareRef share, FilePath path) throws IOException;

    /** The directories and files directly in a directory, by name. */
    List<FileEntry> list(ShareRef share, FilePath directory) throws IOException;

    /**
     * Creates (or replaces) a file of {@code size} bytes, all zero, durably; {@code ShareSizeLimitReached} when the share's
     * files would then hold more than {@code quotaBytes}.
     */
    FileEntry createFile(ShareRef share, FilePath path, long size, FileProperties properties, long quotaBytes) throws IOException;

    /** Where Put Range reads its bytes from: the next chunk, or null at the end. */
    @FunctionalInterface
    interface Chunks {
        ByteBuffer next() throws IOException;
    }

    /**
     * Writes exactly {@code length} bytes from {@code body} at {@code offset}, forced to disk before it returns;
     * {@code InvalidRange} when the range passes the end of the file, {@code InvalidHeaderValue} when the body is not
     * {@code length} bytes long.
     */
    FileEntry writeRange(ShareRef share, FilePath path, long offset, long length, Chunks body, Instant now) throws IOException;

    /** Sets {@code length} bytes at {@code offset} to zero. */
    FileEntry clearRange(ShareRef share, FilePath path, long offset, long length, Instant now) throws IOException;

    /**
     * Changes a file's or directory's properties (and a file's size when {@code newSize} is not negative, against
     * {@code quotaBytes}); the ETag and modification time change too.
     */
    FileEntry update(ShareRef share, FilePath path, UnaryOperator<FileProperties> change, long newSize, long quotaBytes, Instant now)
            throws IOException;

    void deleteFile(ShareRef share, FilePath path) throws IOException;

    /** Reads {@code length} bytes of a file from {@code offset}. */
    ReadableByteChannel open(ShareRef share, FilePath path, long offset, long length) throws IOException;

    /** The file on the local disk, when the store keeps files there (so it can be sent without copying). */
    default Optional<Path> localFile(ShareRef share, FilePath path) { return Optional.empty(); }
}
