package io.strato.provider.storage.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where blob contents live. A content is an immutable byte sequence named by an id the store chooses; the caller
 * records that id (with the blob's properties) elsewhere, in one transaction, which is what makes a blob visible.
 * So a write that never reaches that record — a crash mid-upload, a refused block list — exposes nothing.
 *
 * <p>Two kinds of content: committed ones (a blob's bytes) and staged ones (uncommitted blocks), kept apart so
 * abandoned blocks can be swept without touching blobs. Every method may block on I/O: call it off event loops.
 */
public interface BlobStore {
    /** Begins a committed content in {@code container}; nothing exists until {@link Upload#commit()}. */
    Upload create(ContainerRef container) throws IOException;

    /** Begins a staged content (one uncommitted block). */
    Upload stage(ContainerRef container) throws IOException;

    /** Opens a content for reading from {@code offset}; the channel yields at most {@code length} bytes. */
    ReadableByteChannel open(ContainerRef container, ContentId id, long offset, long length) throws IOException;

    /** The file holding a content, when the store keeps contents in files (lets the server send it zero-copy). */
    default Optional<Path> file(ContainerRef container, ContentId id) { return Optional.empty(); }

    /** Removes one content; an absent one is fine. */
    void delete(ContainerRef container, ContentId id) throws IOException;

    /** Removes every content of a container, committed and staged. */
    void deleteContainer(ContainerRef container);

    /**
     * Writes a new committed content made of {@code parts}, in order (Put Block List): each part is a range of an
     * existing staged or committed content.
     */
    default ContentId assemble(ContainerRef container, List<Part> parts) throws IOException {
        Upload out = create(container);
        try {
            for (Part p : parts) {
                try (ReadableByteChannel in = open(container, p.source(), p.offset(), p.length())) {
                    out.transferFrom(in, p.length());
                }
            }
            return out.commit();
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    /** A range of an existing content. */
    record Part(ContentId source, long offset, long length) {}

    /** A content being written. Not thread-safe: one writer. */
    interface Upload extends AutoCloseable {
        void write(ByteBuffer bytes) throws IOException;

        /** Copies exactly {@code length} bytes from {@code in}. */
        void transferFrom(ReadableByteChannel in, long length) throws IOException;

        long size();

        /** Makes the content durable and names it. After this, {@link #abort()} does nothing. */
        ContentId commit() throws IOException;

        /** Forgets what was written; idempotent. */
        void abort();

        @Override
        default void close() { abort(); }
    }
}
