package io.strato.provider.compute;

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
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.StoredResources;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Compute/disks}: managed disks as qcow2 files. {@code Empty}, {@code Copy} (of another disk) and
 * {@code FromImage} (a platform image version or a custom image), growing by a bigger {@code diskSizeGB} (never
 * shrinking, never while attached to a running VM), {@code managedBy} and {@code diskState} from the VMs that
 * attach it ({@code storageProfile.dataDisks[].managedDisk.id}), and a delete refused while a VM uses it, as Azure does.
 */
final class DiskHandler implements ResourceTypeHandler<DiskSpec> {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Compute", "disks");
    static final ApiVersions API_VERSIONS = ApiVersions.of(List.of("2016-04-30-preview", "2017-03-30", "2018-04-01", "2018-06-01",
            "2018-09-30", "2019-03-01", "2019-07-01", "2019-11-01", "2020-05-01", "2020-06-30", "2020-09-30", "2020-12-01", "2021-04-01",
            "2021-08-01", "2021-12-01", "2022-03-02", "2022-07-02", "2023-01-02", "2023-04-02", "2023-10-02", "2024-03-02"),
            List.of("2019-07-01", "2022-07-02"));
    static final List<String> SKUS = List.of("Standard_LRS", "Premium_LRS", "StandardSSD_LRS", "UltraSSD_LRS", "Premium_ZRS", "StandardSSD_ZRS", "PremiumV2_LRS");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]|[A-Za-z0-9_]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private volatile ExternalClient<DiskSpec> client;
    private volatile StoredResources resources = StoredResources.NONE;
    private volatile java.util.function.Function<ResourceId, Optional<MachineDriver.MachineStatus>> vmStatus = vm -> Optional.empty();

    DiskHandler(Clock clock) { this.clock = clock; }

    void configure(ExternalClient<DiskSpec> client, StoredResources resources) {
        this.client = client;
        this.resources = resources;
    }

    /** How to see whether the VM a disk is attached to runs (a running VM's disk cannot be resized). */
    void vmStatus(java.util.function.Function<ResourceId, Optional<MachineDriver.MachineStatus>> vmStatus) { this.vmStatus = vmStatus; }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return API_VERSIONS; }

    @Override public Class<DiskSpec> specClass() { return DiskSpec.class; }

    @Override
    public DiskSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<DiskSpec> existing) {
        JsonBody b = JsonBody.of(body);
        String sku = b.text("sku.name").orElse(existing.map(DiskSpec::skuName).orElse("Standard_LRS"));
        String skuName = JsonBody.canonical(sku, SKUS).orElseThrow(() -> ArmErrorCode.InvalidParameter.exception(
                "The value '" + sku + "' of parameter 'sku.name' is invalid. The supported values are " + String.join(", ", SKUS) + ".", "sku.name"));
        String option = b.text("properties.creationData.createOption").orElse(existing.map(DiskSpec::createOption).orElse(null));
        if (option == null) throw VirtualMachineRequest.missing("creationData.createOption");
        String createOption = JsonBody.canonical(option, List.of("Empty", "Copy", "FromImage")).orElseThrow(() -> ArmErrorCode.InvalidParameter.exception(
                "The value '" + option + "' of parameter 'creationData.createOption' is not supported on this appliance; use Empty, Copy or FromImage.", "creationData.createOption"));
        if (existing.isPresent() && !existing.get().createOption().equals(createOption)) throw VirtualMachineRequest.changeNotAllowed("creationData.createOption");
        String source = null;
        Integer size = b.node("properties.diskSizeGB").map(n -> {
            if (!n.canConvertToInt()) throw ArmErrorCode.InvalidParameter.exception("The value of parameter diskSizeGB is invalid.", "diskSizeGB");
            return n.asInt();
        }).orElse(existing.map(DiskSpec::diskSizeGB).orElse(null));
        if (createOption.equals("Copy")) {
            source = b.text("properties.creationData.sourceResourceId").orElse(existing.map(DiskSpec::sourceResourceId).orElse(null));
            if (source == null) throw VirtualMachineRequest.missing("creationData.sourceResourceId");
            Optional<ResourceId> sourceId = ResourceId.tryParse(source);
            Optional<DiskSpec> sourceDisk = sourceId.flatMap(resources::find).filter(r -> r.id().type().equals(TYPE)).map(r -> r.spec(DiskSpec.class));
            if (existing.isEmpty() && sourceDisk.isEmpty()) {
                throw ArmErrorCode.NotFound.exception("Resource " + source + " was not found.", "creationData.sourceResourceId");
            }
            if (size == null) size = sourceDisk.map(DiskSpec::diskSizeGB).orElse(null);
        }
        String image = null;
        if (createOption.equals("FromImage")) {
            image = b.text("properties.creationData.imageReference.id").orElse(existing.map(DiskSpec::imageReference).orElse(null));
            if (image == null) throw VirtualMachineRequest.missing("creationData.imageReference.id");
            int imageSize = imageSize(image);
            if (size == null) size = imageSize;
            if (size < imageSize) {
                throw ArmErrorCode.InvalidParameter.exception("The specified disk size " + size + " GB is smaller than the size of the corresponding disk in the image: "
                        + imageSize + " GB. This is not allowed. Please choose equal or greater size or do not specify an explicit size.", "diskSizeGB");
            }
        }
        if (size == null) throw VirtualMachineRequest.missing("diskSizeGB");
        if (size < 1 || size > 32767) {
            throw ArmErrorCode.InvalidParameter.exception("The specified disk size " + size + " GB is not valid: it must be between 1 and 32767.", "diskSizeGB");
        }
        if (existing.isPresent() && size < existing.get().diskSizeGB()) {
            throw ArmErrorCode.OperationNotAllowed.exception("Disk size reduction is not supported: " + existing.get().diskSizeGB() + " GB cannot become "
                    + size + " GB.", "diskSizeGB");
        }
        if (existing.isPresent() && size > existing.get().diskSizeGB()) {
            Optional<ResourceId> vm = attachedTo(id);
            boolean running = vm.flatMap(vmStatus).map(st -> st.power() == MachineDriver.Power.RUNNING || st.power() == MachineDriver.Power.STARTING).orElse(false);
            if (running) {
                throw ArmErrorCode.OperationNotAllowed.exception("Cannot resize disk " + id.name() + " while it is attached to running VM " + vm.get()
                        + ". Resizing a disk of an Azure Virtual Machine requires the virtual machine to be deallocated. Please stop your VM and try again.", "diskSizeGB");
            }
        }
        return new DiskSpec(existing.map(DiskSpec::uniqueId).orElse(UUID.randomUUID().toString()),
                existing.map(DiskSpec::timeCreated).orElse(clock.instant().toString()), skuName, size, createOption, source, image);
    }

    /** The OS disk size of the image a FromImage disk names: a custom image, or a platform image of the appliance. */
    private int imageSize(String image) {
        Optional<ResourceId> custom = ResourceId.tryParse(image).filter(i -> i.type().equals(ImageHandler.TYPE));
        if (custom.isPresent()) {
            return resources.find(custom.get()).map(r -> r.spec(ImageSpec.class).diskSizeGB()).orElseThrow(() ->
                    ArmErrorCode.NotFound.exception("Resource " + image + " not found.", "creationData.imageReference.id"));
        }
        if (!ImageIds.isPlatform(image)) {
            throw ArmErrorCode.InvalidParameter.exception("The value '" + image + "' of parameter 'creationData.imageReference.id' is neither an image nor a platform image version id.", "creationData.imageReference.id");
        }
        return ImageIds.platform(image).map(PlatformImages.PlatformImage::diskSizeGiB).orElseThrow(() -> ArmErrorCode.PlatformImageNotFound.exception(
                "The platform image '" + image + "' is not available. Verify that all fields in the storage profile are correct.", "creationData.imageReference.id"));
    }

    /** PATCH: {@code sku.name} and {@code properties.diskSizeGB} (a resize), validated as a PUT would be. */
    @Override
    public DiskSpec patch(ApiVersion version, ResourceId id, JsonNode body, DiskSpec existing) {
        ObjectNode merged = NODES.objectNode();
        merged.putObject("sku").put("name", body.path("sku").path("name").asText(existing.skuName()));
        ObjectNode p = merged.putObject("properties");
        p.set("diskSizeGB", body.path("properties").has("diskSizeGB") ? body.path("properties").get("diskSizeGB") : NODES.numberNode(existing.diskSizeGB()));
        return toSpec(version, id, merged, Optional.of(existing));
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, DiskSpec spec, Observation seen) {
        ObjectNode r = NODES.objectNode();
        r.putObject("sku").put("name", spec.skuName()).put("tier", spec.skuName().startsWith("Premium") ? "Premium" : "Standard");
        Optional<ResourceId> vm = attachedTo(id);
        vm.ifPresent(v -> r.put("managedBy", v.toString()));
        ObjectNode p = r.putObject("properties");
        ObjectNode creation = p.putObject("creationData").put("createOption", spec.createOption());
        if (spec.sourceResourceId() != null) creation.put("sourceResourceId", spec.sourceResourceId());
        if (spec.imageReference() != null) creation.putObject("imageReference").put("id", spec.imageReference());
        p.put("diskSizeGB", spec.diskSizeGB()).put("diskSizeBytes", (long) spec.diskSizeGB() << 30).put("uniqueId", spec.uniqueId())
                .put("timeCreated", spec.timeCreated()).put("diskState", vm.isPresent() ? "Attached" : "Unattached")
                .put("networkAccessPolicy", "AllowAll").put("publicNetworkAccess", "Enabled");
        p.putObject("encryption").put("type", "EncryptionAtRestWithPlatformKey");
        return r;
    }

    /** The VM whose data disks reference this disk, if any. */
    Optional<ResourceId> attachedTo(ResourceId disk) {
        for (var r : resources.list(disk.subscriptionId(), VirtualMachineHandler.TYPE)) {
            VirtualMachineSpec vm = r.spec(VirtualMachineSpec.class);
            boolean uses = vm.dataDisks().stream().anyMatch(d -> d.managedDiskId() != null && ResourceId.tryParse(d.managedDiskId()).map(disk::equals).orElse(false));
            if (uses) return Optional.of(r.id());
        }
        return Optional.empty();
    }

    @Override
    public void checkDelete(ResourceId id, DiskSpec spec) {
        attachedTo(id).ifPresent(vm -> {
            throw ArmErrorCode.OperationNotAllowed.exception("Disk " + id.name() + " is attached to VM " + vm + ".", null);
        });
    }

    /** Azure answers a disk create with 202 and a Location (the SDKs accept 200 or 202, not 201). */
    @Override
    public boolean asyncCreate() { return true; }

    /** Disks go after the VMs that use them when a group is deleted. */
    @Override
    public int deleteRank() { return 10; }

    @Override
    public ExternalClient<DiskSpec> connect() { return client; }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.matcher(id.name()).matches()) {
            throw ArmErrorCode.InvalidResourceName.exception("The resource name '" + id.name() + "' is invalid. A disk name must be 1 to 80 letters, digits, '_', '.' or '-', and must not end with '.' or '-'.", "name");
        }
    }
}
