package io.strato.provider.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.ApiVersions;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.ProviderContext;
import io.strato.spi.ResourceAction;
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.ResourceView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.ContainerInstance/containerGroups}: validation ({@link ContainerGroupRequest}), Azure's response
 * ({@link ContainerGroupResponse}), the {@code start}, {@code stop} and {@code restart} actions, the
 * {@code containers/{name}/logs} view, and the driver {@link ContainersProvider#configure} chose.
 */
public final class ContainerGroupHandler implements ResourceTypeHandler<ContainerGroupSpec> {
    public static final ResourceType TYPE = ResourceType.of("Microsoft.ContainerInstance", "containerGroups");

    /**
     * Every api-version Azure published for the type, and the shapes implemented: 2022-10-01-preview (what the az
     * CLI 2.45 sends) and 2023-05-01.
     */
    static final ApiVersions API_VERSIONS = ApiVersions.of(List.of(
                    "2017-08-01-preview", "2017-10-01-preview", "2017-12-01-preview", "2018-02-01-preview", "2018-04-01",
                    "2018-06-01", "2018-09-01", "2018-10-01", "2019-12-01", "2020-11-01", "2021-03-01", "2021-07-01",
                    "2021-09-01", "2021-10-01", "2022-04-01-preview", "2022-09-01", "2022-10-01-preview", "2023-02-01-preview",
                    "2023-05-01"),
            List.of("2022-10-01-preview", "2023-05-01"));

    /** ACI's rule for group names: lower-case letters, digits and '-', 1 to 63 characters, no '-' at either end. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private volatile Configured configured;

    /** What {@link ContainersProvider#configure} hands over. */
    record Configured(ProviderContext context, ContainerGroupDriver driver) {}

    void configure(ProviderContext context, ContainerGroupDriver driver) {
        this.configured = new Configured(context, driver);
    }

    @Override
    public ResourceType type() { return TYPE; }

    @Override
    public ApiVersions apiVersions() { return API_VERSIONS; }

    @Override
    public Class<ContainerGroupSpec> specClass() { return ContainerGroupSpec.class; }

    /** Validates the body; secure values go to the vault (replacing the resource's earlier ones), never into the spec. */
    @Override
    public ContainerGroupSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<ContainerGroupSpec> existing) {
        ContainerGroupRequest.Parsed parsed = ContainerGroupRequest.parse(body);
        var vault = configured().context().secrets();
        vault.deleteAll(id);
        parsed.secrets().forEach((name, value) -> vault.put(id, name, value));
        return parsed.spec();
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, ContainerGroupSpec spec, Observation seen) {
        return ContainerGroupResponse.render(id, spec, seen, "containers." + configured().context().storageEndpointSuffix());
    }

    @Override
    public ExternalClient<ContainerGroupSpec> connect() { return configured().driver(); }

    ContainerGroupDriver driver() { return configured().driver(); }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.matcher(id.name()).matches()) {
            throw ArmErrorCode.InvalidResourceName.exception("The container group name '" + id.name() + "' is invalid. A container group"
                    + " name must contain no more than 63 characters, only lowercase letters, numbers and '-', and must not start or end with '-'.", "name");
        }
    }

    @Override
    public List<ResourceAction<ContainerGroupSpec>> actions() {
        return List.of(
                new StateAction("start", (id, spec) -> driver().start(id, spec)),
                new StateAction("stop", (id, spec) -> driver().stop(id)),
                new StateAction("restart", (id, spec) -> driver().restart(id, spec)));
    }

    /** Azure's container group schema has no {@code systemData} at the implemented api-versions. */
    @Override
    public boolean hasSystemData(ApiVersion version) { return false; }

    /** Groups go before the network interfaces and subnets they sit on when a resource group is deleted. */
    @Override
    public int deleteRank() { return -40; }

    /** Azure answers a container group DELETE with the deleted group. */
    @Override
    public boolean deleteAnswersWithBody() { return true; }

    @Override
    public List<ResourceView<ContainerGroupSpec>> views() { return List.of(new LogsView()); }

    private Configured configured() {
        Configured c = configured;
        if (c == null) throw new IllegalStateException("ContainersProvider.configure(ProviderContext) has not been called");
        return c;
    }

    /** {@code start}, {@code stop}, {@code restart}: 204 as in Azure, or the driver's error. */
    private record StateAction(String name, BiFunction<ResourceId, ContainerGroupSpec, Outcome> run) implements ResourceAction<ContainerGroupSpec> {
        @Override
        public JsonNode invoke(ApiVersion version, ResourceId id, ContainerGroupSpec spec, JsonNode body) {
            if (run.apply(id, spec) instanceof Outcome.Failed f) {
                throw new io.strato.model.ArmException(statusOf(f.error().code()), f.error());
            }
            return NODES.objectNode();
        }

        @Override
        public boolean answersNoContent() { return true; }
    }

    static int statusOf(String code) {
        try {
            return ArmErrorCode.valueOf(code).status();
        } catch (IllegalArgumentException e) {
            return 400;
        }
    }

    /** {@code GET containers/{name}/logs[?tail=N]}: {@code {"content": "..."}}. */
    private final class LogsView implements ResourceView<ContainerGroupSpec> {
        @Override
        public List<String> path() { return List.of("containers", ANY, "logs"); }

        @Override
        public JsonNode read(ApiVersion version, ResourceId id, ContainerGroupSpec spec, List<String> values, Map<String, String> query) {
            String container = values.get(0);
            boolean known = spec.containers().stream().anyMatch(c -> c.name().equals(container))
                    || spec.initContainers().stream().anyMatch(c -> c.name().equals(container));
            if (!known) {
                throw ArmErrorCode.ContainerNotFound.exception("The container '" + container + "' could not be found in container group '"
                        + id.name() + "'.", "containerName");
            }
            Integer tail = null;
            String t = query.get("tail");
            if (t != null && !t.isBlank()) {
                try {
                    tail = Integer.parseInt(t.trim());
                } catch (NumberFormatException e) {
                    tail = -1;
                }
                if (tail < 0) throw ArmErrorCode.InvalidParameter.exception("The value '" + t + "' of 'tail' is not a non-negative integer.", "tail");
            }
            String content = driver().logs(id, container, tail).orElse("");
            return NODES.objectNode().put("content", content);
        }
    }
}
