package io.strato.provider.storage;

import static io.strato.provider.storage.Fixtures.LATEST_SHAPE;
import static io.strato.provider.storage.Fixtures.account;
import static io.strato.provider.storage.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.Observation;
import io.strato.spi.ResourceAction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageAccountHandlerTest {
    @TempDir
    Path dir;
    private StorageAccountHandler handler;
    private final ResourceId id = account("sa1");

    @BeforeEach
    void configure() {
        handler = Fixtures.configuredHandler(dir);
    }

    // --- the type -------------------------------------------------------------------------------------------

    @Test
    void itServesStorageAccountsAsynchronouslyWithAppliancewideNames() {
        assertThat(handler.type().toString()).isEqualTo("Microsoft.Storage/storageAccounts");
        assertThat(handler.asyncCreate()).isTrue();
        assertThat(handler.globallyUniqueName()).isTrue();
    }

    @Test
    void itKnowsEveryPublishedApiVersionAndImplementsTwoShapes() {
        var versions = handler.apiVersions();

        assertThat(versions.published()).hasSize(28)
                .contains(ApiVersion.parse("2015-05-01-preview"), ApiVersion.parse("2018-03-01-preview"), ApiVersion.parse("2025-06-01"));
        assertThat(versions.shapes()).containsExactly(ApiVersion.parse("2019-06-01"), ApiVersion.parse("2022-09-01"));
        assertThat(versions.shapeFor(ApiVersion.parse("2021-06-01"))).isEqualTo(ApiVersion.parse("2019-06-01"));
        assertThat(versions.shapeFor(ApiVersion.parse("2025-06-01"))).isEqualTo(ApiVersion.parse("2022-09-01"));
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("three characters", "abc", true),
                Arguments.of("twenty-four characters", "a23456789012345678901234", true),
                Arguments.of("digits only", "123", true),
                Arguments.of("two characters", "ab", false),
                Arguments.of("twenty-five characters", "a234567890123456789012345", false),
                Arguments.of("an upper-case letter", "Storage1", false),
                Arguments.of("a hyphen", "my-storage", false),
                Arguments.of("an underscore", "my_storage", false));
    }

    @ParameterizedTest(name = "a name with {0} is valid: {2}")
    @MethodSource("names")
    void namesFollowAzuresRule(String reason, String name, boolean valid) {
        if (valid) {
            handler.validateName(account(name));
        } else {
            assertThatThrownBy(() -> handler.validateName(account(name)))
                    .isInstanceOfSatisfying(ArmException.class, e -> {
                        assertThat(e.error().code()).isEqualTo("AccountNameInvalid");
                        assertThat(e.error().message()).isEqualTo("'" + name + "' is not a valid storage account name. Storage account "
                                + "name must be between 3 and 24 characters in length and use numbers and lower-case letters only.");
                    });
        }
    }

    // --- defaults and updates -------------------------------------------------------------------------------

    @Test
    void whatAzSendsGetsAzuresDefaults() {
        StorageAccountSpec spec = Fixtures.azDefaultSpec();

        assertThat(spec.skuName()).isEqualTo("Standard_LRS");
        assertThat(spec.tier()).isEqualTo("Standard");
        assertThat(spec.kind()).isEqualTo("StorageV2");
        assertThat(spec.accessTier()).isEqualTo("Hot");
        assertThat(spec.supportsHttpsTrafficOnly()).isTrue();
        assertThat(spec.minimumTlsVersion()).isEqualTo("TLS1_2");
        assertThat(spec.allowBlobPublicAccess()).isFalse();
        assertThat(spec.hnsEnabled()).isFalse();
        assertThat(spec.encryptionKeySource()).isEqualTo("Microsoft.Storage");
        assertThat(spec.networkAcls()).isEqualTo(StorageAccountSpec.NetworkAcls.ALLOW_ALL);
        assertThat(spec.creationTime()).isEqualTo(Fixtures.NOW);
        assertThat(spec.primaryLocation()).isEqualTo("local");
    }

    @Test
    void httpsOnlyIsNotTheDefaultBeforeApiVersion20190401() {
        var body = json("{'sku':{'name':'Standard_LRS'},'kind':'Storage'}");

        assertThat(handler.toSpec(ApiVersion.parse("2018-11-01"), id, body, Optional.empty()).supportsHttpsTrafficOnly()).isFalse();
        assertThat(handler.toSpec(ApiVersion.parse("2019-04-01"), id, body, Optional.empty()).supportsHttpsTrafficOnly()).isTrue();
    }

    @Test
    void theOldestApiVersionsTakeTheAccountTypeInsteadOfSkuAndKind() {
        var spec = handler.toSpec(ApiVersion.parse("2015-06-15"), id, json("{'location':'local','properties':{'accountType':'Standard_GRS'}}"), Optional.empty());

        assertThat(spec.skuName()).isEqualTo("Standard_GRS");
        assertThat(spec.kind()).isEqualTo("Storage");
    }

    @Test
    void locationsAreNormalisedAsArmComparesThem() {
        var spec = handler.toSpec(LATEST_SHAPE, id, json("{'location':'West US','sku':{'name':'Standard_LRS'},'kind':'StorageV2'}"), Optional.empty());

        assertThat(spec.primaryLocation()).isEqualTo("westus");
    }

    @Test
    void anUpdateKeepsTheCreationTimeAndTheLocation() {
        var existing = new StorageAccountSpecBuilder().creationTime(Instant.parse("2020-01-01T00:00:00Z")).build();

        var updated = handler.toSpec(LATEST_SHAPE, id, json("{'sku':{'name':'Standard_GRS'},'kind':'StorageV2'}"), Optional.of(existing));

        assertThat(updated.creationTime()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(updated.primaryLocation()).isEqualTo("local");
        assertThat(updated.skuName()).isEqualTo("Standard_GRS");
    }

    static Stream<Arguments> kindChanges() {
        return Stream.of(
                Arguments.of("Storage", "StorageV2", true),
                Arguments.of("BlobStorage", "StorageV2", true),
                Arguments.of("StorageV2", "StorageV2", true),
                Arguments.of("StorageV2", "Storage", false),
                Arguments.of("StorageV2", "BlobStorage", false),
                Arguments.of("Storage", "BlobStorage", false));
    }

    @ParameterizedTest(name = "changing the kind from {0} to {1} is allowed: {2}")
    @MethodSource("kindChanges")
    void aKindMayBeUpgradedButNotDowngraded(String from, String to, boolean allowed) {
        var existing = new StorageAccountSpecBuilder().kind(from).accessTier(from.equals("Storage") ? null : "Hot").build();
        var body = json("{'sku':{'name':'Standard_LRS'},'kind':'" + to + "'}");

        if (allowed) {
            assertThat(handler.toSpec(LATEST_SHAPE, id, body, Optional.of(existing)).kind()).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> handler.toSpec(LATEST_SHAPE, id, body, Optional.of(existing)))
                    .isInstanceOfSatisfying(ArmException.class, e -> {
                        assertThat(e.error().code()).isEqualTo(ArmErrorCode.PropertyChangeNotAllowed.name());
                        assertThat(e.error().target()).isEqualTo("kind");
                    });
        }
    }

    @Test
    void aStandardAccountCannotBecomePremium() {
        var existing = new StorageAccountSpecBuilder().build();

        assertThatThrownBy(() -> handler.toSpec(LATEST_SHAPE, id, json("{'sku':{'name':'Premium_LRS'},'kind':'StorageV2'}"), Optional.of(existing)))
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.error().target()).isEqualTo("sku.name");
                    assertThat(e.error().message()).isEqualTo("Storage account type Standard_LRS cannot be changed to Premium_LRS.");
                });
    }

    @Test
    void theHierarchicalNamespaceIsFixedAtCreation() {
        var existing = new StorageAccountSpecBuilder().build();
        var body = json("{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'isHnsEnabled':true}}");

        assertThatThrownBy(() -> handler.toSpec(LATEST_SHAPE, id, body, Optional.of(existing)))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().target()).isEqualTo("properties.isHnsEnabled"));
    }

    // --- patch ----------------------------------------------------------------------------------------------

    @Test
    void aPatchChangesOnlyWhatItNames() {
        var existing = new StorageAccountSpecBuilder().minimumTlsVersion("TLS1_1").build();

        var patched = handler.patch(LATEST_SHAPE, id, json("{'properties':{'accessTier':'Cool'},'tags':{'a':'b'}}"), existing);

        assertThat(patched).isEqualTo(new StorageAccountSpecBuilder().minimumTlsVersion("TLS1_1").accessTier("Cool").build());
    }

    @Test
    void aPatchCanUpgradeAStorageAccountToStorageV2() {
        var existing = new StorageAccountSpecBuilder().kind("Storage").accessTier(null).build();

        var patched = handler.patch(LATEST_SHAPE, id, json("{'kind':'StorageV2'}"), existing);

        assertThat(patched.kind()).isEqualTo("StorageV2");
        assertThat(patched.accessTier()).isEqualTo("Hot");
        assertThat(patched.creationTime()).isEqualTo(existing.creationTime());
    }

    @Test
    void aPatchCannotDowngradeStorageV2ToStorage() {
        var existing = new StorageAccountSpecBuilder().build();

        assertThatThrownBy(() -> handler.patch(LATEST_SHAPE, id, json("{'kind':'Storage','properties':{'accessTier':null}}"), existing))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("PropertyChangeNotAllowed"));
    }

    @Test
    void aPatchChangesTheSkuAndMergesTheFirewall() {
        var existing = new StorageAccountSpecBuilder().build();

        var patched = handler.patch(LATEST_SHAPE, id,
                json("{'sku':{'name':'Standard_RAGRS'},'properties':{'networkAcls':{'defaultAction':'Deny','ipRules':[{'value':'192.0.2.7'}]}}}"), existing);

        assertThat(patched.skuName()).isEqualTo("Standard_RAGRS");
        assertThat(patched.networkAcls()).isEqualTo(new StorageAccountSpec.NetworkAcls("Deny", "AzureServices", java.util.List.of("192.0.2.7"), java.util.List.of()));
    }

    @Test
    void aPatchIsValidatedLikeAPut() {
        var existing = new StorageAccountSpecBuilder().build();

        assertThatThrownBy(() -> handler.patch(LATEST_SHAPE, id, json("{'properties':{'minimumTlsVersion':'SSL3'}}"), existing))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().target()).isEqualTo("properties.minimumTlsVersion"));
    }

    // --- responses ------------------------------------------------------------------------------------------

    @Test
    void theResponseHasAzuresStorageAccountShape() {
        handler.connect().create(id, Fixtures.azDefaultSpec());

        JsonNode response = handler.toResponse(LATEST_SHAPE, id, Fixtures.azDefaultSpec(), Observation.present(Map.of()));

        assertThat(response.at("/sku/name").asText()).isEqualTo("Standard_LRS");
        assertThat(response.at("/sku/tier").asText()).isEqualTo("Standard");
        assertThat(response.at("/kind").asText()).isEqualTo("StorageV2");
        JsonNode p = response.get("properties");
        assertThat(p.get("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(p.get("creationTime").asText()).isEqualTo("2025-03-01T10:15:30.123Z");
        assertThat(p.at("/primaryEndpoints/blob").asText()).isEqualTo("https://sa1.blob.local.strato.test/");
        assertThat(p.at("/primaryEndpoints/dfs").asText()).isEqualTo("https://sa1.dfs.local.strato.test/");
        assertThat(p.get("primaryEndpoints").size()).isEqualTo(6);
        assertThat(p.get("primaryLocation").asText()).isEqualTo("local");
        assertThat(p.get("statusOfPrimary").asText()).isEqualTo("available");
        assertThat(p.at("/encryption/services/blob/enabled").asBoolean()).isTrue();
        assertThat(p.at("/encryption/services/file/keyType").asText()).isEqualTo("Account");
        assertThat(p.at("/encryption/keySource").asText()).isEqualTo("Microsoft.Storage");
        assertThat(p.at("/networkAcls/defaultAction").asText()).isEqualTo("Allow");
        assertThat(p.at("/networkAcls/ipRules").isArray()).isTrue();
        assertThat(p.at("/keyCreationTime/key1").asText()).isEqualTo("2025-03-01T10:15:30.123Z");
        assertThat(p.at("/keyCreationTime/key2").asText()).isEqualTo("2025-03-01T10:15:30.123Z");
        assertThat(response.toString()).doesNotContain(keys().get(0).value());
    }

    @Test
    void theHybridShapeOmitsPropertiesThatCameLater() {
        handler.connect().create(id, Fixtures.azDefaultSpec());

        JsonNode p = handler.toResponse(ApiVersion.parse("2019-06-01"), id, Fixtures.azDefaultSpec(), Observation.present(Map.of())).get("properties");

        assertThat(p.has("keyCreationTime")).isFalse();
        assertThat(p.has("minimumTlsVersion")).isTrue();
        assertThat(p.has("networkAcls")).isTrue();
    }

    @Test
    void theOldestApiVersionsSeeTheAccountType() {
        JsonNode response = handler.toResponse(ApiVersion.parse("2015-06-15"), id, Fixtures.azDefaultSpec(), Observation.present(Map.of()));

        assertThat(response.has("sku")).isFalse();
        assertThat(response.has("kind")).isFalse();
        assertThat(response.at("/properties/accountType").asText()).isEqualTo("Standard_LRS");
        assertThat(response.at("/properties/supportsHttpsTrafficOnly").isMissingNode()).isTrue();
    }

    @Test
    void aFileStorageAccountHasOnlyAFileEndpoint() {
        var spec = handler.toSpec(LATEST_SHAPE, id, json("{'sku':{'name':'Premium_LRS'},'kind':'FileStorage'}"), Optional.empty());

        JsonNode endpoints = handler.toResponse(LATEST_SHAPE, id, spec, Observation.present(Map.of())).at("/properties/primaryEndpoints");

        assertThat(endpoints.size()).isEqualTo(1);
        assertThat(endpoints.get("file").asText()).isEqualTo("https://sa1.file.local.strato.test/");
    }

    // --- keys -----------------------------------------------------------------------------------------------

    @Test
    void listKeysReturnsTwoFullKeysOf64RandomBytes() {
        handler.connect().create(id, Fixtures.azDefaultSpec());

        JsonNode result = action("listKeys").invoke(LATEST_SHAPE, id, Fixtures.azDefaultSpec(), json("{}"));

        assertThat(result.get("keys")).hasSize(2);
        assertThat(result.at("/keys/0/keyName").asText()).isEqualTo("key1");
        assertThat(result.at("/keys/1/keyName").asText()).isEqualTo("key2");
        assertThat(result.at("/keys/0/permissions").asText()).isEqualTo("Full");
        assertThat(result.at("/keys/0/creationTime").asText()).isEqualTo("2025-03-01T10:15:30.123Z");
        assertThat(java.util.Base64.getDecoder().decode(result.at("/keys/0/value").asText())).hasSize(64);
        assertThat(result.at("/keys/0/value").asText()).isNotEqualTo(result.at("/keys/1/value").asText());
    }

    @Test
    void regenerateKeyReplacesOnlyTheNamedKey() {
        handler.connect().create(id, Fixtures.azDefaultSpec());
        var before = keys();

        JsonNode result = action("regenerateKey").invoke(LATEST_SHAPE, id, Fixtures.azDefaultSpec(), json("{'keyName':'key2'}"));

        assertThat(result.at("/keys/0/value").asText()).isEqualTo(before.get(0).value());
        assertThat(result.at("/keys/1/value").asText()).isNotEqualTo(before.get(1).value());
    }

    @ParameterizedTest(name = "key name {0}")
    @MethodSource("badKeyNames")
    void regenerateKeyRefusesAnyOtherKeyName(String body, String code) {
        handler.connect().create(id, Fixtures.azDefaultSpec());

        assertThatThrownBy(() -> action("regenerateKey").invoke(LATEST_SHAPE, id, Fixtures.azDefaultSpec(), json(body)))
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(code);
                    assertThat(e.error().target()).isEqualTo("keyName");
                });
    }

    static Stream<Arguments> badKeyNames() {
        return Stream.of(
                Arguments.of("{'keyName':'key3'}", "InvalidAccountKeyName"),
                Arguments.of("{'keyName':'kerb1'}", "InvalidAccountKeyName"),
                Arguments.of("{'keyName':''}", "InvalidAccountKeyName"),
                Arguments.of("{}", "InvalidRequestContent"));
    }

    @Test
    void theSpecAsTheServerStoresItHoldsNoKey() throws Exception {
        handler.connect().create(id, Fixtures.azDefaultSpec());

        String stored = new ObjectMapper().writeValueAsString(Fixtures.azDefaultSpec());

        assertThat(stored).doesNotContain(keys().get(0).value()).doesNotContain(keys().get(1).value());
        assertThat(stored).contains("\"creationTime\":\"2025-03-01T10:15:30.123Z\"").contains("\"isHnsEnabled\":false");
        assertThat(new ObjectMapper().readValue(stored, StorageAccountSpec.class)).isEqualTo(Fixtures.azDefaultSpec());
    }

    @Test
    void anUnconfiguredHandlerSaysWhatIsMissing() {
        var bare = new StorageAccountHandler();

        assertThatThrownBy(bare::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
    }

    private java.util.List<StorageAccountKeys.AccountKey> keys() {
        var result = action("listKeys").invoke(LATEST_SHAPE, id, Fixtures.azDefaultSpec(), json("{}"));
        return java.util.List.of(
                new StorageAccountKeys.AccountKey("key1", result.at("/keys/0/value").asText(), null),
                new StorageAccountKeys.AccountKey("key2", result.at("/keys/1/value").asText(), null));
    }

    private ResourceAction<StorageAccountSpec> action(String name) {
        return handler.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }
}
