package io.strato.provider.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ApiVersion;
import io.strato.model.ArmException;
import io.strato.testkit.InMemorySecretVault;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerGroupHandlerTest {
    @TempDir Path dir;
    InMemorySecretVault vault = new InMemorySecretVault();
    ContainerGroupHandler handler;
    static final ApiVersion AZ_CLI = ApiVersion.parse("2022-10-01-preview");

    @BeforeEach
    void configure() {
        ContainersProvider provider = new ContainersProvider();
        provider.configure(new TestProviderContext(dir, Map.of(ContainersProvider.DRIVER_SETTING, "memory"),
                TestProviderContext.STORAGE_ENDPOINT_SUFFIX, TestProviderContext.BASE_URL, vault));
        handler = (ContainerGroupHandler) provider.resourceTypes().get(0);
    }

    @Test
    void secure_values_go_to_the_vault_and_never_into_the_response() {
        var id = Fixtures.group("web");
        var spec = handler.toSpec(AZ_CLI, id, Fixtures.azCreate("busybox", "['sleep','9']", 80), Optional.empty());
        handler.connect().create(id, spec);

        var response = handler.toResponse(AZ_CLI, id, spec, handler.connect().observe(id, spec));

        assertThat(vault.get(id)).containsEntry("env/app/TOKEN", "s3cret");
        assertThat(response.toString()).doesNotContain("s3cret").contains("\"name\":\"TOKEN\"");
        assertThat(response.at("/properties/instanceView/state").asText()).isEqualTo("Running");
        assertThat(response.at("/properties/containers/0/properties/instanceView/currentState/state").asText()).isEqualTo("Running");
        assertThat(response.at("/properties/ipAddress/ip").asText()).isNotEmpty();
    }

    @Test
    void the_logs_view_answers_for_a_container_of_the_group_only() {
        var id = Fixtures.group("web");
        var spec = handler.toSpec(AZ_CLI, id, Fixtures.azCreate("busybox", "['sleep','9']", 80), Optional.empty());
        handler.connect().create(id, spec);
        var logs = handler.views().get(0);

        assertThat(logs.match(List.of("containers", "app", "LOGS"))).contains(List.of("app"));
        assertThat(logs.read(AZ_CLI, id, spec, List.of("app"), Map.of()).has("content")).isTrue();
        assertThatThrownBy(() -> logs.read(AZ_CLI, id, spec, List.of("other"), Map.of()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("ContainerNotFound"));
        assertThatThrownBy(() -> logs.read(AZ_CLI, id, spec, List.of("app"), Map.of("tail", "-3")))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("InvalidParameter"));
    }

    @Test
    void stop_and_start_answer_no_content_and_change_the_state() {
        var id = Fixtures.group("web");
        var spec = handler.toSpec(AZ_CLI, id, Fixtures.azCreate("busybox", "['sleep','9']", 80), Optional.empty());
        handler.connect().create(id, spec);
        var stop = handler.actions().stream().filter(a -> a.name().equals("stop")).findFirst().orElseThrow();

        stop.invoke(AZ_CLI, id, spec, null);

        assertThat(stop.answersNoContent()).isTrue();
        assertThat(handler.toResponse(AZ_CLI, id, spec, handler.connect().observe(id, spec)).at("/properties/instanceView/state").asText()).isEqualTo("Stopped");
    }

    @Test
    void group_names_follow_acis_rule() {
        assertThatThrownBy(() -> handler.validateName(Fixtures.group("Web_1"))).isInstanceOf(ArmException.class);
        handler.validateName(Fixtures.group("web-1"));
    }

    @Test
    void an_unknown_driver_is_refused_at_start() {
        assertThatThrownBy(() -> new ContainersProvider().configure(TestProviderContext.of(dir, Map.of(ContainersProvider.DRIVER_SETTING, "docker"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crun, memory, runc");
    }
}
