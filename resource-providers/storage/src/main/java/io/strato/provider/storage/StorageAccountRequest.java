package io.strato.provider.storage;

import static io.strato.provider.storage.JsonBody.invalidParameters;
import static io.strato.provider.storage.JsonBody.notAllowed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.provider.storage.StorageAccountSpec.NetworkAcls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a storage account PUT body into a {@link StorageAccountSpec}: validates with Azure's codes, fills in
 * Azure's defaults and, on update, refuses changes Azure refuses. The first problem found is thrown.
 */
final class StorageAccountRequest {
    static final List<String> SKUS = List.of("Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS",
            "Premium_LRS", "Premium_ZRS", "Standard_GZRS", "Standard_RAGZRS");

    /** Which SKUs each kind can be created with (Azure's storage account overview). */
    static final Map<String, Set<String>> KIND_SKUS = Map.of(
            "Storage", Set.of("Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Premium_LRS"),
            "StorageV2", Set.of("Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Standard_GZRS",
                    "Standard_RAGZRS", "Premium_LRS"),
            "BlobStorage", Set.of("Standard_LRS", "Standard_GRS", "Standard_RAGRS"),
            "FileStorage", Set.of("Premium_LRS", "Premium_ZRS"),
            "BlockBlobStorage", Set.of("Premium_LRS", "Premium_ZRS"));

    /** Kinds an existing account may be upgraded to, from each kind (besides keeping its kind). */
    static final Map<String, Set<String>> KIND_UPGRADES = Map.of(
            "Storage", Set.of("StorageV2"),
            "BlobStorage", Set.of("StorageV2"));

    /** Access tiers by SKU tier, for the kinds that have one; other kinds refuse any access tier. */
    static final Set<String> KINDS_WITH_ACCESS_TIER = Set.of("StorageV2", "BlobStorage");
    static final Map<String, List<String>> ACCESS_TIERS = Map.of(
            "Standard", List.of("Hot", "Cool", "Cold"),
            "Premium", List.of("Premium"));

    /** Kinds that can have a hierarchical namespace (Data Lake Storage Gen2). */
    static final Set<String> KINDS_WITH_HNS = Set.of("StorageV2", "BlockBlobStorage");

    static final List<String> TLS_VERSIONS = List.of("TLS1_0", "TLS1_1", "TLS1_2", "TLS1_3");
    static final List<String> KEY_SOURCES = List.of("Microsoft.Storage");
    static final List<String> DEFAULT_ACTIONS = List.of("Allow", "Deny");
    static final List<String> BYPASS_VALUES = List.of("None", "Logging", "Metrics", "AzureServices");
    static final List<String> ENABLED_DISABLED = List.of("Enabled", "Disabled");

    /** Before this version an account had {@code properties.accountType} instead of {@code sku} and {@code kind}. */
    static final ApiVersion SKU_AND_KIND_SINCE = ApiVersion.parse("2016-01-01");
    /** {@code supportsHttpsTrafficOnly} defaults to true from this version (Azure's spec says so). */
    static final ApiVersion HTTPS_ONLY_BY_DEFAULT_SINCE = ApiVersion.parse("2019-04-01");

    private StorageAccountRequest() {}

    static StorageAccountSpec toSpec(ApiVersion version, JsonNode body, Optional<StorageAccountSpec> existing, Instant now) {
        JsonBody b = JsonBody.of(body);
        b.object("properties");
        String sku = sku(version, b);
        String kind = kind(version, b);
        if (!KIND_SKUS.get(kind).contains(sku)) {
            throw ArmErrorCode.InvalidValuesForRequestParameters.exception(
                    "Values for request parameters are invalid: kind, sku. For more information, see - https://aka.ms/storageaccounttypes", "kind");
        }
        existing.ifPresent(e -> refuseForbiddenChanges(e, kind, sku));
        String tier = sku.substring(0, sku.indexOf('_'));

        return new StorageAccountSpec(
                sku,
                kind,
                accessTier(b, kind, tier),
                b.bool("properties.supportsHttpsTrafficOnly").orElse(version.compareTo(HTTPS_ONLY_BY_DEFAULT_SINCE) >= 0),
                b.oneOf("properties.minimumTlsVersion", TLS_VERSIONS).orElse("TLS1_2"),
                b.bool("properties.allowBlobPublicAccess").orElse(false),
                hierarchicalNamespace(b, kind, existing),
                keySource(b),
                networkAcls(b),
                existing.map(StorageAccountSpec::creationTime).orElse(now),
                b.text("location").map(StorageAccountRequest::normalizeLocation)
                        .orElse(existing.map(StorageAccountSpec::primaryLocation).orElse(null)),
                b.bool("properties.allowSharedKeyAccess").orElse(null),
                b.oneOf("properties.publicNetworkAccess", ENABLED_DISABLED).orElse(null),
                b.bool("properties.allowCrossTenantReplication").orElse(null),
                b.bool("properties.defaultToOAuthAuthentication").orElse(null),
                largeFileShares(b, existing));
    }

