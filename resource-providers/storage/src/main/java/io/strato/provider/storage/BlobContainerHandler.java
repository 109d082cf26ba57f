package io.strato.provider.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.provider.storage.blob.BlobStore;
import io.strato.provider.storage.blob.ContainerNames;
import io.strato.provider.storage.blob.ContainerRef;
import io.strato.spi.ApiVersions;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.ResourceTypeHandler;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.Storage/storageAccounts/blobServices/containers}: public access level and metadata. The same
 * rows back the Blob endpoint's containers, so a container made on either side is listed on both. Its driver
 * removes the container's blob contents from the {@link BlobStore} when the container is deleted.
 */
public final class BlobContainerHandler implements ResourceTypeHandler<BlobContainerSpec> {
    public static final ResourceType TYPE = ResourceType.of("Microsoft.Storage", "storageAccounts", "blobServices", "containers");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private volatile BlobStore store;

    public BlobContainerHandler(Clock clock) { this.clock = clock; }

    void configure(BlobStore store) { this.store = store; }

    /** The content store of the data plane, as {@link StorageProvider#configure} chose it. */
    public BlobStore blobStore() {
        BlobStore s = store;
        if (s == null) throw new IllegalStateException("StorageProvider.configure(ProviderContext) has not been called");
        return s;
    }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return StorageAccountHandler.API_VERSIONS; }

    @Override public Class<BlobContainerSpec> specClass() { return BlobContainerSpec.class; }

    @Override
    public BlobContainerSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<BlobContainerSpec> existing) {
        JsonNode p = body.path("properties");
        if (!p.isMissingNode() && !p.isNull() && !p.isObject()) {
            throw ArmErrorCode.InvalidRequestContent.exception("The request content was invalid: 'properties' must be an object.", "properties");
        }
        BlobContainerSpec before = existing.orElse(null);
        String access = before == null ? "None" : before.publicAccess();
        if (p.has("publicAccess") && !p.get("publicAccess").isNull()) {
            String sent = p.get("publicAccess").asText();
            access = BlobContainerSpec.ACCESS_LEVELS.stream().filter(a -> a.equalsIgnoreCase(sent)).findFirst().orElseThrow(() ->
                    ArmErrorCode.InvalidRequestPropertyValue.exception("The value '" + sent + "' is not valid for publicAccess; use None, Blob or Container.",
                            "properties.publicAccess"));
        }
        Map<String, String> metadata = before == null ? Map.of() : before.metadata();
        if (p.has("metadata") && !p.get("metadata").isNull()) {
            JsonNode m = p.get("metadata");
            if (!m.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("'metadata' must be an object of strings.", "properties.metadata");
            Map<String, String> sent = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                var f = it.next();
                if (!ContainerNames.isMetadataName(f.getKey())) {
                    throw ArmErrorCode.InvalidRequestPropertyValue.exception("The metadata name '" + f.getKey() + "' is not a valid C# identifier.",
                            "properties.metadata");
                }
                sent.put(f.getKey(), f.getValue().asText());
            }
            metadata = sent;
        }
        return new BlobContainerSpec(access, metadata, clock.instant(), before == null ? null : before.signedIdentifiers());
    }

    @Override
    public BlobContainerSpec patch(ApiVersion version, ResourceId id, JsonNode body, BlobContainerSpec existing) {
        return toSpec(version, id, body, Optional.of(existing));
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, BlobContainerSpec spec, Observation seen) {
        ObjectNode n = NODES.objectNode();
        ObjectNode p = n.putObject("properties");
        p.put("publicAccess", spec.publicAccess());
        p.put("leaseStatus", "Unlocked");
        p.put("leaseState", "Available");
        p.put("lastModifiedTime", spec.lastModified().toString());
        ObjectNode metadata = p.putObject("metadata");
        spec.metadata().forEach(metadata::put);
        p.put("hasImmutabilityPolicy", false);
        p.put("hasLegalHold", false);
        p.put("deleted", false);
        p.put("remainingRetentionDays", 0);
        p.put("defaultEncryptionScope", "$account-encryption-key");
        p.put("denyEncryptionScopeOverride", false);
        return n;
    }

    @Override
    public ExternalClient<BlobContainerSpec> connect() {
        return new ExternalClient<>() {
            @Override public Observation observe(ResourceId id, BlobContainerSpec desired) { return Observation.present(Map.of()); }
            @Override public Outcome create(ResourceId id, BlobContainerSpec desired) { return Outcome.done(); }
            @Override public Outcome update(ResourceId id, BlobContainerSpec desired) { return Outcome.done(); }
            @Override
            public Outcome delete(ResourceId id) {
                blobStore().deleteContainer(ref(id));
                return Outcome.done();
            }
        };
    }

    /** The account and container a container resource id names. */
    public static ContainerRef ref(ResourceId id) {
        return new ContainerRef(id.names().get(0), id.name());
    }

    @Override
    public void validateName(ResourceId id) {
        if (!ContainerNames.isValid(id.name())) {
            throw ArmErrorCode.InvalidResourceName.exception("The specified resource name '" + id.name() + "' is not a valid container name: "
                    + ContainerNames.RULE, "name");
        }
    }

    @Override public boolean hasLocation() { return false; }

    @Override public boolean hasSystemData(ApiVersion version) { return false; }
}
