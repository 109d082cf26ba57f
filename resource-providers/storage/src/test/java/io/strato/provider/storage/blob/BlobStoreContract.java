package io.strato.provider.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} driver must do; subclass it per driver. */
abstract class BlobStoreContract {
    protected static final ContainerRef C = new ContainerRef("acct1", "data");
    protected BlobStore store;

    protected abstract BlobStore newStore();

    @BeforeEach
    void fresh() { store = newStore(); }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    protected ContentId put(BlobStore.Upload u, byte[] data) throws IOException {
        for (int off = 0; off < data.length; off += 1000) u.write(ByteBuffer.wrap(data, off, Math.min(1000, data.length - off)));
        return u.commit();
    }

    protected byte[] read(ContentId id, long offset, long length) throws IOException {
        try (ReadableByteChannel ch = store.open(C, id, offset, length)) {
            ByteBuffer b = ByteBuffer.allocate((int) length + 10);
            while (ch.read(b) > 0) { }
            b.flip();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }

    @Test
    void a_committed_content_reads_back_whole_and_in_ranges() throws IOException {
        byte[] data = bytes(10_000, 1);
        ContentId id = put(store.create(C), data);

        assertThat(read(id, 0, data.length)).isEqualTo(data);
        assertThat(read(id, 1234, 100)).isEqualTo(java.util.Arrays.copyOfRange(data, 1234, 1334));
    }

    @Test
    void an_aborted_upload_leaves_no_content() throws IOException {
        BlobStore.Upload u = store.create(C);
        u.write(ByteBuffer.wrap(bytes(500, 2)));
        u.abort();
        u.abort();

        assertThat(contents()).isZero();
    }

    @Test
    void blocks_assemble_into_one_content_in_the_order_given() throws IOException {
        byte[] a = bytes(3000, 3), b = bytes(1500, 4);
        ContentId ia = put(store.stage(C), a), ib = put(store.stage(C), b);

        ContentId whole = store.assemble(C, List.of(new BlobStore.Part(ib, 0, b.length), new BlobStore.Part(ia, 0, a.length),
                new BlobStore.Part(ib, 100, 50)));

        byte[] expected = new byte[b.length + a.length + 50];
        System.arraycopy(b, 0, expected, 0, b.length);
        System.arraycopy(a, 0, expected, b.length, a.length);
        System.arraycopy(b, 100, expected, b.length + a.length, 50);
        assertThat(read(whole, 0, expected.length)).isEqualTo(expected);
    }

    @Test
    void a_deleted_content_cannot_be_opened() throws IOException {
        ContentId id = put(store.create(C), bytes(10, 5));
        store.delete(C, id);
        store.delete(C, id);

        assertThatThrownBy(() -> store.open(C, id, 0, 10)).isInstanceOf(IOException.class);
    }

    @Test
    void deleting_a_container_removes_committed_and_staged_contents() throws IOException {
        put(store.create(C), bytes(10, 6));
        put(store.stage(C), bytes(10, 7));

        store.deleteContainer(C);

        assertThat(contents()).isZero();
    }

    @Test
    void contents_of_other_containers_are_untouched() throws IOException {
        ContainerRef other = new ContainerRef("acct1", "other");
        ContentId kept = put(store.create(other), bytes(10, 8));

        store.deleteContainer(C);

        try (ReadableByteChannel ch = store.open(other, kept, 0, 10)) {
            assertThat(ch.isOpen()).isTrue();
        }
    }

    /** How many contents (committed or staged) the container holds. */
    protected abstract int contents() throws IOException;
}
