package io.strato.provider.storage;

import static io.strato.provider.storage.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: every way a PUT body is refused, with Azure's code, the JSON path it blames and its message. */
class StorageAccountValidationTest {
    record Case(String reason, String body, ArmErrorCode code, String target, String message) {
        @Override
        public String toString() { return reason; }
    }

    static Stream<Case> refusedBodies() {
        return Stream.of(
                new Case("the body is not an object", "[]", ArmErrorCode.InvalidRequestContent, null, "could not be deserialized"),
                new Case("the sku is missing", "{'kind':'StorageV2'}", ArmErrorCode.InvalidRequestContent, "sku",
                        "Required property 'sku' not found in JSON. Path ''."),
                new Case("the sku has no name", "{'sku':{},'kind':'StorageV2'}", ArmErrorCode.InvalidRequestContent, "sku.name",
                        "Required property 'name' not found in JSON. Path 'sku'."),
                new Case("the sku name is null", "{'sku':{'name':null},'kind':'StorageV2'}", ArmErrorCode.InvalidRequestContent,
                        "sku.name", "Required property 'name'"),
                new Case("the sku is a string, not an object", "{'sku':'Standard_LRS','kind':'StorageV2'}",
                        ArmErrorCode.InvalidRequestContent, "sku", "Error converting value \"Standard_LRS\" to type 'Object'"),
                new Case("the sku name is a disk sku", "{'sku':{'name':'StandardSSD_LRS'},'kind':'StorageV2'}",
                        ArmErrorCode.InvalidValuesForRequestParameters, "sku.name", "Values for request parameters are invalid: sku."),
                new Case("the kind is missing", "{'sku':{'name':'Standard_LRS'}}", ArmErrorCode.InvalidRequestContent, "kind",
                        "Required property 'kind'"),
                new Case("the kind is unknown", "{'sku':{'name':'Standard_LRS'},'kind':'StorageV3'}",
                        ArmErrorCode.InvalidValuesForRequestParameters, "kind", "Values for request parameters are invalid: kind."),
                new Case("FileStorage needs a premium sku", "{'sku':{'name':'Standard_LRS'},'kind':'FileStorage'}",
                        ArmErrorCode.InvalidValuesForRequestParameters, "kind", "Values for request parameters are invalid: kind, sku."),
                new Case("BlockBlobStorage needs a premium sku", "{'sku':{'name':'Standard_GRS'},'kind':'BlockBlobStorage'}",
                        ArmErrorCode.InvalidValuesForRequestParameters, "kind", "kind, sku"),
                new Case("StorageV2 has no premium zone-redundant sku", "{'sku':{'name':'Premium_ZRS'},'kind':'StorageV2'}",
                        ArmErrorCode.InvalidValuesForRequestParameters, "kind", "kind, sku"),
                new Case("BlobStorage has no zone-redundant sku", "{'sku':{'name':'Standard_ZRS'},'kind':'BlobStorage'}",
                        ArmErrorCode.InvalidValuesForRequestParameters, "kind", "kind, sku"),
                new Case("properties is not an object", "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':true}",
                        ArmErrorCode.InvalidRequestContent, "properties", "to type 'Object'"),
                new Case("a Storage (v1) account has no access tier",
                        "{'sku':{'name':'Standard_LRS'},'kind':'Storage','properties':{'accessTier':'Hot'}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.accessTier",
                        "The value 'Hot' is not allowed for property accessTier."),
                new Case("a FileStorage account has no access tier",
                        "{'sku':{'name':'Premium_LRS'},'kind':'FileStorage','properties':{'accessTier':'Premium'}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.accessTier", "accessTier"),
                new Case("the access tier is unknown",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'accessTier':'Warm'}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.accessTier",
                        "The value 'Warm' is not allowed for property accessTier."),
                new Case("the Premium access tier needs a premium sku",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'accessTier':'Premium'}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.accessTier", "'Premium'"),
                new Case("the minimum TLS version is unknown",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'minimumTlsVersion':'TLS9'}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.minimumTlsVersion", "minimumTlsVersion"),
                new Case("https-only is not a boolean",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'supportsHttpsTrafficOnly':'yes'}}",
                        ArmErrorCode.InvalidRequestContent, "properties.supportsHttpsTrafficOnly", "to type 'Boolean'"),
                new Case("a hierarchical namespace on a Storage (v1) account",
                        "{'sku':{'name':'Standard_LRS'},'kind':'Storage','properties':{'isHnsEnabled':true}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.isHnsEnabled",
                        "The value 'True' is not allowed for property isHnsEnabled."),
                new Case("customer-managed keys need a Key Vault the appliance does not have",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'encryption':{'keySource':'Microsoft.Keyvault'}}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.encryption.keySource", "keySource"),
                new Case("the firewall default action is unknown",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'networkAcls':{'defaultAction':'Block'}}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.networkAcls.defaultAction", "defaultAction"),
                new Case("the firewall bypass names an unknown traffic",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'networkAcls':{'defaultAction':'Deny','bypass':'Logging, Everything'}}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.networkAcls.bypass", "bypass"),
                new Case("the firewall bypass combines None with others",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'networkAcls':{'defaultAction':'Deny','bypass':'None, Logging'}}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.networkAcls.bypass", "bypass"),
                new Case("an IP rule without a value",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'networkAcls':{'defaultAction':'Deny','ipRules':[{'action':'Allow'}]}}}",
                        ArmErrorCode.InvalidRequestContent, "properties.networkAcls.ipRules[0].value", "Required property 'value'"),
                new Case("public network access is neither Enabled nor Disabled",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'publicNetworkAccess':'Sometimes'}}",
                        ArmErrorCode.InvalidRequestPropertyValue, "properties.publicNetworkAccess", "publicNetworkAccess"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void aBodyAzureRefusesIsRefusedWithItsCodeTargetAndMessage(Case c) {
        assertThatThrownBy(() -> StorageAccountRequest.toSpec(Fixtures.LATEST_SHAPE, json(c.body()), Optional.empty(), Fixtures.NOW))
                .as(c.reason())
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(c.code().name());
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error().target()).isEqualTo(c.target());
                    assertThat(e.error().message()).contains(c.message());
                });
    }

    static Stream<Arguments> acceptedBodies() {
        return Stream.of(
                Arguments.of("what az (latest profile) sends",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','location':'local','properties':{'encryption':{'services':{'blob':{}},'keySource':'Microsoft.Storage'}}}"),
                Arguments.of("what the JS hybrid SDK sends", "{'sku':{'name':'Standard_LRS'},'kind':'Storage','location':'local'}"),
                Arguments.of("enum values in any case", "{'sku':{'name':'standard_ragrs'},'kind':'storagev2','properties':{'accessTier':'cool'}}"),
                Arguments.of("booleans as strings, as templates often pass them",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'supportsHttpsTrafficOnly':'false'}}"),
                Arguments.of("unknown properties, which Azure ignores",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'isSftpEnabled':false,'customDomain':null}}"),
                Arguments.of("a premium block blob account", "{'sku':{'name':'Premium_ZRS'},'kind':'BlockBlobStorage','properties':{'isHnsEnabled':true}}"),
                Arguments.of("a premium file account", "{'sku':{'name':'Premium_LRS'},'kind':'FileStorage'}"),
                Arguments.of("a legacy blob account with its tier", "{'sku':{'name':'Standard_GRS'},'kind':'BlobStorage','properties':{'accessTier':'Hot'}}"),
                Arguments.of("a premium page blob account", "{'sku':{'name':'Premium_LRS'},'kind':'StorageV2','properties':{'accessTier':'Premium'}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedBodies")
    void aBodyAzureAcceptsBecomesASpec(String reason, String body) {
        assertThat(StorageAccountRequest.toSpec(Fixtures.LATEST_SHAPE, json(body), Optional.empty(), Fixtures.NOW)).as(reason).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void theHybridShapeRefusesTheSameBodies(Case c) {
        assertThatThrownBy(() -> StorageAccountRequest.toSpec(ApiVersion.parse("2019-06-01"), json(c.body()), Optional.empty(), Fixtures.NOW))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo(c.code().name()));
    }
}
