package io.strato.provider.storage;

import static io.strato.provider.storage.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.provider.storage.blob.ContainerRef;
import io.strato.provider.storage.blob.InMemoryBlobStore;
import io.strato.spi.ResourceTypeHandler;
import io.strato.testkit.ResourceTypeHandlerContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlobContainerHandlerTest extends ResourceTypeHandlerContract<BlobContainerSpec> {
    private final InMemoryBlobStore store = new InMemoryBlobStore();
    private BlobContainerHandler handler;

    @Override
    protected ResourceTypeHandler<BlobContainerSpec> handler() {
        if (handler == null) {
            handler = new BlobContainerHandler(Fixtures.CLOCK);
            handler.configure(store);
        }
        return handler;
    }

    @Override
    protected ResourceId sampleId() {
        return Fixtures.account("sa1").child("blobServices", "default").child("containers", "data-1");
    }

    @Override
    protected JsonNode sampleValidBody() {
        return json("{'properties': {'publicAccess': 'Blob', 'metadata': {'team': 'storage'}}}");
    }

    @Override
    protected List<InvalidSample> sampleInvalidBodies() {
        return List.of(
                InvalidSample.of("an unknown access level", "{'properties':{'publicAccess':'Everyone'}}", ArmErrorCode.InvalidRequestPropertyValue),
                InvalidSample.of("metadata that is not an object", "{'properties':{'metadata':'x'}}", ArmErrorCode.InvalidRequestContent),
                InvalidSample.of("a metadata name that is not an identifier", "{'properties':{'metadata':{'1x':'y'}}}", ArmErrorCode.InvalidRequestPropertyValue),
                InvalidSample.of("properties that are not an object", "{'properties':3}", ArmErrorCode.InvalidRequestContent));
    }

    @Test
    void access_level_is_canonicalised_and_defaults_to_none() {
        assertThat(handler().toSpec(Fixtures.LATEST_SHAPE, sampleId(), json("{'properties':{'publicAccess':'container'}}"), Optional.empty()).publicAccess())
                .isEqualTo("Container");
        assertThat(handler().toSpec(Fixtures.LATEST_SHAPE, sampleId(), json("{}"), Optional.empty()).publicAccess()).isEqualTo("None");
    }

    @Test
    void an_update_keeps_what_it_does_not_mention() {
        BlobContainerSpec before = handler().toSpec(Fixtures.LATEST_SHAPE, sampleId(), sampleValidBody(), Optional.empty());
        BlobContainerSpec after = handler().toSpec(Fixtures.LATEST_SHAPE, sampleId(), json("{'properties':{'publicAccess':'None'}}"), Optional.of(before));
        assertThat(after.metadata()).isEqualTo(Map.of("team", "storage"));
        assertThat(after.publicAccess()).isEqualTo("None");
    }

    @Test
    void an_invalid_container_name_is_refused() {
        ResourceId bad = Fixtures.account("sa1").child("blobServices", "default").child("containers", "Bad_Name");
        assertThatThrownBy(() -> handler().validateName(bad))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("InvalidResourceName"));
    }

    @Test
    void deleting_the_container_removes_its_blob_contents() throws Exception {
        ContainerRef ref = new ContainerRef("sa1", "data-1");
        store.create(ref).commit();

        handler().connect().delete(sampleId());

        assertThat(store.count(ref)).isZero();
    }

    @Test
    void the_response_has_azures_container_properties() {
        BlobContainerSpec spec = handler().toSpec(Fixtures.LATEST_SHAPE, sampleId(), sampleValidBody(), Optional.empty());
        JsonNode p = handler().toResponse(Fixtures.LATEST_SHAPE, sampleId(), spec, io.strato.spi.Observation.present(Map.of())).get("properties");
        assertThat(p.get("publicAccess").asText()).isEqualTo("Blob");
        assertThat(p.get("metadata").get("team").asText()).isEqualTo("storage");
        assertThat(p.get("lastModifiedTime").asText()).isEqualTo(Fixtures.NOW.toString());
        assertThat(p.get("leaseState").asText()).isEqualTo("Available");
    }
}
