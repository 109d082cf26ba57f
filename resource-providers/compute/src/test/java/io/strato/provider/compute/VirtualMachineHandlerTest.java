package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.strato.model.ResourceId;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VM handler over the in-memory driver: response shape, instance view, power actions, boot diagnostics. */
class VirtualMachineHandlerTest {
    @TempDir Path dir;
    ComputeProvider provider;
    VirtualMachineHandler handler;
    final ResourceId id = Fixtures.vm("vm1");
    VirtualMachineSpec spec;

    @BeforeEach
    void create() {
        provider = Fixtures.memoryProvider(dir);
        handler = provider.virtualMachines();
        spec = handler.toSpec(Fixtures.LATEST, id, Fixtures.tinyVm(), Optional.empty());
        assertThat(handler.connect().create(id, spec)).isInstanceOf(Outcome.Done.class);
    }

    private JsonNode instanceView() {
        return handler.views().get(0).read(Fixtures.LATEST, id, spec, java.util.List.of(), Map.of());
    }

    private String powerState() {
        for (JsonNode s : instanceView().get("statuses")) {
            if (s.get("code").asText().startsWith("PowerState/")) return s.get("code").asText();
        }
        return null;
    }

    @Test
    void the_response_echoes_the_request_with_ids_and_without_secrets() {
        JsonNode r = handler.toResponse(Fixtures.LATEST, id, spec, handler.connect().observe(id, spec), null);

        assertThat(r.at("/properties/vmId").asText()).isEqualTo(spec.vmId());
        assertThat(r.at("/properties/storageProfile/osDisk/managedDisk/id").asText())
                .isEqualTo("/subscriptions/" + Fixtures.SUBSCRIPTION + "/resourceGroups/rg1/providers/Microsoft.Compute/disks/" + spec.osDisk().name());
        assertThat(r.at("/properties/storageProfile/imageReference/exactVersion").asText()).isEqualTo("1.0.0");
        assertThat(r.at("/properties/osProfile/linuxConfiguration/disablePasswordAuthentication").asBoolean()).isTrue();
        assertThat(r.at("/properties/osProfile/customData").isMissingNode()).isTrue();
        assertThat(r.at("/properties/timeCreated").asText()).isEqualTo(Fixtures.NOW.toString());
        assertThat(r.at("/properties/instanceView").isMissingNode()).isTrue();
    }

    @Test
    void expanding_the_instance_view_shows_provisioning_and_power_states() {
        JsonNode r = handler.toResponse(Fixtures.LATEST, id, spec, handler.connect().observe(id, spec), "instanceView");

        assertThat(r.at("/properties/instanceView/statuses/0/code").asText()).isEqualTo("ProvisioningState/succeeded");
        assertThat(r.at("/properties/instanceView/statuses/1/code").asText()).isEqualTo("PowerState/running");
        assertThat(r.at("/properties/instanceView/statuses/1/displayStatus").asText()).isEqualTo("VM running");
    }

    @Test
    void a_list_page_renders_without_an_instance_view() {
        JsonNode r = handler.toResponse(Fixtures.LATEST, id, spec, Observation.notObserved(), "instanceView");

        assertThat(r.at("/properties/instanceView").isMissingNode()).isTrue();
    }

    @Test
    void power_actions_move_the_power_state() {
        invoke("powerOff");
        assertThat(powerState()).isEqualTo("PowerState/stopped");
        invoke("start");
        assertThat(powerState()).isEqualTo("PowerState/running");
        invoke("deallocate");
        assertThat(powerState()).isEqualTo("PowerState/deallocated");
        invoke("restart");
        assertThat(powerState()).isEqualTo("PowerState/running");
    }

    @Test
    void boot_diagnostics_hand_out_a_signed_link_to_the_serial_log() {
        JsonNode data = invoke("retrieveBootDiagnosticsData");
        URI uri = URI.create(data.get("serialConsoleLogBlobUri").asText());
        String path = uri.getPath().substring(("/content/" + ComputeProvider.NAMESPACE + "/").length());
        Map<String, String> query = query(uri.getQuery());

        var served = provider.publicContent(path, query);

        assertThat(served).isPresent();
        assertThat(new String(served.get().body(), StandardCharsets.UTF_8)).contains("hello from customData");
    }

    @Test
    void a_tampered_or_unsigned_serial_log_link_serves_nothing() {
        URI uri = URI.create(invoke("retrieveBootDiagnosticsData").get("serialConsoleLogBlobUri").asText());
        String path = uri.getPath().substring(("/content/" + ComputeProvider.NAMESPACE + "/").length());
        Map<String, String> query = query(uri.getQuery());
        Map<String, String> tampered = new LinkedHashMap<>(query);
        tampered.put("se", String.valueOf(Long.parseLong(query.get("se")) + 3600));

        assertThat(provider.publicContent(path, tampered)).isEmpty();
        assertThat(provider.publicContent(path, Map.of())).isEmpty();
        assertThat(provider.publicContent(path.replace("vm-", "vm-0"), query)).isEmpty();
    }

    @Test
    void the_alias_document_names_the_tiny_image() {
        JsonNode doc = Fixtures.json(new String(provider.publicContent("vmImageAliasDoc", Map.of()).orElseThrow().body(), StandardCharsets.UTF_8));

        assertThat(doc.at("/outputs/aliases/value/Linux/StratoTinyLinux/offer").asText()).isEqualTo("tiny-linux");
        assertThat(provider.cloudEndpoints()).containsEntry("vmImageAliasDoc", "/content/Microsoft.Compute/vmImageAliasDoc");
    }

    @Test
    void deleting_removes_the_machine() {
        assertThat(handler.connect().delete(id)).isInstanceOf(Outcome.Done.class);

        assertThat(handler.connect().observe(id, spec).exists()).isFalse();
    }

    private JsonNode invoke(String action) {
        return handler.actions().stream().filter(a -> a.name().equals(action)).findFirst().orElseThrow()
                .invoke(Fixtures.LATEST, id, spec, JsonNodeFactory.instance.objectNode());
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        Arrays.stream(q.split("&")).map(kv -> kv.split("=", 2)).forEach(kv -> out.put(kv[0], kv[1]));
        return out;
    }
}
