package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.ApiVersions;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.ResourceCommand;
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.ResourceView;
import io.strato.spi.SecretVault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Compute/virtualMachineScaleSets} in Uniform orchestration: validation ({@link ScaleSetRequest}),
 * Azure's response shape, scaling by {@code sku.capacity} (PUT or PATCH), the instances below the set
 * ({@code virtualMachines}, {@code virtualMachines/{id}}, {@code virtualMachines/{id}/instanceView}), the set's
 * {@code instanceView} and {@code skus}, power actions on the set or on some instances ({@code start},
 * {@code powerOff}, {@code restart}, {@code deallocate}, {@code redeploy}, with {@code instanceIds} or on
 * {@code virtualMachines/{id}/...}), an instance's serial log ({@code virtualMachines/{id}/retrieveBootDiagnosticsData}:
 * a signed link, as for a VM), and deleting instances ({@code delete} with {@code instanceIds},
 * {@code DELETE virtualMachines/{id}}), which lowers the capacity as Azure does.
 */
public final class ScaleSetHandler implements ResourceTypeHandler<ScaleSetSpec> {
    public static final ResourceType TYPE = ResourceType.of("Microsoft.Compute", "virtualMachineScaleSets");
    static final String INSTANCE_TYPE = "Microsoft.Compute/virtualMachineScaleSets/virtualMachines";
    static final List<String> POWER_ACTIONS = List.of("start", "powerOff", "restart", "deallocate", "redeploy");
    private static final ApiVersion TIME_CREATED_SINCE = ApiVersion.parse("2021-11-01");
    private static final ApiVersion ORCHESTRATION_MODE_SINCE = ApiVersion.parse("2020-06-01");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]|[A-Za-z0-9_]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private volatile Configured configured;
    private volatile Optional<PlatformImages.PlatformImage> standIn = Optional.empty();

    /**
     * @param exists whether a referenced subnet or load balancer backend pool exists (checked when the set is written)
     */
    record Configured(ScaleSetClient client, SecretVault vault, Predicate<ResourceId> exists) {}

    ScaleSetHandler(Clock clock) { this.clock = clock; }

    void configure(ScaleSetClient client, SecretVault vault, Predicate<ResourceId> exists) {
        this.configured = new Configured(client, vault, exists);
    }

    private volatile VirtualMachineHandler.BootDiagnostics diagnostics;

    /** Makes the signed links to an instance's serial log ({@code retrieveBootDiagnosticsData}). */
    void diagnostics(VirtualMachineHandler.BootDiagnostics diagnostics) { this.diagnostics = diagnostics; }

    /** The image that boots in place of Linux platform images the appliance does not have (none: refuse them). */
    void standIn(Optional<PlatformImages.PlatformImage> image) { this.standIn = image; }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return VirtualMachineHandler.API_VERSIONS; }

    @Override public Class<ScaleSetSpec> specClass() { return ScaleSetSpec.class; }

    /** Instances go before the load balancers and virtual networks they use. */
    @Override public int deleteRank() { return -40; }

    @Override
    public ScaleSetSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<ScaleSetSpec> existing) {
        ScaleSetRequest.Parsed parsed = ScaleSetRequest.parse(id, body, existing, clock.instant(), standIn);
        for (ScaleSetSpec.NicConfig nic : parsed.spec().nics()) {
            List<String> refs = new ArrayList<>(nic.backendPools());
            refs.add(0, nic.subnetId());
            for (String ref : refs) {
                if (!configured().exists().test(ResourceId.parse(ref))) {
                    throw ArmErrorCode.InvalidResourceReference.exception("Resource " + ref + " referenced by resource " + id + " was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.",
                            "networkInterfaceConfigurations");
                }
            }
        }
        SecretVault vault = configured().vault();
        parsed.secrets().adminPassword().ifPresent(p -> vault.put(id, VirtualMachineHandler.SECRET_PASSWORD, p));
        parsed.secrets().customData().ifPresent(c -> vault.put(id, VirtualMachineHandler.SECRET_CUSTOM_DATA, c));
        return parsed.spec();
    }

    /** A PATCH is a JSON merge patch of {@code sku} and {@code properties} over the stored request. */
    @Override
    public ScaleSetSpec patch(ApiVersion version, ResourceId id, JsonNode body, ScaleSetSpec existing) {
        if (!body.has("sku") && !body.has("properties")) return existing;
        ObjectNode merged = NODES.objectNode();
        merged.putObject("sku").put("name", existing.vmSize()).put("capacity", existing.capacity());
        merged.set("properties", existing.properties().deepCopy());
        merge(merged, body.deepCopy(), Set.of("sku", "properties"));
        if (!body.path("sku").has("capacity")) ((ObjectNode) merged.get("sku")).remove("capacity");
        return toSpec(version, id, merged, Optional.of(existing));
    }

    private static void merge(ObjectNode target, JsonNode patch, Set<String> only) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (only != null && !only.contains(f.getKey())) continue;
            if (f.getValue().isNull()) target.remove(f.getKey());
            else if (f.getValue().isObject() && target.get(f.getKey()) instanceof ObjectNode o) merge(o, f.getValue(), null);
            else target.set(f.getKey(), f.getValue());
        }
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, ScaleSetSpec spec, Observation seen) {
        ObjectNode response = NODES.objectNode();
        response.putObject("sku").put("name", spec.vmSize()).put("tier", "Standard").put("capacity", spec.capacity());
        ObjectNode p = spec.properties().deepCopy();
        p.put("uniqueId", spec.uniqueId());
        if (!p.has("singlePlacementGroup")) p.put("singlePlacementGroup", true);
        if (!p.has("overprovision")) p.put("overprovision", true);
        if (!p.has("doNotRunExtensionsOnOverprovisionedVMs")) p.put("doNotRunExtensionsOnOverprovisionedVMs", false);
        object(p, "upgradePolicy").put("mode", spec.upgradeMode());
        if (version.compareTo(ORCHESTRATION_MODE_SINCE) >= 0) p.put("orchestrationMode", "Uniform");
        if (version.compareTo(TIME_CREATED_SINCE) >= 0) p.put("timeCreated", spec.timeCreated());
        ObjectNode profile = object(p, "virtualMachineProfile");
        ObjectNode storage = object(profile, "storageProfile");
        image(object(storage, "imageReference"), spec);
        ObjectNode os = object(storage, "osDisk");
        os.put("osType", "Linux").put("createOption", "FromImage").put("caching", spec.osDisk().caching()).put("diskSizeGB", spec.osDisk().diskSizeGB());
        object(os, "managedDisk").put("storageAccountType", spec.osDisk().storageAccountType());
        osProfile(object(profile, "osProfile"), spec);
        for (JsonNode nic : profile.path("networkProfile").path("networkInterfaceConfigurations")) {
            if (!(nic.path("properties") instanceof ObjectNode np)) continue;
            if (!np.has("dnsSettings")) np.putObject("dnsSettings").putArray("dnsServers");
            if (!np.has("enableAcceleratedNetworking")) np.put("enableAcceleratedNetworking", false);
            if (!np.has("enableIPForwarding")) np.put("enableIPForwarding", false);
            for (JsonNode ip : np.path("ipConfigurations")) {
                if (ip.path("properties") instanceof ObjectNode ipp && !ipp.has("privateIPAddressVersion")) ipp.put("privateIPAddressVersion", "IPv4");
            }
        }
        response.set("properties", p);
        return response;
    }

    private static void image(ObjectNode image, ScaleSetSpec spec) {
        image.put("publisher", spec.image().publisher()).put("offer", spec.image().offer()).put("sku", spec.image().sku())
                .put("version", spec.image().version());
    }

    private static void osProfile(ObjectNode os, ScaleSetSpec spec) {
        ObjectNode linux = object(os, "linuxConfiguration");
        linux.put("disablePasswordAuthentication", !spec.passwordAuthentication());
        if (!linux.has("provisionVMAgent")) linux.put("provisionVMAgent", true);
        if (!os.has("secrets")) os.putArray("secrets");
        if (!os.has("allowExtensionOperations")) os.put("allowExtensionOperations", true);
        if (!os.has("requireGuestProvisionSignal")) os.put("requireGuestProvisionSignal", true);
    }

    /** One instance as Azure renders a {@code VirtualMachineScaleSetVM}; with its instance view when {@code expand} asks. */
    ObjectNode instance(ApiVersion version, ResourceId set, ScaleSetSpec spec, ScaleSetSpec.Instance instance, boolean expand) {
        ResourceId id = ScaleSetSpec.instanceId(set, instance.instanceId());
        Optional<MachineDriver.MachineStatus> status = configured().client().status(set, instance.instanceId());
        ObjectNode n = NODES.objectNode();
        n.put("name", set.name() + "_" + instance.instanceId()).put("id", id.toString()).put("type", INSTANCE_TYPE);
        if (spec.location() != null) n.put("location", spec.location());
        n.put("instanceId", instance.instanceId());
        n.putObject("sku").put("name", instance.vmSize()).put("tier", "Standard");
        ObjectNode p = n.putObject("properties");
        p.put("latestModelApplied", instance.vmSize().equals(spec.vmSize()));
        p.put("vmId", instance.vmId());
        p.putObject("hardwareProfile").put("vmSize", instance.vmSize());
        ObjectNode storage = p.putObject("storageProfile");
        ObjectNode image = storage.putObject("imageReference");
        image(image, spec);
        image.put("exactVersion", spec.image().exactVersion());
        ObjectNode os = storage.putObject("osDisk");
        os.put("osType", "Linux").put("name", instance.osDiskName()).put("createOption", "FromImage").put("caching", spec.osDisk().caching());
        os.putObject("managedDisk").put("storageAccountType", spec.osDisk().storageAccountType())
                .put("id", VirtualMachineHandler.diskId(set, instance.osDiskName()));
        os.put("diskSizeGB", spec.osDisk().diskSizeGB());
        storage.putArray("dataDisks");
        ObjectNode osProfile = p.putObject("osProfile");
        osProfile.put("computerName", spec.computerName(instance.instanceId())).put("adminUsername", spec.adminUsername());
        JsonNode linux = spec.properties().path("virtualMachineProfile").path("osProfile").path("linuxConfiguration");
        osProfile.set("linuxConfiguration", linux.isObject() ? linux.deepCopy() : NODES.objectNode());
        osProfile(osProfile, spec);
        ArrayNode nics = p.putObject("networkProfile").putArray("networkInterfaces");
        for (ScaleSetSpec.NicConfig nic : spec.nics()) {
            nics.addObject().put("id", ScaleSetNetwork.owner(id, nic).toString()).putObject("properties").put("primary", nic.primary());
        }
        JsonNode configs = spec.properties().path("virtualMachineProfile").path("networkProfile").path("networkInterfaceConfigurations");
        p.putObject("networkProfileConfiguration").set("networkInterfaceConfigurations", configs.deepCopy());
        boolean provisioned = status.map(MachineDriver.MachineStatus::provisioned).orElse(false);
        p.put("provisioningState", provisioned ? "Succeeded" : "Creating");
        if (version.compareTo(TIME_CREATED_SINCE) >= 0) p.put("timeCreated", instance.timeCreated());
        if (expand) p.set("instanceView", instanceView(spec, instance, status));
        return n;
    }

    /** Azure's instance view of one instance: provisioning and power states, the guest agent, its OS disk. */
    ObjectNode instanceView(ScaleSetSpec spec, ScaleSetSpec.Instance instance, Optional<MachineDriver.MachineStatus> status) {
        ObjectNode v = NODES.objectNode();
        String now = clock.instant().toString();
        boolean provisioned = status.map(MachineDriver.MachineStatus::provisioned).orElse(false);
        v.put("platformUpdateDomain", 0).put("platformFaultDomain", 0).put("computerName", spec.computerName(instance.instanceId()))
                .put("osName", "linux")
                .put("osVersion", spec.image().standIn() == null ? spec.image().offer() + " " + spec.image().exactVersion()
                        : spec.image().standIn() + " (stand-in for " + spec.image().urn() + ")");
        ObjectNode agent = v.putObject("vmAgent");
        agent.put("vmAgentVersion", "strato-serial-1.0");
        agent.putArray("statuses").addObject().put("code", "ProvisioningState/succeeded").put("level", "Info")
                .put("displayStatus", provisioned ? "Ready" : "Not Ready")
                .put("message", provisioned ? "Guest reported ready on its serial console" : "Guest has not reported ready yet").put("time", now);
        v.putArray("disks").addObject().put("name", instance.osDiskName()).putArray("statuses")
                .add(status("ProvisioningState/succeeded", "Provisioning succeeded").put("time", instance.timeCreated()));
        v.put("hyperVGeneration", "V1");
        ArrayNode statuses = v.putArray("statuses");
        if (status.isEmpty()) {
            statuses.add(status("ProvisioningState/creating", "Creating").put("time", now));
            return v;
        }
        statuses.add(provisioned ? status("ProvisioningState/succeeded", "Provisioning succeeded").put("time", now)
                : status("ProvisioningState/creating", "Creating").put("time", now));
        MachineDriver.Power power = status.get().power();
        statuses.add(status("PowerState/" + power.code(), power.display()));
        return v;
    }

    /** The set's instance view: how many instances are in each provisioning and power state. */
    ObjectNode setInstanceView(ResourceId id, ScaleSetSpec spec) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        boolean allProvisioned = true;
        for (ScaleSetSpec.Instance i : spec.instances()) {
            Optional<MachineDriver.MachineStatus> s = configured().client().status(id, i.instanceId());
            boolean provisioned = s.map(MachineDriver.MachineStatus::provisioned).orElse(false);
            allProvisioned &= provisioned;
            counts.merge(provisioned ? "ProvisioningState/succeeded" : "ProvisioningState/creating", 1, Integer::sum);
            counts.merge("PowerState/" + s.map(x -> x.power().code()).orElse(MachineDriver.Power.STARTING.code()), 1, Integer::sum);
        }
        ObjectNode v = NODES.objectNode();
        ArrayNode summary = v.putObject("virtualMachine").putArray("statusesSummary");
        counts.forEach((code, count) -> summary.addObject().put("code", code).put("count", count));
        v.putArray("extensions");
        v.putArray("statuses").add(allProvisioned ? status("ProvisioningState/succeeded", "Provisioning succeeded").put("time", spec.timeCreated())
                : status("ProvisioningState/updating", "Updating"));
        v.putArray("orchestrationServices");
        return v;
    }

    /** The sizes a set can take, with the capacity range, as {@code virtualMachineScaleSets/{n}/skus}. */
    static ObjectNode skus(ScaleSetSpec spec) {
        ObjectNode out = NODES.objectNode();
        ArrayNode value = out.putArray("value");
        boolean singleGroup = spec.properties().path("singlePlacementGroup").asBoolean(true);
        for (VmSizes.VmSize s : VmSizes.all()) {
            ObjectNode e = value.addObject().put("resourceType", TYPE.toString());
            e.putObject("sku").put("name", s.name()).put("tier", "Standard");
            e.putObject("capacity").put("minimum", 0).put("maximum", singleGroup ? ScaleSetRequest.MAX_CAPACITY_SINGLE_GROUP : ScaleSetRequest.MAX_CAPACITY)
                    .put("defaultCapacity", 1).put("scaleType", "Automatic");
        }
        return out;
    }

    private static ObjectNode status(String code, String display) {
        return NODES.objectNode().put("code", code).put("level", "Info").put("displayStatus", display);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    @Override
    public ExternalClient<ScaleSetSpec> connect() { return configured().client(); }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.matcher(id.name()).matches()) {
            throw ArmErrorCode.InvalidResourceName.exception("The resource name '" + id.name() + "' is invalid. A virtual machine scale set name must be 1 to 64 letters, digits, '_', '.' or '-', and must not end with '.' or '-'.", "name");
        }
    }

    @Override
    public List<ResourceView<ScaleSetSpec>> views() {
        return List.of(
                view(List.of("virtualMachines"), (v, id, spec, values, query) -> {
                    boolean expand = query.getOrDefault("$expand", "").toLowerCase(Locale.ROOT).contains("instanceview");
                    ObjectNode page = NODES.objectNode();
                    ArrayNode value = page.putArray("value");
                    spec.instances().forEach(i -> value.add(instance(v, id, spec, i, expand)));
                    return page;
                }),
                view(List.of("virtualMachines", ResourceView.ANY), (v, id, spec, values, query) -> instance(v, id, spec, find(id, spec, values.get(0)),
                        query.getOrDefault("$expand", "").toLowerCase(Locale.ROOT).contains("instanceview"))),
                view(List.of("virtualMachines", ResourceView.ANY, "instanceView"), (v, id, spec, values, query) -> {
                    ScaleSetSpec.Instance i = find(id, spec, values.get(0));
                    return instanceView(spec, i, configured().client().status(id, i.instanceId()));
                }),
                view(List.of("instanceView"), (v, id, spec, values, query) -> setInstanceView(id, spec)),
                view(List.of("skus"), (v, id, spec, values, query) -> skus(spec)));
    }

    private interface Reader {
        JsonNode read(ApiVersion version, ResourceId id, ScaleSetSpec spec, List<String> values, Map<String, String> query);
    }

    private static ResourceView<ScaleSetSpec> view(List<String> path, Reader reader) {
        return new ResourceView<>() {
            @Override public List<String> path() { return path; }

            @Override
            public JsonNode read(ApiVersion version, ResourceId id, ScaleSetSpec spec, List<String> values, Map<String, String> query) {
                return reader.read(version, id, spec, values, query);
            }
        };
    }

    private static ScaleSetSpec.Instance find(ResourceId set, ScaleSetSpec spec, String instanceId) {
        return spec.instance(instanceId).orElseThrow(() -> ScaleSetRequest.notFoundInstance(set, instanceId));
    }

    /** The instance ids a set-level request names ({@code instanceIds}; none or {@code *}: every instance). */
    static List<String> instanceIds(ResourceId set, ScaleSetSpec spec, JsonNode body, boolean required) {
        JsonNode ids = body.path("instanceIds");
        if (ids.isMissingNode() || ids.isNull()) {
            if (required) throw VirtualMachineRequest.missing("instanceIds");
            return spec.instances().stream().map(ScaleSetSpec.Instance::instanceId).toList();
        }
        if (!ids.isArray()) throw ArmErrorCode.InvalidParameter.exception("The value of parameter instanceIds is invalid: it must be a list of instance ids.", "instanceIds");
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : ids) {
            String s = n.asText("");
            if (s.equals("*")) return spec.instances().stream().map(ScaleSetSpec.Instance::instanceId).toList();
            out.add(find(set, spec, s).instanceId());
        }
        if (out.isEmpty() && required) throw VirtualMachineRequest.missing("instanceIds");
        return List.copyOf(out);
    }

    /** The spec without these instances, and a capacity lowered by their number. */
    static ScaleSetSpec without(ScaleSetSpec spec, List<String> instanceIds) {
        List<ScaleSetSpec.Instance> left = spec.instances().stream().filter(i -> !instanceIds.contains(i.instanceId())).toList();
        return new ScaleSetSpec(spec.uniqueId(), spec.timeCreated(), spec.location(), spec.vmSize(), left.size(), spec.image(), spec.osDisk(),
                spec.computerNamePrefix(), spec.adminUsername(), spec.sshPublicKeys(), spec.passwordAuthentication(), spec.customData(),
                spec.nics(), spec.upgradeMode(), left, spec.nextInstanceId(), spec.properties());
    }

    @Override
    public List<ResourceCommand<ScaleSetSpec>> commands() {
        List<ResourceCommand<ScaleSetSpec>> commands = new ArrayList<>();
        for (String action : POWER_ACTIONS) {
            commands.add(command("POST", List.of(action), (v, id, spec, values, body) -> {
                power(id, spec, action, instanceIds(id, spec, body, false));
                return new ResourceCommand.Result<>(spec, MissingNode.getInstance());
            }));
            commands.add(command("POST", List.of("virtualMachines", ResourceView.ANY, action), (v, id, spec, values, body) -> {
                power(id, spec, action, List.of(find(id, spec, values.get(0)).instanceId()));
                return new ResourceCommand.Result<>(spec, MissingNode.getInstance());
            }));
        }
        commands.add(command("POST", List.of("virtualMachines", ResourceView.ANY, "retrieveBootDiagnosticsData"), (v, id, spec, values, body) -> {
            ScaleSetSpec.Instance instance = find(id, spec, values.get(0));
            int minutes = 120;
            JsonNode asked = body.path("sasUriExpirationTimeInMinutes");
            if (asked.canConvertToInt()) minutes = asked.asInt();
            if (minutes < 1 || minutes > 1440) {
                throw ArmErrorCode.InvalidParameter.exception("The value of parameter sasUriExpirationTimeInMinutes is invalid: it must be between 1 and 1440.", "sasUriExpirationTimeInMinutes");
            }
            ObjectNode out = NODES.objectNode().put("serialConsoleLogBlobUri",
                    diagnostics.serialLogUrl(ScaleSetSpec.instanceId(id, instance.instanceId()), java.time.Duration.ofMinutes(minutes)));
            return new ResourceCommand.Result<>(spec, out);
        }));
        commands.add(command("POST", List.of("delete"), (v, id, spec, values, body) ->
                new ResourceCommand.Result<>(without(spec, instanceIds(id, spec, body, true)), MissingNode.getInstance())));
        commands.add(command("DELETE", List.of("virtualMachines", ResourceView.ANY), (v, id, spec, values, body) ->
                new ResourceCommand.Result<>(without(spec, List.of(find(id, spec, values.get(0)).instanceId())), MissingNode.getInstance())));
        return commands;
    }

    private void power(ResourceId id, ScaleSetSpec spec, String action, List<String> instanceIds) {
        try {
            configured().client().power(id, spec, action, instanceIds);
        } catch (MachineDriver.MachineException e) {
            throw ArmErrorCode.InternalServerError.exception("The operation '" + action + "' on scale set '" + id.name() + "' failed: " + e.getMessage());
        }
    }

    private interface Runner {
        ResourceCommand.Result<ScaleSetSpec> run(ApiVersion version, ResourceId id, ScaleSetSpec spec, List<String> values, JsonNode body);
    }

    private static ResourceCommand<ScaleSetSpec> command(String method, List<String> path, Runner runner) {
        return new ResourceCommand<>() {
            @Override public String method() { return method; }

            @Override public List<String> path() { return path; }

            @Override
            public Result<ScaleSetSpec> run(ApiVersion version, ResourceId id, ScaleSetSpec spec, List<String> values, JsonNode body) {
                return runner.run(version, id, spec, values, body);
            }
        };
    }

    private Configured configured() {
        Configured c = configured;
        if (c == null) throw new IllegalStateException("ComputeProvider.configure(ProviderContext) has not been called");
        return c;
    }
}
