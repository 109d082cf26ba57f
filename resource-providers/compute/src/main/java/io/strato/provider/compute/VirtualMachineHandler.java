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
import io.strato.spi.ResourceAction;
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.ResourceView;
import io.strato.spi.SecretVault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Compute/virtualMachines}: validation ({@link VirtualMachineRequest}), Azure's response shape with
 * {@code $expand=instanceView}, the {@code instanceView} view, the power actions ({@code start}, {@code powerOff},
 * {@code restart}, {@code deallocate}, {@code redeploy}) and {@code retrieveBootDiagnosticsData}, whose link serves
 * the guest's serial console.
 */
public final class VirtualMachineHandler implements ResourceTypeHandler<VirtualMachineSpec> {
    public static final ResourceType TYPE = ResourceType.of("Microsoft.Compute", "virtualMachines");
    static final String SECRET_PASSWORD = "adminPassword";
    static final String SECRET_CUSTOM_DATA = "customData";

    /** Every api-version Azure published for virtual machines; one shape serves them all. */
    static final ApiVersions API_VERSIONS = ApiVersions.of(List.of(
            "2015-05-01-preview", "2015-06-15", "2016-03-30", "2016-04-30-preview", "2017-03-30", "2017-12-01", "2018-04-01",
            "2018-06-01", "2018-10-01", "2019-03-01", "2019-07-01", "2019-12-01", "2020-06-01", "2020-12-01", "2021-03-01",
            "2021-04-01", "2021-07-01", "2021-11-01", "2022-03-01", "2022-08-01", "2022-11-01", "2023-03-01", "2023-07-01",
            "2023-09-01", "2024-03-01", "2024-07-01", "2024-11-01"), List.of("2020-06-01", "2022-11-01"));

