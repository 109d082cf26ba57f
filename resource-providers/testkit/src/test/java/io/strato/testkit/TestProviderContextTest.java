package io.strato.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestProviderContextTest {
    @TempDir
    Path dir;

    @Test
    void settingsComeFromTheMapAndAbsentOnesAreEmpty() {
        var context = TestProviderContext.of(dir, Map.of("strato.storage.driver", "memory"));

        assertThat(context.setting("strato.storage.driver")).contains("memory");
        assertThat(context.setting("strato.other")).isEmpty();
    }

    @Test
    void itOffersTheFolderAVaultAndTheDefaultEndpoints() {
        var context = TestProviderContext.of(dir);

        assertThat(context.dataDirectory()).isEqualTo(dir);
        assertThat(context.secrets()).isInstanceOf(InMemorySecretVault.class);
        assertThat(context.storageEndpointSuffix()).isEqualTo("local.strato.test");
        assertThat(context.baseUrl()).startsWith("https://");
    }
}
