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
import io.strato.spi.Outcome;
import io.strato.spi.ResourceTypeHandler;
import java.util.Optional;

/**
 * {@code Microsoft.Storage/storageAccounts/blobServices}: a singleton named {@code default} that exists for every
 * account (the server creates it with its account). It holds service settings only; nothing is driven.
 */
public final class BlobServiceHandler implements ResourceTypeHandler<BlobServiceSpec> {
    public static final ResourceType TYPE = ResourceType.of("Microsoft.Storage", "storageAccounts", "blobServices");
    public static final String NAME = "default";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Nothing outside the database backs the service settings. */
    private static final ExternalClient<BlobServiceSpec> NOTHING_TO_DRIVE = new ExternalClient<>() {
        @Override public Observation observe(ResourceId id, BlobServiceSpec desired) { return Observation.present(java.util.Map.of()); }
        @Override public Outcome create(ResourceId id, BlobServiceSpec desired) { return Outcome.done(); }
        @Override public Outcome update(ResourceId id, BlobServiceSpec desired) { return Outcome.done(); }
        @Override public Outcome delete(ResourceId id) { return Outcome.done(); }
    };

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return StorageAccountHandler.API_VERSIONS; }

    @Override public Class<BlobServiceSpec> specClass() { return BlobServiceSpec.class; }

    @Override
    public BlobServiceSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<BlobServiceSpec> existing) {
        JsonNode p = body.path("properties");
        if (!p.isMissingNode() && !p.isNull() && !p.isObject()) {
            throw ArmErrorCode.InvalidRequestContent.exception("The request content was invalid: 'properties' must be an object.", "properties");
        }
        BlobServiceSpec before = existing.orElse(BlobServiceSpec.DEFAULT);
        JsonNode cors = p.has("cors") ? p.get("cors") : before.cors();
        JsonNode retention = p.has("deleteRetentionPolicy") ? p.get("deleteRetentionPolicy") : before.deleteRetentionPolicy();
        Boolean versioning = p.path("isVersioningEnabled").isBoolean() ? Boolean.valueOf(p.get("isVersioningEnabled").asBoolean()) : before.isVersioningEnabled();
        return new BlobServiceSpec(cors, retention, versioning);
    }

    @Override
    public BlobServiceSpec patch(ApiVersion version, ResourceId id, JsonNode body, BlobServiceSpec existing) {
        return toSpec(version, id, body, Optional.of(existing));
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, BlobServiceSpec spec, Observation seen) {
        ObjectNode n = NODES.objectNode();
        n.putObject("sku").put("name", "Standard_LRS").put("tier", "Standard");
        ObjectNode p = n.putObject("properties");
        p.set("cors", spec.cors() != null ? spec.cors() : NODES.objectNode().set("corsRules", NODES.arrayNode()));
        p.set("deleteRetentionPolicy", spec.deleteRetentionPolicy() != null ? spec.deleteRetentionPolicy()
                : NODES.objectNode().put("allowPermanentDelete", false).put("enabled", false));
        if (spec.isVersioningEnabled() != null) p.put("isVersioningEnabled", spec.isVersioningEnabled());
        return n;
    }

    @Override public ExternalClient<BlobServiceSpec> connect() { return NOTHING_TO_DRIVE; }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.equalsIgnoreCase(id.name())) {
            throw ArmErrorCode.InvalidResourceName.exception("The blob service of an account is named 'default'; '" + id.name() + "' is not.", "name");
        }
    }

    @Override public Optional<String> singletonName() { return Optional.of(NAME); }

    @Override public boolean hasLocation() { return false; }

    @Override public boolean hasSystemData(ApiVersion version) { return false; }
}
