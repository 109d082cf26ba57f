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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.Storage/storageAccounts/fileServices}: a singleton named {@code default} that exists for every
 * account (the server creates it with its account), holding service settings only; nothing is driven. Its
 * {@code sku} is the account's.
 */
public final class FileServiceHandler implements ResourceTypeHandler<FileServiceSpec> {
    public static final ResourceType TYPE = ResourceType.of("Microsoft.Storage", "storageAccounts", "fileServices");
    public static final String NAME = "default";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The api-versions Azure published for file services and shares (from 2019-04-01), and the shapes served. */
    static final ApiVersions API_VERSIONS = ApiVersions.of(List.of(
                    "2019-04-01", "2019-06-01", "2020-08-01-preview", "2021-01-01", "2021-02-01", "2021-04-01", "2021-06-01",
                    "2021-08-01", "2021-09-01", "2022-05-01", "2022-09-01", "2023-01-01", "2023-04-01", "2023-05-01",
                    "2024-01-01", "2025-01-01", "2025-06-01"),
            List.of("2019-06-01", "2022-09-01"));

    private static final ExternalClient<FileServiceSpec> NOTHING_TO_DRIVE = new ExternalClient<>() {
        @Override public Observation observe(ResourceId id, FileServiceSpec desired) { return Observation.present(Map.of()); }
        @Override public Outcome create(ResourceId id, FileServiceSpec desired) { return Outcome.done(); }
        @Override public Outcome update(ResourceId id, FileServiceSpec desired) { return Outcome.done(); }
        @Override public Outcome delete(ResourceId id) { return Outcome.done(); }
    };

    private final StorageAccounts accounts;

    FileServiceHandler(StorageAccounts accounts) { this.accounts = accounts; }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return API_VERSIONS; }

    @Override public Class<FileServiceSpec> specClass() { return FileServiceSpec.class; }

    @Override
    public FileServiceSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<FileServiceSpec> existing) {
        JsonNode p = body.path("properties");
        if (!p.isMissingNode() && !p.isNull() && !p.isObject()) {
            throw ArmErrorCode.InvalidRequestContent.exception("The request content was invalid: 'properties' must be an object.", "properties");
        }
        FileServiceSpec before = existing.orElse(FileServiceSpec.DEFAULT);
        return new FileServiceSpec(
                object(p, "cors", before.cors()),
                object(p, "shareDeleteRetentionPolicy", before.shareDeleteRetentionPolicy()),
                object(p, "protocolSettings", before.protocolSettings()));
    }

    private static JsonNode object(JsonNode properties, String name, JsonNode before) {
        JsonNode sent = properties.get(name);
        if (sent == null || sent.isNull()) return before;
        if (!sent.isObject()) {
            throw ArmErrorCode.InvalidRequestContent.exception("The request content was invalid and could not be deserialized: '"
                    + name + "' must be an object.", "properties." + name);
        }
        return sent;
    }

    @Override
    public FileServiceSpec patch(ApiVersion version, ResourceId id, JsonNode body, FileServiceSpec existing) {
        return toSpec(version, id, body, Optional.of(existing));
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, FileServiceSpec spec, Observation seen) {
        ObjectNode n = NODES.objectNode();
        StorageAccountSpec account = accounts.of(id.parent());
        n.putObject("sku").put("name", account.skuName()).put("tier", account.tier());
        ObjectNode p = n.putObject("properties");
        p.set("cors", spec.cors() != null ? spec.cors() : NODES.objectNode().set("corsRules", NODES.arrayNode()));
        if (spec.shareDeleteRetentionPolicy() != null) p.set("shareDeleteRetentionPolicy", spec.shareDeleteRetentionPolicy());
        p.set("protocolSettings", spec.protocolSettings() != null ? spec.protocolSettings()
                : NODES.objectNode().set("smb", NODES.objectNode()));
        return n;
    }

    @Override public ExternalClient<FileServiceSpec> connect() { return NOTHING_TO_DRIVE; }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.equalsIgnoreCase(id.name())) {
            throw ArmErrorCode.InvalidResourceName.exception("The file service of an account is named 'default'; '" + id.name() + "' is not.", "name");
        }
    }

    @Override public Optional<String> singletonName() { return Optional.of(NAME); }

    @Override public boolean hasLocation() { return false; }

    @Override public boolean hasSystemData(ApiVersion version) { return false; }
}
