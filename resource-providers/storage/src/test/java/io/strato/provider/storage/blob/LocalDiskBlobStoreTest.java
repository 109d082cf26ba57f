package io.strato.provider.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDiskBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() { return new LocalDiskBlobStore(dir); }

    @Override
    protected int contents() throws IOException {
        Path folder = dir.resolve("acct1/blob/data");
        if (!Files.exists(folder)) return 0;
        try (Stream<Path> files = Files.walk(folder)) {
            return (int) files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void an_upload_in_progress_is_only_a_hidden_temporary_file() throws IOException {
        BlobStore.Upload u = store.create(C);
        u.write(ByteBuffer.wrap(bytes(4096, 9)));

        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .singleElement().asString().startsWith(".").endsWith(".tmp");
        }
        u.abort();
    }

    @Test
    void contents_live_under_the_account_folder_and_are_served_as_files() throws IOException {
        ContentId id = put(store.create(C), bytes(100, 10));

        assertThat(store.file(C, id)).get().satisfies(p -> {
            assertThat(p.startsWith(dir.resolve("acct1"))).isTrue();
            assertThat(Files.size(p)).isEqualTo(100);
        });
    }
}
