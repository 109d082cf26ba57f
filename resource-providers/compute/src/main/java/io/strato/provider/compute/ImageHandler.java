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
import io.strato.spi.StoredResource;
import io.strato.spi.StoredResources;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Compute/images}: a custom image from a VM's OS disk ({@code sourceVirtualMachine}) or from a
 * managed disk ({@code storageProfile.osDisk.managedDisk.id}, a disk resource or a VM's OS disk id). The VM must be
 * stopped or deallocated (a running guest's disk is not consistent). VMs made from the image have copy-on-write
 * overlays of its file as OS disks, so an image in use by a VM cannot be deleted.
 */
final class ImageHandler implements ResourceTypeHandler<ImageSpec> {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Compute", "images");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]|[A-Za-z0-9_]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private volatile StoredResources resources = StoredResources.NONE;
    private volatile ImageClient client;
    private volatile Function<ResourceId, Optional<MachineDriver.MachineStatus>> vmStatus = id -> Optional.empty();

    void configure(ImageClient client, StoredResources resources, Function<ResourceId, Optional<MachineDriver.MachineStatus>> vmStatus) {
        this.client = client;
        this.resources = resources;
        this.vmStatus = vmStatus;
    }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return VirtualMachineHandler.API_VERSIONS; }

    @Override public Class<ImageSpec> specClass() { return ImageSpec.class; }

    @Override
    public ImageSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<ImageSpec> existing) {
        JsonBody b = JsonBody.of(body);
        if (b.object("properties").isEmpty()) throw VirtualMachineRequest.missing("properties");
        String vmId = b.text("properties.sourceVirtualMachine.id").orElse(null);
        String diskId = b.text("properties.storageProfile.osDisk.managedDisk.id").orElse(null);
        if (vmId == null && diskId == null) {
            if (b.has("properties.storageProfile.osDisk.blobUri") || b.has("properties.storageProfile.osDisk.snapshot")) {
                throw ArmErrorCode.InvalidParameter.exception("Images from blobs or snapshots are not supported on this appliance; use sourceVirtualMachine or a managed disk.", "storageProfile.osDisk");
            }
            if (existing.isPresent()) return existing.get();
            throw VirtualMachineRequest.missing("storageProfile.osDisk");
        }
        String osType = b.text("properties.storageProfile.osDisk.osType").orElse("Linux");
        if (!osType.equalsIgnoreCase("Linux")) {
            throw ArmErrorCode.InvalidParameter.exception("The value '" + osType + "' of parameter 'osDisk.osType' is not supported: this appliance runs Linux guests only.", "osDisk.osType");
        }
        String osState = JsonBody.canonical(b.text("properties.storageProfile.osDisk.osState").orElse("Generalized"), java.util.List.of("Generalized", "Specialized"))
                .orElseThrow(() -> ArmErrorCode.InvalidParameter.exception("The value of parameter osDisk.osState is invalid.", "osDisk.osState"));
        StoredResource vm = null;
        StoredResource disk = null;
        if (vmId != null) {
            vm = resources.find(ResourceId.tryParse(vmId).orElseThrow(() -> notFound(vmId, "sourceVirtualMachine.id")))
                    .filter(r -> r.id().type().equals(VirtualMachineHandler.TYPE)).orElseThrow(() -> notFound(vmId, "sourceVirtualMachine.id"));
        } else {
            ResourceId d = ResourceId.tryParse(diskId).orElseThrow(() -> notFound(diskId, "storageProfile.osDisk.managedDisk.id"));
            disk = resources.find(d).filter(r -> r.id().type().equals(DiskHandler.TYPE)).orElse(null);
            if (disk == null) vm = osDiskOwner(d).orElseThrow(() -> notFound(diskId, "storageProfile.osDisk.managedDisk.id"));
        }
        if (existing.isPresent()) {
            String before = existing.get().sourceVirtualMachine() != null ? existing.get().sourceVirtualMachine() : existing.get().sourceDisk();
            String now = vm != null && vmId != null ? vm.id().toString() : disk != null ? disk.id().toString() : null;
            if (now != null && !ResourceId.tryParse(before).equals(ResourceId.tryParse(now)) && !(vm != null && vmId == null)) {
                throw VirtualMachineRequest.changeNotAllowed("sourceVirtualMachine");
            }
            return existing.get();
        }
        String caching = b.text("properties.storageProfile.osDisk.caching").orElse("ReadWrite");
        String hyperV = b.text("properties.hyperVGeneration").orElse("V1");
        if (!hyperV.equalsIgnoreCase("V1")) {
            throw ArmErrorCode.InvalidParameter.exception("The value '" + hyperV + "' of parameter 'hyperVGeneration' is not supported: this appliance boots V1 guests.", "hyperVGeneration");
        }
        if (vm != null) {
            VirtualMachineSpec source = vm.spec(VirtualMachineSpec.class);
            Optional<MachineDriver.MachineStatus> status = vmStatus.apply(vm.id());
            if (status.isPresent() && status.get().power() != MachineDriver.Power.STOPPED && status.get().power() != MachineDriver.Power.DEALLOCATED) {
                throw ArmErrorCode.OperationNotAllowed.exception("The operation 'Create Image' is not allowed on VM '" + vm.id().name()
                        + "' while it is running. Stop or deallocate the VM first.", "sourceVirtualMachine");
            }
            String boot = source.image().local().map(PlatformImages.PlatformImage::urn).orElse(PlatformImages.TINY.urn());
            String type = b.text("properties.storageProfile.osDisk.storageAccountType").orElse(source.osDisk().storageAccountType());
            return new ImageSpec(vm.id().toString(), VirtualMachineHandler.diskId(vm.id(), source.osDisk().name()), boot, osState,
                    source.osDisk().diskSizeGB(), type, caching, "V1");
        }
        DiskSpec source = disk.spec(DiskSpec.class);
        String type = b.text("properties.storageProfile.osDisk.storageAccountType").orElse(source.skuName());
        return new ImageSpec(null, disk.id().toString(), bootOf(source), osState, source.diskSizeGB(), type, caching, "V1");
    }

    /** The platform image whose kernel boots a disk's content: the image it was made from, else the tiny image. */
    private String bootOf(DiskSpec disk) {
        if (disk.imageReference() != null) {
            Optional<String> fromImage = ResourceId.tryParse(disk.imageReference()).filter(i -> i.type().equals(TYPE))
                    .flatMap(resources::find).map(r -> r.spec(ImageSpec.class).bootImage());
            if (fromImage.isPresent()) return fromImage.get();
            Optional<PlatformImages.PlatformImage> platform = ImageIds.platform(disk.imageReference());
            if (platform.isPresent()) return platform.get().urn();
        }
        return PlatformImages.TINY.urn();
    }

    private Optional<StoredResource> osDiskOwner(ResourceId disk) {
        return resources.list(disk.subscriptionId(), VirtualMachineHandler.TYPE).stream().filter(r -> {
            VirtualMachineSpec s = r.spec(VirtualMachineSpec.class);
            return ResourceId.tryParse(VirtualMachineHandler.diskId(r.id(), s.osDisk().name())).map(disk::equals).orElse(false);
        }).findFirst();
    }

    private static io.strato.model.ArmException notFound(String id, String target) {
        return ArmErrorCode.NotFound.exception("Resource " + id + " not found.", target);
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, ImageSpec spec, Observation seen) {
        ObjectNode r = NODES.objectNode();
        ObjectNode p = r.putObject("properties");
        if (spec.sourceVirtualMachine() != null) p.putObject("sourceVirtualMachine").put("id", spec.sourceVirtualMachine());
        ObjectNode storage = p.putObject("storageProfile");
        ObjectNode os = storage.putObject("osDisk").put("osType", "Linux").put("osState", spec.osState());
        os.putObject("managedDisk").put("id", spec.sourceDisk());
        os.put("caching", spec.caching()).put("storageAccountType", spec.storageAccountType()).put("diskSizeGB", spec.diskSizeGB());
        storage.putArray("dataDisks");
        storage.put("zoneResilient", false);
        p.put("hyperVGeneration", spec.hyperVGeneration());
        return r;
    }

    /**
     * An image VMs were made from (their OS disks are overlays of its file) or a scale set names cannot be deleted;
     * disks made from it are standalone copies and do not hold it.
     */
    @Override
    public void checkDelete(ResourceId id, ImageSpec spec) {
        String key = id.toString().toLowerCase(Locale.ROOT);
        for (StoredResource vm : resources.list(id.subscriptionId(), VirtualMachineHandler.TYPE)) {
            VirtualMachineSpec.ImageRef ref = vm.spec(VirtualMachineSpec.class).image();
            if (ref.isCustom() && ResourceId.tryParse(ref.id()).map(id::equals).orElse(false)) throw inUse(id, vm.id());
        }
        for (StoredResource set : resources.list(id.subscriptionId(), ResourceType.of("Microsoft.Compute", "virtualMachineScaleSets"))) {
            if (set.spec().toString().toLowerCase(Locale.ROOT).contains("\"" + key + "\"")) throw inUse(id, set.id());
        }
    }

    private static io.strato.model.ArmException inUse(ResourceId image, ResourceId user) {
        return ArmErrorCode.OperationNotAllowed.exception("The image '" + image.name() + "' is in use by '" + user
                + "' and cannot be deleted. Delete the resources made from it first.", null);
    }

    /** Images go after the VMs and disks made from them when a group is deleted. */
    @Override
    public int deleteRank() { return 20; }

    @Override
    public ExternalClient<ImageSpec> connect() { return client; }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.matcher(id.name()).matches()) {
            throw ArmErrorCode.InvalidResourceName.exception("The resource name '" + id.name() + "' is invalid. An image name must be 1 to 80 letters, digits, '_', '.' or '-', and must not end with '.' or '-'.", "name");
        }
    }
}
