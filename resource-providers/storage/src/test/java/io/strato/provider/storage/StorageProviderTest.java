package io.strato.provider.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.spi.ResourceProvider;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageProviderTest {
    @TempDir
    Path dir;

    @Test
    void theServerFindsItThroughTheServiceLoader() {
        var providers = ServiceLoader.load(ResourceProvider.class).stream().map(ServiceLoader.Provider::get).toList();

        assertThat(providers).anySatisfy(p -> {
            assertThat(p.namespace()).isEqualTo("Microsoft.Storage");
            assertThat(p.resourceTypes()).extracting(t -> t.type().toString()).containsExactly("Microsoft.Storage/storageAccounts",
                    "Microsoft.Storage/storageAccounts/blobServices", "Microsoft.Storage/storageAccounts/blobServices/containers",
                    "Microsoft.Storage/storageAccounts/fileServices", "Microsoft.Storage/storageAccounts/fileServices/shares");
            assertThat(p.actions()).extracting(a -> a.name()).containsExactly("checkNameAvailability");
        });
    }

    static Stream<Arguments> driverSettings() {
        return Stream.of(
                Arguments.of("no setting chooses the local disk", Map.of(), LocalDiskStorageAccountDriver.class),
                Arguments.of("local", Map.of("strato.storage.driver", "local"), LocalDiskStorageAccountDriver.class),
                Arguments.of("memory, in any case", Map.of("strato.storage.driver", " Memory "), InMemoryStorageAccountDriver.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("driverSettings")
    void theSettingChoosesTheDriver(String reason, Map<String, String> settings, Class<?> driver) {
        var provider = new StorageProvider();

        provider.configure(TestProviderContext.of(dir, settings));

        assertThat(provider.resourceTypes().get(0).connect()).as(reason).isInstanceOf(driver);
    }

    @Test
    void anUnknownDriverIsRefusedWithTheKnownOnes() {
        var provider = new StorageProvider();

        assertThatThrownBy(() -> provider.configure(TestProviderContext.of(dir, Map.of("strato.storage.driver", "ceph"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown strato.storage.driver 'ceph'; the drivers are local, memory.");
    }
}