    /** ARM ignores case and spaces in locations: {@code "West US"} is {@code westus}. */
    static String normalizeLocation(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static String sku(ApiVersion version, JsonBody b) {
        if (version.compareTo(SKU_AND_KIND_SINCE) < 0 && !b.has("sku")) {
            String accountType = b.requiredText("properties.accountType");
            return JsonBody.canonical(accountType, SKUS).orElseThrow(() -> invalidParameters("properties.accountType", "accountType"));
        }
        b.object("sku").orElseThrow(() -> JsonBody.missing("sku"));
        String name = b.requiredText("sku.name");
        return JsonBody.canonical(name, SKUS).orElseThrow(() -> invalidParameters("sku.name", "sku"));
    }

    private static String kind(ApiVersion version, JsonBody b) {
        if (version.compareTo(SKU_AND_KIND_SINCE) < 0 && !b.has("kind")) return "Storage";
        String kind = b.requiredText("kind");
        return JsonBody.canonical(kind, KIND_SKUS.keySet()).orElseThrow(() -> invalidParameters("kind", "kind"));
    }

    private static void refuseForbiddenChanges(StorageAccountSpec existing, String kind, String sku) {
        if (!kind.equals(existing.kind()) && !KIND_UPGRADES.getOrDefault(existing.kind(), Set.of()).contains(kind)) {
            throw ArmErrorCode.PropertyChangeNotAllowed.exception(
                    "The kind of storage account '" + existing.kind() + "' cannot be changed to '" + kind + "'.", "kind");
        }
        if (!sku.startsWith(existing.tier() + "_")) {
            throw ArmErrorCode.PropertyChangeNotAllowed.exception(
                    "Storage account type " + existing.skuName() + " cannot be changed to " + sku + ".", "sku.name");
        }
    }

    private static String accessTier(JsonBody b, String kind, String tier) {
        Optional<String> given = b.text("properties.accessTier");
        if (!KINDS_WITH_ACCESS_TIER.contains(kind)) {
            given.ifPresent(value -> { throw notAllowed("properties.accessTier", value); });
            return null;
        }
        List<String> allowed = ACCESS_TIERS.get(tier);
        return given.map(value -> JsonBody.canonical(value, allowed).orElseThrow(() -> notAllowed("properties.accessTier", value)))
                .orElse(allowed.get(0));
    }

    private static boolean hierarchicalNamespace(JsonBody b, String kind, Optional<StorageAccountSpec> existing) {
        Optional<Boolean> given = b.bool("properties.isHnsEnabled");
        if (existing.isPresent()) {
            boolean current = existing.get().hnsEnabled();
            if (given.isPresent() && given.get() != current) {
                throw ArmErrorCode.PropertyChangeNotAllowed.exception(
                        "The property 'isHnsEnabled' cannot be changed after the storage account is created.", "properties.isHnsEnabled");
            }
            return current;
        }
        if (given.orElse(false) && !KINDS_WITH_HNS.contains(kind)) {
            throw notAllowed("properties.isHnsEnabled", "True");
        }
        return given.orElse(false);
    }

    /** Only Microsoft-managed keys: the appliance has no Key Vault to hold customer keys. */
    private static String keySource(JsonBody b) {
        return b.oneOf("properties.encryption.keySource", KEY_SOURCES).orElse("Microsoft.Storage");
    }

    private static NetworkAcls networkAcls(JsonBody b) {
        if (b.object("properties.networkAcls").isEmpty()) return NetworkAcls.ALLOW_ALL;
        String defaultAction = b.oneOf("properties.networkAcls.defaultAction", DEFAULT_ACTIONS).orElse("Allow");
        String bypass = b.text("properties.networkAcls.bypass").map(StorageAccountRequest::bypass).orElse("AzureServices");
        List<String> ipRules = new ArrayList<>();
        List<JsonNode> ips = b.array("properties.networkAcls.ipRules");
        for (int i = 0; i < ips.size(); i++) {
            ipRules.add(item(ips.get(i), "value", "properties.networkAcls.ipRules[" + i + "].value"));
        }
        List<String> subnets = new ArrayList<>();
        List<JsonNode> vnets = b.array("properties.networkAcls.virtualNetworkRules");
        for (int i = 0; i < vnets.size(); i++) {
            subnets.add(item(vnets.get(i), "id", "properties.networkAcls.virtualNetworkRules[" + i + "].id"));
        }
        return new NetworkAcls(defaultAction, bypass, ipRules, subnets);
    }

    /** {@code "logging,metrics"} becomes {@code "Logging, Metrics"}; {@code None} stands alone. */
    private static String bypass(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            parts.add(JsonBody.canonical(part, BYPASS_VALUES).orElseThrow(() -> notAllowed("properties.networkAcls.bypass", value)));
        }
        if (parts.size() > 1 && parts.contains("None")) throw notAllowed("properties.networkAcls.bypass", value);
        return String.join(", ", parts.stream().distinct().toList());
    }

