package io.strato.provider.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Outcome;
import io.strato.testkit.ExternalClientContract;
import io.strato.testkit.InMemorySecretVault;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDiskStorageAccountDriverTest extends ExternalClientContract<StorageAccountSpec> {
    @TempDir
    Path dir;
    private final InMemorySecretVault vault = new InMemorySecretVault();
    private final StorageAccountKeys keys = new StorageAccountKeys(vault, Fixtures.CLOCK);

    @Override
    protected ExternalClient<StorageAccountSpec> newClient() {
        return new LocalDiskStorageAccountDriver(dir, keys);
    }

    @Override
    protected ResourceId id() {
        return Fixtures.account("SaLocal1");
    }

    @Override
    protected StorageAccountSpec desired() {
        return Fixtures.azDefaultSpec();
    }

    @Override
    protected StorageAccountSpec updated() {
        return new StorageAccountSpecBuilder().accessTier("Cool").build();
    }

    private Path folder() {
        return dir.resolve("accounts").resolve("salocal1");
    }

    @Test
    void anAccountIsAFolderNamedInLowerCaseWithAMarkerThatHoldsNoKeys() throws Exception {
        assertDone(client.create(id(), desired()));

        assertThat(folder().resolve("account.json")).isRegularFile();
        String marker = Files.readString(folder().resolve("account.json"));
        assertThat(marker).contains(id().toString()).contains("Standard_LRS");
        assertThat(marker).doesNotContain(vault.get(id()).get("key1")).doesNotContain(vault.get(id()).get("key2"));
        try (var leftovers = Files.list(folder())) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void creatingMakesBothKeysAndDeletingForgetsThem() {
        assertDone(client.create(id(), desired()));
        assertThat(vault.get(id())).containsKeys("key1", "key2", "key1.creationTime", "key2.creationTime");

        assertDone(client.delete(id()));
        assertThat(vault.get(id())).isEmpty();
    }

    @Test
    void creatingAgainKeepsTheKeys() {
        assertDone(client.create(id(), desired()));
        var first = vault.get(id());

        assertDone(client.create(id(), desired()));

        assertThat(vault.get(id())).isEqualTo(first);
    }

    @Test
    void observingReportsTheCreationTime() {
        assertDone(client.create(id(), desired()));

        assertThat(client.observe(id(), desired()).facts()).containsEntry("creationTime", "2025-03-01T10:15:30.123Z");
    }

    @Test
    void updatingRewritesTheMarker() throws Exception {
        assertDone(client.create(id(), desired()));

        assertDone(client.update(id(), updated()));

        assertThat(Files.readString(folder().resolve("account.json"))).contains("\"accessTier\":\"Cool\"");
    }

    @Test
    void deletingRemovesTheFolderWithItsData() throws Exception {
        assertDone(client.create(id(), desired()));
        Files.createDirectories(folder().resolve("blob/container1"));
        Files.writeString(folder().resolve("blob/container1/a.txt"), "data");

        assertDone(client.delete(id()));

        assertThat(folder()).doesNotExist();
    }

    @Test
    void theSameNameInAnotherGroupIsAlreadyTaken() {
        assertDone(client.create(id(), desired()));
        ResourceId other = ResourceId.parse(id().toString().replace("rg1", "rg2"));

        Outcome outcome = client.create(other, desired());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.error().code()).isEqualTo(ArmErrorCode.StorageAccountAlreadyTaken.name()));
        assertThat(client.observe(other, desired()).exists()).isFalse();
        assertDone(client.delete(other));
        assertThat(client.observe(id(), desired()).exists()).isTrue();
    }

    @Test
    void aFolderWithoutMarkerIsNotAnAccountAndIsCleanedUpByDelete() throws Exception {
        Files.createDirectories(folder());

        assertThat(client.observe(id(), desired()).exists()).isFalse();
        assertDone(client.delete(id()));
        assertThat(folder()).doesNotExist();
    }

    @Test
    void aNameThatCouldEscapeTheDataFolderIsNeverUsedAsAPath() {
        ResourceId escape = ResourceId.parse("/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/..");

        assertThatThrownBy(() -> client.delete(escape)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir).exists();
    }
}
