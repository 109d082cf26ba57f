package io.strato.provider.compute;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The validated, defaulted desired state of one {@code Microsoft.Compute/virtualMachines} resource as stored.
 * It holds no secret: {@code adminPassword} and {@code customData} live in the {@link io.strato.spi.SecretVault}.
 *
 * @param vmId           Azure's VM unique id, fixed at creation
 * @param timeCreated    ISO-8601 creation time
 * @param vmSize         canonical size name, see {@link VmSizes}
 * @param image          the platform image the OS disk was made from
 * @param osDisk         the managed OS disk
 * @param computerName   the guest's host name
 * @param adminUsername  the administrator account
 * @param sshPublicKeys  authorised keys of the administrator
 * @param passwordAuthentication whether password login is enabled (the password itself is in the vault)
 * @param customData     whether customData was given (its content is in the vault)
 * @param nicIds         network interface ids, primary first
 * @param dataDisks      managed data disks, by LUN
 * @param properties     the request's {@code properties} as given, without secrets: echoed back with computed fields
 * @param availabilitySet the availability set the VM joined at creation and its domains there; null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineSpec(String vmId, String timeCreated, String vmSize, ImageRef image, OsDisk osDisk,
                                 String computerName, String adminUsername, List<String> sshPublicKeys,
                                 boolean passwordAuthentication, boolean customData, List<String> nicIds,
                                 List<DataDisk> dataDisks, ObjectNode properties, Placement availabilitySet) {
    public VirtualMachineSpec {
        sshPublicKeys = sshPublicKeys == null ? List.of() : List.copyOf(sshPublicKeys);
        nicIds = nicIds == null ? List.of() : List.copyOf(nicIds);
        dataDisks = dataDisks == null ? List.of() : List.copyOf(dataDisks);
    }

    /**
     * A platform image reference as requested; {@code exactVersion} is the version {@code latest} resolved to.
     * {@code standIn} is the URN of the appliance's image that boots in its place when the appliance does not have the
     * requested one (null when it has it). For a custom image, {@code id} is the image resource and {@code standIn}
     * the platform image whose kernel boots its disk.
     */
    public record ImageRef(String publisher, String offer, String sku, String version, String exactVersion, String standIn, String id) {
        public ImageRef(String publisher, String offer, String sku, String version, String exactVersion, String standIn) {
            this(publisher, offer, sku, version, exactVersion, standIn, null);
        }

        /** A custom image ({@code Microsoft.Compute/images}) booting the kernel of the platform image {@code bootUrn}. */
        public static ImageRef custom(String imageId, String bootUrn) { return new ImageRef(null, null, null, null, null, bootUrn, imageId); }

        public boolean isCustom() { return id != null; }

        public String urn() { return isCustom() ? id : publisher + ":" + offer + ":" + sku + ":" + version; }

        /** The appliance's image that boots for this reference. */
        public java.util.Optional<PlatformImages.PlatformImage> local() {
            if (standIn == null) return PlatformImages.find(publisher, offer, sku, exactVersion);
            String[] u = standIn.split(":");
            return PlatformImages.find(u[0], u[1], u[2], u[3]);
        }
    }

    /** This spec in the given availability set placement. */
    public VirtualMachineSpec withAvailabilitySet(Placement placement) {
        return new VirtualMachineSpec(vmId, timeCreated, vmSize, image, osDisk, computerName, adminUsername, sshPublicKeys,
                passwordAuthentication, customData, nicIds, dataDisks, properties, placement);
    }

    /** A VM's place in its availability set: the set's id, its fault domain and its update domain. */
    public record Placement(String id, int faultDomain, int updateDomain) {}

    /** The OS disk: its resource name, size, storage type, caching and what happens to it when the VM is deleted. */
    public record OsDisk(String name, int diskSizeGB, String storageAccountType, String caching, String deleteOption) {}

    /** A managed data disk at a LUN; {@code name} is its resource name (an empty disk made with the VM, or attached). */
    public record DataDisk(int lun, String name, String createOption, int diskSizeGB, String caching, String managedDiskId) {}
}