    private static final ApiVersion TIME_CREATED_SINCE = ApiVersion.parse("2021-11-01");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]|[A-Za-z0-9_]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private volatile Configured configured;
    private volatile Optional<PlatformImages.PlatformImage> standIn = Optional.empty();

    private volatile VmExtensionHandler extensions;
    private volatile AvailabilitySetHandler availabilitySets;
    private volatile java.util.function.Function<ResourceId, Optional<ImageSpec>> customImages = id -> Optional.empty();

    private volatile java.util.function.Predicate<ResourceId> diskExists = id -> true;

    /** Tells whether a managed disk a VM attaches exists. */
    void diskExists(java.util.function.Predicate<ResourceId> exists) { this.diskExists = exists; }

    private volatile java.util.function.Function<ResourceId, Optional<ResourceId>> diskOwner = id -> Optional.empty();

    /** Finds the VM a managed disk is attached to: a disk serves one VM at a time. */
    void diskOwner(java.util.function.Function<ResourceId, Optional<ResourceId>> owner) { this.diskOwner = owner; }

    /** Finds custom images ({@code imageReference.id}). */
    void customImages(java.util.function.Function<ResourceId, Optional<ImageSpec>> images) { this.customImages = images; }

    /** The availability set type, which places a VM that asks for a set. */
    void availabilitySets(AvailabilitySetHandler sets) { this.availabilitySets = sets; }

    /** The extension type, whose resources the VM lists and whose outcomes its instance view shows. */
    void extensions(VmExtensionHandler extensions) { this.extensions = extensions; }

    /** The image that boots in place of Linux platform images the appliance does not have (none: refuse them). */
    void standIn(Optional<PlatformImages.PlatformImage> image) { this.standIn = image; }

    record Configured(VirtualMachineClient client, SecretVault vault, java.util.function.Predicate<ResourceId> nicExists, BootDiagnostics diagnostics) {}

    /** Makes signed links to a VM's serial log. */
    interface BootDiagnostics {
        String serialLogUrl(ResourceId id, Duration validFor);
    }

    VirtualMachineHandler(Clock clock) { this.clock = clock; }

    void configure(VirtualMachineClient client, SecretVault vault, java.util.function.Predicate<ResourceId> nicExists, BootDiagnostics diagnostics) {
        this.configured = new Configured(client, vault, nicExists, diagnostics);
    }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return API_VERSIONS; }

    @Override public Class<VirtualMachineSpec> specClass() { return VirtualMachineSpec.class; }

    /** Validates the body; the administrator password and customData go to the vault, never into the spec. */
    @Override
    public VirtualMachineSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<VirtualMachineSpec> existing) {
        VirtualMachineRequest.Parsed parsed = VirtualMachineRequest.parse(id, body, existing, clock.instant(), standIn,
                image -> customImages.apply(image).map(ImageSpec::bootImage));
        for (String nic : parsed.spec().nicIds()) {
            if (!configured().nicExists().test(ResourceId.parse(nic))) {
                throw ArmErrorCode.NotFound.exception("Resource " + nic + " not found.", "networkProfile.networkInterfaces.id");
            }
        }
        VirtualMachineSpec spec = parsed.spec();
        for (VirtualMachineSpec.DataDisk d : spec.dataDisks()) {
            if (d.managedDiskId() != null && !diskExists.test(ResourceId.parse(d.managedDiskId()))) {
                throw ArmErrorCode.NotFound.exception("Resource " + d.managedDiskId() + " not found.", "dataDisks.managedDisk.id");
            }
            if (d.managedDiskId() != null) {
                diskOwner.apply(ResourceId.parse(d.managedDiskId())).filter(vm -> !vm.equals(id)).ifPresent(vm -> {
                    throw ArmErrorCode.OperationNotAllowed.exception("Disk '" + ResourceId.parse(d.managedDiskId()).name() + "' cannot be attached to VM '"
                            + id.name() + "': it is already attached to VM '" + vm + "'.", "dataDisks.managedDisk.id");
                });
            }
        }
        if (spec.image().isCustom() && existing.isEmpty()) spec = osDiskOfImage(spec, body);
        if (availabilitySets != null) {
            String setId = JsonBody.of(body).text("properties.availabilitySet.id").orElse(null);
            spec = spec.withAvailabilitySet(availabilitySets.place(id, setId, existing).orElse(null));
        }
        SecretVault vault = configured().vault();
        parsed.secrets().adminPassword().ifPresent(p -> vault.put(id, SECRET_PASSWORD, p));
        parsed.secrets().customData().ifPresent(c -> vault.put(id, SECRET_CUSTOM_DATA, c));
        return spec;
    }

    /** A VM made from an image gets an OS disk of the image's size by default, and never a smaller one. */
    private VirtualMachineSpec osDiskOfImage(VirtualMachineSpec spec, JsonNode body) {
        int imageSize = customImages.apply(ResourceId.parse(spec.image().id())).map(ImageSpec::diskSizeGB).orElse(spec.osDisk().diskSizeGB());
        boolean asked = JsonBody.of(body).node("properties.storageProfile.osDisk.diskSizeGB").isPresent();
        VirtualMachineSpec.OsDisk os = spec.osDisk();
        if (asked && os.diskSizeGB() < imageSize) {
            throw ArmErrorCode.InvalidParameter.exception("The specified disk size " + os.diskSizeGB() + " GB is smaller than the size of the corresponding disk in the VM image: "
                    + imageSize + " GB. This is not allowed. Please choose equal or greater size or do not specify an explicit size.", "osDisk.diskSizeGB");
        }
        if (asked || os.diskSizeGB() == imageSize) return spec;
        return new VirtualMachineSpec(spec.vmId(), spec.timeCreated(), spec.vmSize(), spec.image(),
                new VirtualMachineSpec.OsDisk(os.name(), imageSize, os.storageAccountType(), os.caching(), os.deleteOption()),
                spec.computerName(), spec.adminUsername(), spec.sshPublicKeys(), spec.passwordAuthentication(), spec.customData(),
                spec.nicIds(), spec.dataDisks(), spec.properties(), spec.availabilitySet());
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, VirtualMachineSpec spec, Observation seen) {
        return toResponse(version, id, spec, seen, null);
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, VirtualMachineSpec spec, Observation seen, String expand) {
        ObjectNode response = NODES.objectNode();
        ObjectNode p = spec.properties().deepCopy();
        p.put("vmId", spec.vmId());
        object(p, "hardwareProfile").put("vmSize", spec.vmSize());
        ObjectNode storage = object(p, "storageProfile");
        if (spec.image().isCustom()) {
            storage.putObject("imageReference").put("id", spec.image().id());
        } else {
            ObjectNode image = object(storage, "imageReference");
            image.put("publisher", spec.image().publisher()).put("offer", spec.image().offer()).put("sku", spec.image().sku())
                    .put("version", spec.image().version()).put("exactVersion", spec.image().exactVersion());
        }
        ObjectNode os = object(storage, "osDisk");
        os.put("osType", "Linux").put("name", spec.osDisk().name()).put("createOption", "FromImage")
                .put("caching", spec.osDisk().caching());
        os.putObject("managedDisk").put("storageAccountType", spec.osDisk().storageAccountType())
                .put("id", diskId(id, spec.osDisk().name()));
        os.put("deleteOption", spec.osDisk().deleteOption()).put("diskSizeGB", spec.osDisk().diskSizeGB());
        ArrayNode data = storage.putArray("dataDisks");
        for (VirtualMachineSpec.DataDisk d : spec.dataDisks()) {
            ObjectNode n = data.addObject().put("lun", d.lun()).put("name", d.name()).put("createOption", d.createOption())
                    .put("caching", d.caching());
            n.putObject("managedDisk").put("storageAccountType", "Premium_LRS")
                    .put("id", d.managedDiskId() != null ? d.managedDiskId() : diskId(id, d.name()));
            if (d.diskSizeGB() > 0) n.put("diskSizeGB", d.diskSizeGB());
            n.put("deleteOption", "Detach").put("toBeDetached", false);
        }
        if (spec.availabilitySet() != null) object(p, "availabilitySet").put("id", spec.availabilitySet().id());
        ObjectNode osProfile = object(p, "osProfile");
        osProfile.put("computerName", spec.computerName()).put("adminUsername", spec.adminUsername());
        ObjectNode linux = object(osProfile, "linuxConfiguration");
        linux.put("disablePasswordAuthentication", !spec.passwordAuthentication());
        if (!linux.has("provisionVMAgent")) linux.put("provisionVMAgent", true);
        if (!linux.has("patchSettings")) linux.putObject("patchSettings").put("patchMode", "ImageDefault").put("assessmentMode", "ImageDefault");
        if (!osProfile.has("secrets")) osProfile.putArray("secrets");
        if (!osProfile.has("allowExtensionOperations")) osProfile.put("allowExtensionOperations", true);
        if (!osProfile.has("requireGuestProvisionSignal")) osProfile.put("requireGuestProvisionSignal", true);
        if (version.compareTo(TIME_CREATED_SINCE) >= 0) p.put("timeCreated", spec.timeCreated());
        if (expand != null && expand.toLowerCase(Locale.ROOT).contains("instanceview") && seen.observed()) {
            p.set("instanceView", instanceView(id, spec, seen));
        }
        response.set("properties", p);
        if (extensions != null && seen.observed()) {
            ArrayNode children = extensions.resourcesOf(id);
            if (!children.isEmpty()) response.set("resources", children);
        }
        return response;
    }

    /** Azure's VM instance view: provisioning and power statuses, the guest agent, disks, boot diagnostics, extensions. */
    ObjectNode instanceView(ResourceId id, VirtualMachineSpec spec, Observation seen) {
        ObjectNode v = NODES.objectNode();
        Map<String, Object> f = seen.facts();
        boolean provisioned = Boolean.TRUE.equals(f.get("provisioned"));
        String now = clock.instant().toString();
        String running = spec.image().isCustom() ? "image " + ResourceId.parse(spec.image().id()).name() + " (on the kernel of " + spec.image().standIn() + ")"
                : spec.image().standIn() == null ? spec.image().offer() + " " + spec.image().exactVersion()
                : spec.image().standIn() + " (stand-in for " + spec.image().urn() + ")";
        v.put("computerName", spec.computerName()).put("osName", "linux").put("osVersion", running);
        ObjectNode agent = v.putObject("vmAgent");
        agent.put("vmAgentVersion", "strato-serial-1.0");
        agent.putArray("statuses").addObject().put("code", "ProvisioningState/succeeded").put("level", "Info")
                .put("displayStatus", provisioned ? "Ready" : "Not Ready")
                .put("message", provisioned ? "Guest reported ready on its serial console" : "Guest has not reported ready yet").put("time", now);
        ArrayNode disks = v.putArray("disks");
        disks.addObject().put("name", spec.osDisk().name()).putArray("statuses").add(status("ProvisioningState/succeeded", "Provisioning succeeded", spec.timeCreated()));
        for (VirtualMachineSpec.DataDisk d : spec.dataDisks()) {
            disks.addObject().put("name", d.name()).putArray("statuses").add(status("ProvisioningState/succeeded", "Provisioning succeeded", spec.timeCreated()));
        }
        if (spec.availabilitySet() != null) {
            v.put("platformUpdateDomain", spec.availabilitySet().updateDomain()).put("platformFaultDomain", spec.availabilitySet().faultDomain());
        }
        v.put("hyperVGeneration", "V1");
        v.putObject("bootDiagnostics");
        ArrayNode statuses = v.putArray("statuses");
        if (!seen.exists()) {
            statuses.add(status("ProvisioningState/creating", "Creating", now));
            return v;
        }
        statuses.add(provisioned ? status("ProvisioningState/succeeded", "Provisioning succeeded", now)
                : status("ProvisioningState/creating", "Creating", now));
        MachineDriver.Power power = MachineDriver.Power.valueOf(String.valueOf(f.getOrDefault("powerState", "STOPPED")));
        statuses.add(NODES.objectNode().put("code", "PowerState/" + power.code()).put("level", "Info").put("displayStatus", power.display()));
        List<MachineDriver.ExtensionResult> results = new ArrayList<>();
        if (f.get("extensions") instanceof List<?> list) {
            for (Object o : list) if (o instanceof Map<?, ?> m) results.add(VmExtensionClient.fromFacts(m));
        }
        if (extensions != null) v.set("extensions", extensions.instanceViewsOf(id, results));
        return v;
    }

    private static ObjectNode status(String code, String display, String time) {
        return NODES.objectNode().put("code", code).put("level", "Info").put("displayStatus", display).put("time", time);
    }

    static String diskId(ResourceId vm, String diskName) {
        return "/subscriptions/" + vm.subscriptionId() + "/resourceGroups/" + vm.resourceGroup().orElseThrow()
                + "/providers/Microsoft.Compute/disks/" + diskName;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    @Override
    public ExternalClient<VirtualMachineSpec> connect() { return configured().client(); }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.matcher(id.name()).matches()) {
            throw ArmErrorCode.InvalidResourceName.exception("The resource name '" + id.name() + "' is invalid. A virtual machine name must be 1 to 64 letters, digits, '_', '.' or '-', and must not end with '.' or '-'.", "name");
        }
    }

    @Override
    public List<ResourceView<VirtualMachineSpec>> views() {
        return List.of(new ResourceView<>() {
            @Override public List<String> path() { return List.of("instanceView"); }

            @Override
            public JsonNode read(ApiVersion version, ResourceId id, VirtualMachineSpec spec, List<String> values, Map<String, String> query) {
                return instanceView(id, spec, configured().client().observe(id, spec));
            }
        });
    }

    @Override
    public List<ResourceAction<VirtualMachineSpec>> actions() {
        List<ResourceAction<VirtualMachineSpec>> actions = new ArrayList<>();
        for (String name : List.of("start", "powerOff", "restart", "deallocate", "redeploy")) {
            actions.add(new ResourceAction<>() {
                @Override public String name() { return name; }

                @Override
                public JsonNode invoke(ApiVersion version, ResourceId id, VirtualMachineSpec spec, JsonNode body) {
                    try {
                        configured().client().power(id, spec, name);
                    } catch (MachineDriver.MachineException e) {
                        throw ArmErrorCode.InternalServerError.exception("The operation '" + name + "' on virtual machine '" + id.name() + "' failed: " + e.getMessage());
                    }
                    return MissingNode.getInstance();
                }
            });
        }
        actions.add(new ResourceAction<>() {
            @Override public String name() { return "retrieveBootDiagnosticsData"; }

            @Override
            public JsonNode invoke(ApiVersion version, ResourceId id, VirtualMachineSpec spec, JsonNode body) {
                int minutes = 120;
                JsonNode asked = body.path("sasUriExpirationTimeInMinutes");
                if (asked.canConvertToInt()) minutes = asked.asInt();
                if (minutes < 1 || minutes > 1440) {
                    throw ArmErrorCode.InvalidParameter.exception("The value of parameter sasUriExpirationTimeInMinutes is invalid: it must be between 1 and 1440.", "sasUriExpirationTimeInMinutes");
                }
                ObjectNode out = NODES.objectNode();
                out.put("serialConsoleLogBlobUri", configured().diagnostics().serialLogUrl(id, Duration.ofMinutes(minutes)));
                return out;
            }
        });
        return actions;
    }

    private Configured configured() {
        Configured c = configured;
        if (c == null) throw new IllegalStateException("ComputeProvider.configure(ProviderContext) has not been called");
        return c;
    }

    Instant now() { return clock.instant(); }
}
