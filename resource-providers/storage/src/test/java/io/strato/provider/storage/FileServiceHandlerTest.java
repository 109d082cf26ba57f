package io.strato.provider.storage;

import static io.strato.provider.storage.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.Observation;
import io.strato.spi.ResourceTypeHandler;
import io.strato.testkit.InMemoryStoredResources;
import io.strato.testkit.ResourceTypeHandlerContract;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileServiceHandlerTest extends ResourceTypeHandlerContract<FileServiceSpec> {
    private FileServiceHandler handler;

    @Override
    protected ResourceTypeHandler<FileServiceSpec> handler() {
        if (handler == null) {
            StorageAccounts accounts = new StorageAccounts();
            accounts.configure(TestProviderContext.of(Path.of("/nonexistent")).withResources(new InMemoryStoredResources()
                    .put(Fixtures.account("prem1"), StorageAccountRequest.toSpec(Fixtures.LATEST_SHAPE,
                            json("{'sku':{'name':'Premium_LRS'},'kind':'FileStorage'}"), Optional.empty(), Fixtures.NOW))));
            handler = new FileServiceHandler(accounts);
        }
        return handler;
    }

    @Override
    protected ResourceId sampleId() { return Fixtures.account("prem1").child("fileServices", "default"); }

    @Override
    protected JsonNode sampleValidBody() {
        return json("{'properties': {'shareDeleteRetentionPolicy': {'enabled': true, 'days': 7},"
                + "'protocolSettings': {'smb': {'versions': 'SMB3.0;SMB3.1.1'}}}}");
    }

    @Override
    protected List<InvalidSample> sampleInvalidBodies() {
        return List.of(
                InvalidSample.of("properties that are not an object", "{'properties':3}", ArmErrorCode.InvalidRequestContent),
                InvalidSample.of("a retention policy that is not an object", "{'properties':{'shareDeleteRetentionPolicy':7}}", ArmErrorCode.InvalidRequestContent));
    }

    @Test
    void the_service_is_named_default_and_carries_the_accounts_sku() {
        assertThatThrownBy(() -> handler().validateName(Fixtures.account("prem1").child("fileServices", "other")))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("InvalidResourceName"));
        FileServiceSpec spec = handler().toSpec(Fixtures.LATEST_SHAPE, sampleId(), json("{}"), Optional.empty());
        JsonNode r = handler().toResponse(Fixtures.LATEST_SHAPE, sampleId(), spec, Observation.present(Map.of()));
        assertThat(r.get("sku").get("name").asText()).isEqualTo("Premium_LRS");
        assertThat(r.get("properties").get("cors").get("corsRules").isArray()).isTrue();
    }

    @Test
    void settings_are_kept_until_changed() {
        FileServiceSpec before = handler().toSpec(Fixtures.LATEST_SHAPE, sampleId(), sampleValidBody(), Optional.empty());
        FileServiceSpec after = handler().toSpec(Fixtures.LATEST_SHAPE, sampleId(), json("{'properties':{'cors':{'corsRules':[]}}}"), Optional.of(before));
        assertThat(after.shareDeleteRetentionPolicy().get("days").asInt()).isEqualTo(7);
        assertThat(after.protocolSettings().get("smb").get("versions").asText()).isEqualTo("SMB3.0;SMB3.1.1");
    }
}
