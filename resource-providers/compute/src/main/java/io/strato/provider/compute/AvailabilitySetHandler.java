package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.StoredResource;
import io.strato.spi.StoredResources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Compute/availabilitySets}: fault and update domain counts within Azure's limits, sku {@code Aligned}
 * or {@code Classic}, and {@code virtualMachines} filled from the VMs that reference the set. A VM joins a set only
 * when it is created ({@link #place}): it gets the next fault and update domain, round robin, as Azure spreads them.
 * The set is a record only: on one appliance every domain is the same host.
 */
final class AvailabilitySetHandler implements ResourceTypeHandler<AvailabilitySetSpec> {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Compute", "availabilitySets");
    static final int MAX_FAULT_DOMAINS = 3;
    static final int MAX_UPDATE_DOMAINS = 20;
    static final List<String> SKUS = List.of("Aligned", "Classic");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]|[A-Za-z0-9_]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private volatile StoredResources resources = StoredResources.NONE;

    void configure(StoredResources resources) { this.resources = resources; }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return VirtualMachineHandler.API_VERSIONS; }

    @Override public Class<AvailabilitySetSpec> specClass() { return AvailabilitySetSpec.class; }

    @Override
    public AvailabilitySetSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<AvailabilitySetSpec> existing) {
        JsonBody b = JsonBody.of(body);
        String asked = b.text("sku.name").orElse(existing.map(AvailabilitySetSpec::skuName).orElse("Classic"));
        String sku = JsonBody.canonical(asked, SKUS).orElseThrow(() -> ArmErrorCode.InvalidParameter.exception(
                "The value '" + asked + "' of parameter 'sku.name' is invalid. The supported values are Aligned, Classic.", "sku.name"));
        int faults = count(b, "properties.platformFaultDomainCount", existing.map(AvailabilitySetSpec::platformFaultDomainCount).orElse(2));
        if (faults < 1 || faults > MAX_FAULT_DOMAINS) {
            throw ArmErrorCode.InvalidParameter.exception("The specified fault domain count " + faults + " must fall in the range 1 to "
                    + MAX_FAULT_DOMAINS + ".", "platformFaultDomainCount");
        }
        int updates = count(b, "properties.platformUpdateDomainCount", existing.map(AvailabilitySetSpec::platformUpdateDomainCount).orElse(5));
        if (updates < 1 || updates > MAX_UPDATE_DOMAINS) {
            throw ArmErrorCode.InvalidParameter.exception("The specified update domain count " + updates + " must fall in the range 1 to "
                    + MAX_UPDATE_DOMAINS + ".", "platformUpdateDomainCount");
        }
        if (existing.isPresent()) {
            AvailabilitySetSpec e = existing.get();
            if (e.platformFaultDomainCount() != faults) throw VirtualMachineRequest.changeNotAllowed("platformFaultDomainCount");
            if (e.platformUpdateDomainCount() != updates) throw VirtualMachineRequest.changeNotAllowed("platformUpdateDomainCount");
            if (e.skuName().equals("Aligned") && sku.equals("Classic")) throw VirtualMachineRequest.changeNotAllowed("sku.name");
        }
        return new AvailabilitySetSpec(sku, faults, updates);
    }

    private static int count(JsonBody b, String path, int fallback) {
        return b.node(path).map(n -> {
            if (!n.canConvertToInt() && !(n.isTextual() && n.asText().matches("-?[0-9]{1,9}"))) {
                String name = path.substring(path.lastIndexOf('.') + 1);
                throw ArmErrorCode.InvalidParameter.exception("The value of parameter " + name + " is invalid.", name);
            }
            return n.asInt();
        }).orElse(fallback);
    }

    /** PATCH: sku and tags; the domain counts cannot change. */
    @Override
    public AvailabilitySetSpec patch(ApiVersion version, ResourceId id, JsonNode body, AvailabilitySetSpec existing) {
        ObjectNode merged = NODES.objectNode();
        merged.putObject("sku").put("name", body.path("sku").path("name").asText(existing.skuName()));
        ObjectNode p = merged.putObject("properties");
        p.set("platformFaultDomainCount", body.path("properties").path("platformFaultDomainCount").isMissingNode()
                ? NODES.numberNode(existing.platformFaultDomainCount()) : body.path("properties").get("platformFaultDomainCount"));
        p.set("platformUpdateDomainCount", body.path("properties").path("platformUpdateDomainCount").isMissingNode()
                ? NODES.numberNode(existing.platformUpdateDomainCount()) : body.path("properties").get("platformUpdateDomainCount"));
        return toSpec(version, id, merged, Optional.of(existing));
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, AvailabilitySetSpec spec, Observation seen) {
        ObjectNode r = NODES.objectNode();
        r.putObject("sku").put("name", spec.skuName());
        ObjectNode p = r.putObject("properties");
        p.put("platformUpdateDomainCount", spec.platformUpdateDomainCount()).put("platformFaultDomainCount", spec.platformFaultDomainCount());
        ArrayNode vms = p.putArray("virtualMachines");
        members(id).forEach(vm -> vms.addObject().put("id", vm.toString()));
        return r;
    }

    /** The VMs that reference the set, in id order. */
    List<ResourceId> members(ResourceId set) {
        return resources.list(set.subscriptionId(), VirtualMachineHandler.TYPE).stream()
                .filter(r -> inSet(r, set)).map(StoredResource::id).toList();
    }

    private static boolean inSet(StoredResource vm, ResourceId set) {
        VirtualMachineSpec.Placement p = vm.spec(VirtualMachineSpec.class).availabilitySet();
        return p != null && ResourceId.tryParse(p.id()).map(set::equals).orElse(false);
    }

    /**
     * The placement of a VM that asks for {@code setId}: the set must exist and take VMs with managed disks
     * ({@code Aligned}); a VM keeps its set for life ({@code PropertyChangeNotAllowed}).
     */
    Optional<VirtualMachineSpec.Placement> place(ResourceId vm, String setId, Optional<VirtualMachineSpec> existing) {
        Optional<VirtualMachineSpec.Placement> before = existing.map(VirtualMachineSpec::availabilitySet);
        if (existing.isPresent()) {
            boolean same = setId == null ? before.isEmpty()
                    : before.isPresent() && ResourceId.tryParse(before.get().id()).equals(ResourceId.tryParse(setId));
            if (!same) throw VirtualMachineRequest.changeNotAllowed("availabilitySet.id");
            return before;
        }
        if (setId == null) return Optional.empty();
        ResourceId set = ResourceId.tryParse(setId).filter(i -> i.type().equals(TYPE)).orElseThrow(() -> ArmErrorCode.InvalidParameter.exception(
                "The value '" + setId + "' of parameter 'availabilitySet.id' is not an availability set id.", "availabilitySet.id"));
        StoredResource stored = resources.find(set).orElseThrow(() -> ArmErrorCode.NotFound.exception(
                "Resource " + setId + " not found.", "availabilitySet.id"));
        AvailabilitySetSpec spec = stored.spec(AvailabilitySetSpec.class);
        if (!spec.skuName().equals("Aligned")) {
            throw ArmErrorCode.OperationNotAllowed.exception("Addition of a VM with managed disks to non-managed Availability Set or addition of a VM with blob based disks to managed Availability Set is not supported. Please create an Availability Set with 'Aligned' SKU in order to add a VM with managed disks to it.", "availabilitySet");
        }
        int n = (int) members(set).stream().filter(m -> !m.equals(vm)).count();
        return Optional.of(new VirtualMachineSpec.Placement(stored.id().toString(), n % spec.platformFaultDomainCount(), n % spec.platformUpdateDomainCount()));
    }

    @Override
    public void checkDelete(ResourceId id, AvailabilitySetSpec spec) {
        if (!members(id).isEmpty()) {
            throw ArmErrorCode.OperationNotAllowed.exception("Availability Set '" + id.name()
                    + "' cannot be deleted. Before deleting an Availability Set please ensure that it does not contain any VM.", null);
        }
    }

    /** Sets go after the VMs in them when a group is deleted. */
    @Override
    public int deleteRank() { return 10; }

    @Override
    public ExternalClient<AvailabilitySetSpec> connect() { return RECORD_ONLY; }

    private static final ExternalClient<AvailabilitySetSpec> RECORD_ONLY = new ExternalClient<>() {
        @Override public Observation observe(ResourceId id, AvailabilitySetSpec desired) { return Observation.present(Map.of()); }
        @Override public Outcome create(ResourceId id, AvailabilitySetSpec desired) { return Outcome.done(); }
        @Override public Outcome update(ResourceId id, AvailabilitySetSpec desired) { return Outcome.done(); }
        @Override public Outcome delete(ResourceId id) { return Outcome.done(); }
    };

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.matcher(id.name()).matches()) {
            throw ArmErrorCode.InvalidResourceName.exception("The resource name '" + id.name() + "' is invalid. An availability set name must be 1 to 80 letters, digits, '_', '.' or '-', and must not end with '.' or '-'.", "name");
        }
    }
}
