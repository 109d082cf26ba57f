package io.strato.provider.storage.blob;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Contents in memory, for unit tests only ({@code strato.storage.driver=memory}). */
public final class InMemoryBlobStore implements BlobStore {
    private final Map<ContainerRef, Map<ContentId, byte[]>> contents = new ConcurrentHashMap<>();

    private Map<ContentId, byte[]> of(ContainerRef c) { return contents.computeIfAbsent(c, k -> new ConcurrentHashMap<>()); }

    @Override public Upload create(ContainerRef container) { return new MemoryUpload(container); }

    @Override public Upload stage(ContainerRef container) { return new MemoryUpload(container); }

    @Override
    public ReadableByteChannel open(ContainerRef c, ContentId id, long offset, long length) throws IOException {
        byte[] b = of(c).get(id);
        if (b == null) throw new NoSuchFileException(c + "/" + id);
        int from = (int) Math.min(offset, b.length);
        int len = (int) Math.min(length, b.length - from);
        return Channels.newChannel(new java.io.ByteArrayInputStream(b, from, len));
    }

    @Override public void delete(ContainerRef c, ContentId id) { of(c).remove(id); }

    @Override public void deleteContainer(ContainerRef c) { contents.remove(c); }

    /** How many contents a container holds, committed and staged (lets tests see that nothing leaked). */
    public int count(ContainerRef c) { return of(c).size(); }

    private final class MemoryUpload implements Upload {
        private final ContainerRef container;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private boolean finished;

        MemoryUpload(ContainerRef container) { this.container = container; }

        @Override
        public void write(ByteBuffer bytes) {
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            out.writeBytes(b);
        }

        @Override
        public void transferFrom(ReadableByteChannel in, long length) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            long left = length;
            while (left > 0) {
                buf.clear().limit((int) Math.min(buf.capacity(), left));
                int n = in.read(buf);
                if (n < 0) throw new IOException("the source content ended " + left + " bytes early");
                buf.flip();
                write(buf);
                left -= n;
            }
        }

        @Override public long size() { return out.size(); }

        @Override
        public ContentId commit() {
            ContentId id = ContentId.random();
            of(container).put(id, out.toByteArray());
            finished = true;
            return id;
        }

        @Override public void abort() { finished = true; }
    }
}
