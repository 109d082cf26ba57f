package io.strato.provider.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.model.ResourceId;
import io.strato.testkit.InMemorySecretVault;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StorageAccountKeysTest {
    private final InMemorySecretVault vault = new InMemorySecretVault();
    private final StorageAccountKeys keys = new StorageAccountKeys(vault, Fixtures.CLOCK);
    private final ResourceId id = Fixtures.account("sakeys");

    @Test
    void eachKeyIs64RandomBytesInBase64() {
        var list = keys.list(id);

        assertThat(list).extracting(StorageAccountKeys.AccountKey::name).containsExactly("key1", "key2");
        list.forEach(k -> assertThat(Base64.getDecoder().decode(k.value())).hasSize(64));
        assertThat(list.get(0).value()).isNotEqualTo(list.get(1).value());
    }

    @Test
    void ensuringTwiceKeepsTheKeys() {
        keys.ensure(id);
        var first = vault.get(id);

        keys.ensure(id);

        assertThat(vault.get(id)).isEqualTo(first);
    }

    @Test
    void aKeysTextNeverShowsItsValue() {
        var key = keys.list(id).get(0);

        assertThat(key.toString()).doesNotContain(key.value()).contains("key1");
    }

    @Test
    void anAccountWithoutKeysHasNoCreationTimes() {
        assertThat(keys.creationTimes(id)).isEmpty();
    }
}
