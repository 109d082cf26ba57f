package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.spi.ProviderQuery;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogues az walks: VM sizes, resource SKUs and the platform image tree. */
class ComputeQueriesTest {
    @TempDir Path dir;

    private Optional<JsonNode> get(String path, Map<String, String> vars) {
        ProviderQuery q = Fixtures.memoryProvider(dir).queries().stream().filter(x -> x.path().equals(path)).findFirst().orElseThrow();
        return q.get(Fixtures.LATEST, Fixtures.SUBSCRIPTION, vars, Map.of());
    }

    @Test
    void vm_sizes_give_cores_and_memory_at_the_appliance_location_only() {
        JsonNode sizes = get("locations/{location}/vmSizes", Map.of("location", "local")).orElseThrow();

        assertThat(sizes.get("value")).anySatisfy(s -> {
            assertThat(s.get("name").asText()).isEqualTo("Standard_DS1_v2");
            assertThat(s.get("numberOfCores").asInt()).isEqualTo(1);
            assertThat(s.get("memoryInMB").asInt()).isEqualTo(3584);
        });
        assertThat(get("locations/{location}/vmSizes", Map.of("location", "westus"))).isEmpty();
    }

    @Test
    void the_image_tree_leads_to_the_tiny_image() {
        String base = "locations/{location}/publishers/{publisher}/artifacttypes/vmimage/offers/{offer}/skus/{sku}/versions";
        Map<String, String> vars = Map.of("location", "local", "publisher", "strato", "offer", "tiny-linux", "sku", "busybox", "version", "1.0.0");

        assertThat(get("locations/{location}/publishers", vars).orElseThrow().findValuesAsText("name")).contains("Strato");
        assertThat(get(base, vars).orElseThrow().findValuesAsText("name")).containsExactly("1.0.0");
        JsonNode version = get(base + "/{version}", vars).orElseThrow();
        assertThat(version.at("/properties/osDiskImage/operatingSystem").asText()).isEqualTo("Linux");
        assertThat(get(base + "/{version}", Map.of("location", "local", "publisher", "strato", "offer", "tiny-linux", "sku", "busybox", "version", "9.9.9"))).isEmpty();
    }

    @Test
    void resource_skus_list_vm_sizes_with_their_capabilities() {
        JsonNode skus = get("skus", Map.of()).orElseThrow();

        assertThat(skus.get("value")).anySatisfy(s -> {
            assertThat(s.get("name").asText()).isEqualTo("Standard_B1s");
            assertThat(s.get("resourceType").asText()).isEqualTo("virtualMachines");
            assertThat(s.get("capabilities").toString()).contains("\"vCPUs\"");
        });
    }
}
