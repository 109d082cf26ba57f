package io.strato.provider.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.provider.storage.blob.BlobErrorCode;
import io.strato.provider.storage.blob.BlobServiceException;
import io.strato.provider.storage.blob.StorageErrorCode;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What every {@link FileShareStore} does; run against each driver. */
abstract class FileShareStoreContract {
    protected abstract FileShareStore store();

    static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    static final long QUOTA = 1024 * 1024;
    final ShareRef share = new ShareRef("acct1", "docs");

    static FilePath p(String path) { return FilePath.parse(path); }

    static FileShareStore.Chunks chunks(byte[]... parts) {
        Deque<ByteBuffer> q = new ArrayDeque<>();
        for (byte[] b : parts) q.add(ByteBuffer.wrap(b));
        return q::poll;
    }

    static void refused(StorageErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    static byte[] read(ReadableByteChannel c) throws Exception {
        try (c) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (c.read(b) >= 0) { }
            b.flip();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }

    FileEntry newFile(String path, long size) throws Exception {
        return store().createFile(share, p(path), size, FileProperties.fresh(NOW, Map.of("k", "v")), QUOTA);
    }

    @Test
    void a_share_exists_from_creation_until_deletion() throws Exception {
        assertThat(store().shareExists(share)).isFalse();
        store().createShare(share);
        store().createShare(share);
        assertThat(store().shareExists(share)).isTrue();
        assertThat(store().usageBytes(share)).isZero();
        store().deleteShare(share);
        store().deleteShare(share);
        assertThat(store().shareExists(share)).isFalse();
        assertThat(store().usageBytes(share)).isZero();
    }

    @Test
    void shares_of_one_account_are_apart() throws Exception {
        ShareRef other = new ShareRef("acct1", "other");
        store().createShare(share);
        store().createShare(other);
        store().createFile(other, p("x"), 10, FileProperties.fresh(NOW, Map.of()), QUOTA);
        store().deleteShare(other);
        assertThat(store().shareExists(share)).isTrue();
        refused(FileErrorCode.ShareNotFound, () -> store().list(other, FilePath.ROOT));
    }

    @Test
    void directories_nest_and_list_by_name() throws Exception {
        store().createShare(share);
        store().createDirectory(share, p("b"), Map.of("team", "x"), NOW);
        store().createDirectory(share, p("a"), Map.of(), NOW);
        store().createDirectory(share, p("b/inner"), Map.of(), NOW);
        newFile("b/file.txt", 5);
        assertThat(store().list(share, FilePath.ROOT)).extracting(FileEntry::name).containsExactly("a", "b");
        assertThat(store().list(share, p("b"))).extracting(FileEntry::name, FileEntry::directory, FileEntry::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("file.txt", false, 5L), org.assertj.core.groups.Tuple.tuple("inner", true, 0L));
        assertThat(store().entry(share, p("b")).orElseThrow().properties().metadata()).isEqualTo(Map.of("team", "x"));
        refused(FileErrorCode.ResourceAlreadyExists, () -> store().createDirectory(share, p("a"), Map.of(), NOW));
        refused(FileErrorCode.ParentNotFound, () -> store().createDirectory(share, p("none/sub"), Map.of(), NOW));
        refused(FileErrorCode.ResourceNotFound, () -> store().list(share, p("none")));
    }

    @Test
    void only_an_empty_directory_can_be_deleted() throws Exception {
        store().createShare(share);
        store().createDirectory(share, p("d"), Map.of(), NOW);
        newFile("d/f", 1);
        refused(FileErrorCode.DirectoryNotEmpty, () -> store().deleteDirectory(share, p("d")));
        store().deleteFile(share, p("d/f"));
        store().deleteDirectory(share, p("d"));
        assertThat(store().entry(share, p("d"))).isEmpty();
        refused(FileErrorCode.ResourceNotFound, () -> store().deleteDirectory(share, p("d")));
        store().createDirectory(share, p("d"), Map.of(), NOW);
        assertThat(store().list(share, p("d"))).isEmpty();
    }

    @Test
    void a_file_is_created_at_its_size_and_written_in_ranges() throws Exception {
        store().createShare(share);
        FileEntry created = newFile("f.bin", 10);
        assertThat(read(store().open(share, p("f.bin"), 0, 10))).containsExactly(new byte[10]);
        FileEntry written = store().writeRange(share, p("f.bin"), 2, 5, chunks("ab".getBytes(), "cde".getBytes()), NOW.plusSeconds(1));
        assertThat(written.properties().etag()).isNotEqualTo(created.properties().etag());
        assertThat(written.properties().fileId()).isEqualTo(created.properties().fileId());
        assertThat(read(store().open(share, p("f.bin"), 0, 10))).containsExactly(0, 0, 'a', 'b', 'c', 'd', 'e', 0, 0, 0);
        assertThat(new String(read(store().open(share, p("f.bin"), 3, 3)), StandardCharsets.US_ASCII)).isEqualTo("bcd");
        store().clearRange(share, p("f.bin"), 3, 2, NOW);
        assertThat(read(store().open(share, p("f.bin"), 0, 10))).containsExactly(0, 0, 'a', 0, 0, 'd', 'e', 0, 0, 0);
        assertThat(store().usageBytes(share)).isEqualTo(10);
    }

    @Test
    void a_range_past_the_end_or_a_body_of_the_wrong_length_is_refused() throws Exception {
        store().createShare(share);
        newFile("f.bin", 4);
        refused(BlobErrorCode.InvalidRange, () -> store().writeRange(share, p("f.bin"), 2, 3, chunks(new byte[3]), NOW));
        refused(BlobErrorCode.InvalidHeaderValue, () -> store().writeRange(share, p("f.bin"), 0, 3, chunks(new byte[2]), NOW));
        refused(BlobErrorCode.InvalidHeaderValue, () -> store().writeRange(share, p("f.bin"), 0, 3, chunks(new byte[4]), NOW));
        refused(FileErrorCode.ResourceNotFound, () -> store().writeRange(share, p("none"), 0, 1, chunks(new byte[1]), NOW));
        refused(FileErrorCode.ParentNotFound, () -> newFile("none/f", 1));
    }

    @Test
    void the_quota_bounds_the_bytes_of_a_share() throws Exception {
        store().createShare(share);
        newFile("a", QUOTA - 100);
        refused(FileErrorCode.ShareSizeLimitReached, () -> newFile("b", 101));
        newFile("b", 100);
        newFile("a", 10); // replacing a file frees its bytes
        refused(FileErrorCode.ShareSizeLimitReached, () -> store().update(share, p("b"), x -> x, QUOTA, QUOTA, NOW));
        FileEntry grown = store().update(share, p("b"), x -> x, 1000, QUOTA, NOW);
        assertThat(grown.size()).isEqualTo(1000);
        assertThat(store().usageBytes(share)).isEqualTo(1010);
    }

    @Test
    void properties_and_metadata_change_with_a_new_etag() throws Exception {
        store().createShare(share);
        FileEntry f = newFile("f", 3);
        FileEntry changed = store().update(share, p("f"), x -> x.withHeaders(new FileProperties.Headers("text/plain", null, null, null, null, null))
                .withMetadata(Map.of("colour", "blue")), -1, QUOTA, NOW.plusSeconds(5));
        FileEntry read = store().entry(share, p("f")).orElseThrow();
        assertThat(read.properties().contentType()).isEqualTo("text/plain");
        assertThat(read.properties().metadata()).isEqualTo(Map.of("colour", "blue"));
        assertThat(read.properties().etag()).isEqualTo(changed.properties().etag()).isNotEqualTo(f.properties().etag());
        assertThat(read.properties().modified()).isEqualTo(NOW.plusSeconds(5));
        assertThat(read.size()).isEqualTo(3);
    }

    @Test
    void files_and_directories_do_not_stand_in_for_each_other() throws Exception {
        store().createShare(share);
        store().createDirectory(share, p("d"), Map.of(), NOW);
        newFile("f", 1);
        refused(FileErrorCode.ResourceTypeMismatch, () -> newFile("d", 1));
        refused(FileErrorCode.ResourceTypeMismatch, () -> store().deleteFile(share, p("d")));
        refused(FileErrorCode.ResourceTypeMismatch, () -> store().deleteDirectory(share, p("f")));
        refused(FileErrorCode.ResourceAlreadyExists, () -> store().createDirectory(share, p("f"), Map.of(), NOW));
        refused(FileErrorCode.ParentNotFound, () -> newFile("f/g", 1));
        store().deleteFile(share, p("f"));
        refused(FileErrorCode.ResourceNotFound, () -> store().deleteFile(share, p("f")));
        assertThat(store().list(share, FilePath.ROOT)).extracting(FileEntry::name).isEqualTo(List.of("d"));
    }

    @Test
    void names_azure_refuses_never_reach_the_store() {
        for (String bad : List.of("a|b", "a:b", "x/../..", "a*b", "q?", "..")) {
            assertThatThrownBy(() -> FilePath.parse(bad)).as(bad).isInstanceOf(BlobServiceException.class);
        }
        assertThat(FilePath.parse("dir//sub/file.txt/").components()).containsExactly("dir", "sub", "file.txt");
    }
}
