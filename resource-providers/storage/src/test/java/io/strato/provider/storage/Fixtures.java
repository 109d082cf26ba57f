package io.strato.provider.storage;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** Shared values for the storage tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ApiVersion LATEST_SHAPE = ApiVersion.parse("2022-09-01");
    static final ApiVersion HYBRID_SHAPE = ApiVersion.parse("2019-06-01");
    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    private static final ObjectMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Fixtures() {}

    static ResourceId account(String name) {
        return ResourceId.resource(SUBSCRIPTION, "rg1", StorageAccountHandler.TYPE, name);
    }

    /** JSON with single quotes, to keep Java literals readable. */
    static JsonNode json(String text) {
        try {
            return LENIENT.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A handler configured with the in-memory driver over a test context. */
    static StorageAccountHandler configuredHandler(Path dir) {
        StorageProvider provider = new StorageProvider(CLOCK);
        provider.configure(TestProviderContext.of(dir, Map.of(StorageProvider.DRIVER_SETTING, "memory")));
        return (StorageAccountHandler) provider.resourceTypes().get(0);
    }

    /** What {@code az storage account create -l local --sku Standard_LRS} sends. */
    static StorageAccountSpec azDefaultSpec() {
        return StorageAccountRequest.toSpec(LATEST_SHAPE, json(
                "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','location':'local',"
                        + "'properties':{'encryption':{'services':{'blob':{}},'keySource':'Microsoft.Storage'}}}"),
                Optional.empty(), NOW);
    }
}