    private static String item(JsonNode element, String field, String path) {
        JsonNode value = element.isObject() ? element.get(field) : null;
        if (value == null || value.isNull()) throw JsonBody.missing(path);
        if (!value.isTextual() || value.asText().isBlank()) throw notAllowed(path, value.asText());
        return value.asText().trim();
    }

    /** Large file shares cannot be disabled once enabled. */
    private static String largeFileShares(JsonBody b, Optional<StorageAccountSpec> existing) {
        Optional<String> given = b.oneOf("properties.largeFileSharesState", ENABLED_DISABLED);
        boolean wasEnabled = existing.map(e -> "Enabled".equals(e.largeFileSharesState())).orElse(false);
        if (wasEnabled && given.filter("Disabled"::equals).isPresent()) {
            throw ArmErrorCode.PropertyChangeNotAllowed.exception(
                    "Large file shares cannot be disabled once enabled.", "properties.largeFileSharesState");
        }
        return given.orElse(wasEnabled ? "Enabled" : null);
    }

    /** The PUT body that would produce {@code spec}: the base a PATCH is merged onto. */
    static ObjectNode toBody(StorageAccountSpec spec) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (spec.primaryLocation() != null) body.put("location", spec.primaryLocation());
        body.putObject("sku").put("name", spec.skuName());
        body.put("kind", spec.kind());
        ObjectNode p = body.putObject("properties");
        if (spec.accessTier() != null) p.put("accessTier", spec.accessTier());
        p.put("supportsHttpsTrafficOnly", spec.supportsHttpsTrafficOnly());
        p.put("minimumTlsVersion", spec.minimumTlsVersion());
        p.put("allowBlobPublicAccess", spec.allowBlobPublicAccess());
        p.put("isHnsEnabled", spec.hnsEnabled());
        p.putObject("encryption").put("keySource", spec.encryptionKeySource());
        ObjectNode acls = p.putObject("networkAcls")
                .put("defaultAction", spec.networkAcls().defaultAction())
                .put("bypass", spec.networkAcls().bypass());
        ArrayNode ips = acls.putArray("ipRules");
        spec.networkAcls().ipRules().forEach(ip -> ips.addObject().put("value", ip));
        ArrayNode subnets = acls.putArray("virtualNetworkRules");
        spec.networkAcls().virtualNetworkRules().forEach(subnet -> subnets.addObject().put("id", subnet));
        if (spec.allowSharedKeyAccess() != null) p.put("allowSharedKeyAccess", spec.allowSharedKeyAccess());
        if (spec.publicNetworkAccess() != null) p.put("publicNetworkAccess", spec.publicNetworkAccess());
        if (spec.allowCrossTenantReplication() != null) p.put("allowCrossTenantReplication", spec.allowCrossTenantReplication());
        if (spec.defaultToOAuthAuthentication() != null) p.put("defaultToOAuthAuthentication", spec.defaultToOAuthAuthentication());
        if (spec.largeFileSharesState() != null) p.put("largeFileSharesState", spec.largeFileSharesState());
        return body;
    }
}
