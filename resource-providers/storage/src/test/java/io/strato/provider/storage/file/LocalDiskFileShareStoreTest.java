package io.strato.provider.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDiskFileShareStoreTest extends FileShareStoreContract {
    @TempDir Path accounts;
    private LocalDiskFileShareStore store;

    @Override
    protected FileShareStore store() {
        if (store == null) store = new LocalDiskFileShareStore(accounts);
        return store;
    }

    @Test
    void a_share_is_a_folder_in_its_accounts_folder_and_its_usage_is_the_bytes_of_its_files() throws Exception {
        ShareRef share = new ShareRef("acct1", "docs");
        store().createShare(share);
        Path data = accounts.resolve("acct1/file/docs/data");
        assertThat(data).isDirectory();
        Files.createDirectories(data.resolve("dir"));
        Files.write(data.resolve("dir/a.bin"), new byte[3000]);
        Files.write(data.resolve("b.bin"), new byte[17]);
        assertThat(store().usageBytes(share)).isEqualTo(3017);
        assertThat(store().list(share, FilePath.ROOT)).extracting(FileEntry::name).containsExactly("b.bin", "dir");
        store().deleteShare(share);
        assertThat(accounts.resolve("acct1/file/docs")).doesNotExist();
    }

    @Test
    void a_file_is_a_real_file_and_no_temporary_file_is_left() throws Exception {
        ShareRef share = new ShareRef("acct1", "docs");
        store().createShare(share);
        store().createFile(share, FilePath.parse("f.txt"), 3, FileProperties.fresh(NOW, java.util.Map.of()), QUOTA);
        store().writeRange(share, FilePath.parse("f.txt"), 0, 3, chunks("abc".getBytes()), NOW);
        Path data = accounts.resolve("acct1/file/docs/data");
        assertThat(Files.readString(data.resolve("f.txt"))).isEqualTo("abc");
        try (var s = Files.list(data)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactly("f.txt");
        }
        assertThat(store().localFile(share, FilePath.parse("f.txt"))).contains(data.resolve("f.txt"));
    }
}
