package io.strato.provider.storage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link StorageAccountSpec} in Azure's storage account shape ({@code sku, kind, properties}) for one
 * api-version. Older versions get the same document without the properties they did not have yet.
 */
final class StorageAccountResponse {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The first api-version in which each property of {@code properties} appeared; properties not listed are in
     * every version. When unsure the table errs early: an old client ignores an extra property, but a client
     * must see a property it has just set.
     */
    static final Map<String, ApiVersion> PROPERTY_SINCE = Map.ofEntries(
            since("accessTier", "2016-01-01"),
            since("encryption", "2016-01-01"),
            since("supportsHttpsTrafficOnly", "2016-12-01"),
            since("networkAcls", "2017-06-01"),
            since("isHnsEnabled", "2018-02-01"),
            since("minimumTlsVersion", "2019-04-01"),
            since("allowBlobPublicAccess", "2019-04-01"),
            since("allowSharedKeyAccess", "2019-04-01"),
            since("largeFileSharesState", "2019-04-01"),
            since("keyCreationTime", "2021-02-01"),
            since("allowCrossTenantReplication", "2021-04-01"),
            since("defaultToOAuthAuthentication", "2021-04-01"),
            since("publicNetworkAccess", "2021-06-01"));

    /** The services each kind has an endpoint for, in Azure's order. */
    static final Map<String, List<String>> ENDPOINTS = Map.of(
            "Storage", List.of("blob", "queue", "table", "file"),
            "StorageV2", List.of("dfs", "web", "blob", "queue", "table", "file"),
            "BlobStorage", List.of("dfs", "blob"),
            "FileStorage", List.of("file"),
            "BlockBlobStorage", List.of("dfs", "web", "blob"));

    private StorageAccountResponse() {}

    static ObjectNode render(ApiVersion version, ResourceId id, StorageAccountSpec spec, String endpointSuffix,
                             Map<String, Instant> keyCreationTimes) {
        ObjectNode response = NODES.objectNode();
        ObjectNode properties = NODES.objectNode();
        if (version.compareTo(StorageAccountRequest.SKU_AND_KIND_SINCE) < 0) {
            properties.put("accountType", spec.skuName());
        } else {
            response.putObject("sku").put("name", spec.skuName()).put("tier", spec.tier());
            response.put("kind", spec.kind());
        }
        response.set("properties", properties);

        properties.put("provisioningState", "Succeeded");
        properties.put("creationTime", spec.creationTime().toString());
        ObjectNode endpoints = properties.putObject("primaryEndpoints");
        String account = id.name().toLowerCase(Locale.ROOT);
        for (String service : ENDPOINTS.get(spec.kind())) {
            endpoints.put(service, "https://" + account + "." + service + "." + endpointSuffix + "/");
        }
        if (spec.primaryLocation() != null) properties.put("primaryLocation", spec.primaryLocation());
        properties.put("statusOfPrimary", "available");
        properties.put("supportsHttpsTrafficOnly", spec.supportsHttpsTrafficOnly());
        properties.set("encryption", encryption(spec));
        if (spec.accessTier() != null) properties.put("accessTier", spec.accessTier());
        properties.put("minimumTlsVersion", spec.minimumTlsVersion());
        properties.put("allowBlobPublicAccess", spec.allowBlobPublicAccess());
        properties.put("isHnsEnabled", spec.hnsEnabled());
        properties.set("networkAcls", networkAcls(spec.networkAcls()));
        if (!keyCreationTimes.isEmpty()) {
            ObjectNode times = properties.putObject("keyCreationTime");
            keyCreationTimes.forEach((name, time) -> times.put(name, time.toString()));
        }
        putIfSet(properties, "allowSharedKeyAccess", spec.allowSharedKeyAccess());
        putIfSet(properties, "publicNetworkAccess", spec.publicNetworkAccess());
        putIfSet(properties, "allowCrossTenantReplication", spec.allowCrossTenantReplication());
        putIfSet(properties, "defaultToOAuthAuthentication", spec.defaultToOAuthAuthentication());
        putIfSet(properties, "largeFileSharesState", spec.largeFileSharesState());

        PROPERTY_SINCE.forEach((property, first) -> {
            if (version.compareTo(first) < 0) properties.remove(property);
        });
        return response;
    }

    /** Encryption at rest is always on, with Microsoft-managed keys, since the account was created. */
    private static ObjectNode encryption(StorageAccountSpec spec) {
        ObjectNode encryption = NODES.objectNode();
        ObjectNode services = encryption.putObject("services");
        for (String service : List.of("blob", "file")) {
            services.putObject(service)
                    .put("enabled", true)
                    .put("keyType", "Account")
                    .put("lastEnabledTime", spec.creationTime().toString());
        }
        encryption.put("keySource", spec.encryptionKeySource());
        return encryption;
    }

    private static ObjectNode networkAcls(StorageAccountSpec.NetworkAcls acls) {
        ObjectNode node = NODES.objectNode();
        node.put("bypass", acls.bypass());
        ArrayNode subnets = node.putArray("virtualNetworkRules");
        acls.virtualNetworkRules().forEach(s -> subnets.addObject().put("id", s).put("action", "Allow").put("state", "Succeeded"));
        ArrayNode ips = node.putArray("ipRules");
        acls.ipRules().forEach(ip -> ips.addObject().put("value", ip).put("action", "Allow"));
        node.put("defaultAction", acls.defaultAction());
        return node;
    }

    private static void putIfSet(ObjectNode node, String name, Object value) {
        if (value instanceof Boolean b) node.put(name, b);
        else if (value instanceof String s) node.put(name, s);
    }

    private static Map.Entry<String, ApiVersion> since(String property, String version) {
        return Map.entry(property, ApiVersion.parse(version));
    }
}
