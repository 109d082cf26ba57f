package io.strato.provider.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.ApiVersions;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.ProviderContext;
import io.strato.spi.ResourceAction;
import io.strato.spi.ResourceTypeHandler;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.Storage/storageAccounts}: validation with Azure's codes ({@link StorageAccountRequest}),
 * Azure's response shape ({@link StorageAccountResponse}), the {@code listKeys} and {@code regenerateKey}
 * actions, and the driver {@link StorageProvider#configure} chose. Creation is asynchronous and names are
 * unique across the appliance, as in Azure.
 */
public final class StorageAccountHandler implements ResourceTypeHandler<StorageAccountSpec> {
    public static final ResourceType TYPE = ResourceType.of("Microsoft.Storage", "storageAccounts");

    /**
     * Every api-version Azure published for the type, and the two shapes implemented: 2019-06-01 (the
     * 2020-09-01-hybrid profile) and 2022-09-01 (the az CLI's default).
     */
    static final ApiVersions API_VERSIONS = ApiVersions.of(List.of(
                    "2015-05-01-preview", "2015-06-15", "2016-01-01", "2016-05-01", "2016-12-01", "2017-06-01",
                    "2017-10-01", "2018-02-01", "2018-03-01-preview", "2018-07-01", "2018-11-01", "2019-04-01",
                    "2019-06-01", "2020-08-01-preview", "2021-01-01", "2021-02-01", "2021-04-01", "2021-06-01",
                    "2021-08-01", "2021-09-01", "2022-05-01", "2022-09-01", "2023-01-01", "2023-04-01", "2023-05-01",
                    "2024-01-01", "2025-01-01", "2025-06-01"),
            List.of("2019-06-01", "2022-09-01"));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private volatile Configured configured;

    /** What {@link StorageProvider#configure} hands over: the context, the keys and the chosen driver. */
    record Configured(ProviderContext context, StorageAccountKeys keys, ExternalClient<StorageAccountSpec> driver) {}

    public StorageAccountHandler() {
        this(Clock.systemUTC());
    }

    StorageAccountHandler(Clock clock) {
        this.clock = clock;
    }

    void configure(ProviderContext context, StorageAccountKeys keys, ExternalClient<StorageAccountSpec> driver) {
        this.configured = new Configured(context, keys, driver);
    }

    @Override
    public ResourceType type() { return TYPE; }

    @Override
    public ApiVersions apiVersions() { return API_VERSIONS; }

    @Override
    public Class<StorageAccountSpec> specClass() { return StorageAccountSpec.class; }

    @Override
    public StorageAccountSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<StorageAccountSpec> existing) {
        return StorageAccountRequest.toSpec(version, body, existing, clock.instant());
    }

    /**
     * Applies {@code sku}, {@code kind} and {@code properties} of a PATCH body to the stored spec as a JSON
     * merge-patch (RFC 7396), then validates the result as an update: a kind may be upgraded
     * ({@code Storage} to {@code StorageV2}) but not downgraded, and {@code creationTime} stays.
     */
    @Override
    public StorageAccountSpec patch(ApiVersion version, ResourceId id, JsonNode body, StorageAccountSpec existing) {
        JsonBody.of(body);
        ObjectNode merged = StorageAccountRequest.toBody(existing);
        for (String field : List.of("sku", "kind", "properties")) {
            if (body.has(field)) merged.set(field, mergePatch(merged.get(field), body.get(field)));
        }
        JsonNode accountType = body.path("properties").path("accountType");
        if (accountType.isTextual()) merged.putObject("sku").put("name", accountType.asText());
        return StorageAccountRequest.toSpec(version, merged, Optional.of(existing), clock.instant());
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, StorageAccountSpec spec, Observation seen) {
        Configured c = configured();
        return StorageAccountResponse.render(version, id, spec, c.context().storageEndpointSuffix(), seen.observed() ? c.keys().creationTimes(id) : Map.of());
    }

    @Override
    public ExternalClient<StorageAccountSpec> connect() { return configured().driver(); }

    @Override
    public void validateName(ResourceId id) {
        StorageAccountNames.check(id.name()).ifPresent(e -> { throw e; });
    }

    @Override
    public boolean asyncCreate() { return true; }

    @Override
    public boolean globallyUniqueName() { return true; }

    @Override
    public io.strato.model.ArmException nameTaken(ResourceId id) {
        return ArmErrorCode.StorageAccountAlreadyTaken.exception("The storage account named " + id.name() + " is already taken.", "name");
    }

    @Override
    public boolean hasSystemData(ApiVersion version) { return false; }

    /** Account keys have a creationTime from this api-version on (Microsoft.Storage 2021-02-01). */
    private static final ApiVersion KEY_CREATION_TIME_SINCE = ApiVersion.parse("2021-02-01");

    @Override
    public List<ResourceAction<StorageAccountSpec>> actions() {
        return List.of(new KeyAction("listKeys", this::listKeys), new KeyAction("regenerateKey", this::regenerateKey));
    }

    /** {@code POST .../listKeys}: both keys with full permissions. */
    private JsonNode listKeys(ResourceId id, JsonNode body) {
        return keysResponse(configured().keys().list(id));
    }

    /** {@code POST .../regenerateKey} with {@code {"keyName":"key1"|"key2"}}: replaces that key, returns both. */
    private JsonNode regenerateKey(ResourceId id, JsonNode body) {
        String name = JsonBody.of(body).requiredText("keyName");
        String keyName = JsonBody.canonical(name, StorageAccountKeys.NAMES).orElseThrow(() ->
                ArmErrorCode.InvalidAccountKeyName.exception(
                        "The key name '" + name + "' is not valid. Valid key names are key1 and key2.", "keyName"));
        return keysResponse(configured().keys().regenerate(id, keyName));
    }

    private static JsonNode keysResponse(List<StorageAccountKeys.AccountKey> keys) {
        ObjectNode response = NODES.objectNode();
        var list = response.putArray("keys");
        for (var key : keys) {
            list.addObject()
                    .put("keyName", key.name())
                    .put("value", key.value())
                    .put("permissions", "Full")
                    .put("creationTime", key.creationTime().toString());
        }
        return response;
    }

    private Configured configured() {
        Configured c = configured;
        if (c == null) throw new IllegalStateException("StorageProvider.configure(ProviderContext) has not been called");
        return c;
    }

    /** RFC 7396: objects merge member by member, {@code null} removes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch;
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            var field = it.next();
            if (field.getValue().isNull()) result.remove(field.getKey());
            else result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
        }
        return result;
    }

    /** A POST action on one account; the spec is not needed, only the id that owns the keys. */
    private record KeyAction(String name, java.util.function.BiFunction<ResourceId, JsonNode, JsonNode> run)
            implements ResourceAction<StorageAccountSpec> {
        @Override
        public JsonNode invoke(ApiVersion version, ResourceId id, StorageAccountSpec spec, JsonNode body) {
            JsonNode keys = run.apply(id, body == null ? NODES.objectNode() : body);
            if (version.compareTo(KEY_CREATION_TIME_SINCE) < 0) keys.get("keys").forEach(k -> ((ObjectNode) k).remove("creationTime"));
            return keys;
        }
    }
}
