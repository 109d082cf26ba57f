package io.strato.provider.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.testkit.ExternalClientContract;
import io.strato.testkit.InMemorySecretVault;
import org.junit.jupiter.api.Test;

class InMemoryStorageAccountDriverTest extends ExternalClientContract<StorageAccountSpec> {
    private final InMemorySecretVault vault = new InMemorySecretVault();

    @Override
    protected ExternalClient<StorageAccountSpec> newClient() {
        return new InMemoryStorageAccountDriver(new StorageAccountKeys(vault, Fixtures.CLOCK));
    }

    @Override
    protected ResourceId id() {
        return Fixtures.account("samemory1");
    }

    @Override
    protected StorageAccountSpec desired() {
        return Fixtures.azDefaultSpec();
    }

    @Test
    void itMakesAndForgetsKeysLikeTheRealDriver() {
        assertDone(client.create(id(), desired()));
        assertThat(vault.get(id())).containsKeys("key1", "key2");

        assertDone(client.delete(id()));
        assertThat(vault.get(id())).isEmpty();
    }
}
