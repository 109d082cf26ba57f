package io.strato.provider.storage;

import static io.strato.provider.storage.Fixtures.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ResourceTypeHandler;
import io.strato.testkit.ResourceTypeHandlerContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class StorageAccountHandlerContractTest extends ResourceTypeHandlerContract<StorageAccountSpec> {
    @TempDir
    Path dir;
    private StorageAccountHandler handler;

    @Override
    protected ResourceTypeHandler<StorageAccountSpec> handler() {
        if (handler == null) handler = Fixtures.configuredHandler(dir);
        return handler;
    }

    @Override
    protected ResourceId sampleId() {
        return Fixtures.account("sa1contract");
    }

    @Override
    protected JsonNode sampleValidBody() {
        return json("""
                {'location': 'local', 'tags': {'team': 'storage'},
                 'sku': {'name': 'Standard_GRS'}, 'kind': 'StorageV2',
                 'properties': {
                   'accessTier': 'Cool', 'supportsHttpsTrafficOnly': true, 'minimumTlsVersion': 'TLS1_2',
                   'allowBlobPublicAccess': false, 'isHnsEnabled': true, 'allowSharedKeyAccess': true,
                   'publicNetworkAccess': 'Enabled', 'largeFileSharesState': 'Enabled',
                   'encryption': {'services': {'blob': {'enabled': true, 'keyType': 'Account'},
                                               'file': {'enabled': true, 'keyType': 'Account'}},
                                  'keySource': 'Microsoft.Storage'},
                   'networkAcls': {'bypass': 'AzureServices', 'defaultAction': 'Deny',
                                   'ipRules': [{'value': '10.0.0.0/24', 'action': 'Allow'}], 'virtualNetworkRules': []}}}
                """);
    }

    @Override
    protected List<InvalidSample> sampleInvalidBodies() {
        return List.of(
                InvalidSample.of("the sku is missing", "{'kind':'StorageV2','location':'local'}", ArmErrorCode.InvalidRequestContent),
                InvalidSample.of("the sku name is not a storage sku",
                        "{'sku':{'name':'StandardSSD_LRS'},'kind':'StorageV2'}", ArmErrorCode.InvalidValuesForRequestParameters),
                InvalidSample.of("the kind is missing", "{'sku':{'name':'Standard_LRS'}}", ArmErrorCode.InvalidRequestContent),
                InvalidSample.of("the kind is unknown",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV3'}", ArmErrorCode.InvalidValuesForRequestParameters),
                InvalidSample.of("a premium-only kind with a standard sku",
                        "{'sku':{'name':'Standard_LRS'},'kind':'BlockBlobStorage'}", ArmErrorCode.InvalidValuesForRequestParameters),
                InvalidSample.of("an access tier on a kind without one",
                        "{'sku':{'name':'Standard_LRS'},'kind':'Storage','properties':{'accessTier':'Hot'}}",
                        ArmErrorCode.InvalidRequestPropertyValue),
                InvalidSample.of("a boolean property holds a number",
                        "{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'supportsHttpsTrafficOnly':3}}",
                        ArmErrorCode.InvalidRequestContent));
    }
}
