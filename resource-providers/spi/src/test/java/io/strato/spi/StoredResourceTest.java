package io.strato.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredResourceTest {
    record Spec(String addressPrefix, List<String> dns) {}

    private static final ResourceId ID = ResourceId.resource("sub", "rg", ResourceType.of("Microsoft.Network", "virtualNetworks"), "v");

    @Test
    void a_stored_spec_reads_back_as_the_handlers_record() {
        var json = new ObjectMapper().valueToTree(new Spec("10.0.0.0/16", List.of("10.0.0.10")));
        assertThat(new StoredResource(ID, Optional.of("local"), json, "Succeeded").spec(Spec.class))
                .isEqualTo(new Spec("10.0.0.0/16", List.of("10.0.0.10")));
    }

    @Test
    void a_spec_that_does_not_fit_the_record_is_reported_with_the_resource_id() {
        var json = new ObjectMapper().createObjectNode().put("dns", 5);
        assertThatThrownBy(() -> new StoredResource(ID, Optional.empty(), json, "Succeeded").spec(Spec.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("virtualNetworks/v");
    }

    @Test
    void the_empty_store_finds_nothing() {
        assertThat(StoredResources.NONE.find(ID)).isEmpty();
        assertThat(StoredResources.NONE.findForUpdate(ID)).isEmpty();
        assertThat(StoredResources.NONE.list("sub", ID.type())).isEmpty();
        assertThat(StoredResources.NONE.listAll(ID.type())).isEmpty();
    }
}
