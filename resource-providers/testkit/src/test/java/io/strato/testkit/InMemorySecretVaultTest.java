package io.strato.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.model.ResourceId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemorySecretVaultTest {
    private final InMemorySecretVault vault = new InMemorySecretVault();
    private final ResourceId owner = ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa1");

    @Test
    void secretsAreReadBackByTheirOwnerIgnoringCase() {
        vault.put(owner, "key1", "secret");

        assertThat(vault.get(ResourceId.parse(owner.toString().toUpperCase()))).isEqualTo(Map.of("key1", "secret"));
    }

    @Test
    void anOwnerWithoutSecretsHasAnEmptyMap() {
        assertThat(vault.get(owner)).isEmpty();
    }

    @Test
    void deletingAllTwiceIsHarmless() {
        vault.put(owner, "key1", "secret");

        vault.deleteAll(owner);
        vault.deleteAll(owner);

        assertThat(vault.get(owner)).isEmpty();
    }

    @Test
    void itsTextNeverShowsASecret() {
        vault.put(owner, "key1", "do-not-print-me");

        assertThat(vault.toString()).doesNotContain("do-not-print-me");
    }
}
