package io.strato.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import org.junit.jupiter.api.Test;

class InMemoryStoredResourcesTest {
    record Spec(String prefix) {}

    private static final ResourceType VNET = ResourceType.of("Microsoft.Network", "virtualNetworks");

    @Test
    void a_put_spec_is_found_by_id_ignoring_case_and_listed_by_subscription_and_type() {
        InMemoryStoredResources store = new InMemoryStoredResources()
                .put(ResourceId.resource("s1", "rg", VNET, "b"), new Spec("10.1.0.0/16"))
                .put(ResourceId.resource("s1", "rg", VNET, "a"), new Spec("10.0.0.0/16"))
                .put(ResourceId.resource("s2", "rg", VNET, "c"), new Spec("10.2.0.0/16"));
        assertThat(store.find(ResourceId.resource("S1", "RG", VNET, "A")).map(r -> r.spec(Spec.class))).contains(new Spec("10.0.0.0/16"));
        assertThat(store.list("s1", VNET)).extracting(r -> r.id().name()).containsExactly("a", "b");
        assertThat(store.listAll(VNET)).hasSize(3);
        store.remove(ResourceId.resource("s1", "rg", VNET, "a"));
        assertThat(store.list("s1", VNET)).hasSize(1);
    }
}
