package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validates a {@code virtualMachines} PUT body into a {@link VirtualMachineSpec}, with Azure's codes and targets:
 * {@code InvalidParameter} for missing or bad values, {@code PlatformImageNotFound} for an image the appliance does
 * not have, {@code PropertyChangeNotAllowed} for what cannot change after creation.
 */
final class VirtualMachineRequest {
    /** What the request carried that must go to the vault, not the spec. */
    record Secrets(Optional<String> adminPassword, Optional<String> customData) {}

    record Parsed(VirtualMachineSpec spec, Secrets secrets) {}

    static final int MAX_CUSTOM_DATA = 87380;
    static final Set<String> RESERVED_USERS = Set.of("administrator", "admin", "user", "user1", "test", "user2", "test1",
            "user3", "admin1", "1", "123", "a", "actuser", "adm", "admin2", "aspnet", "backup", "console", "david", "guest", "john",
            "owner", "root", "server", "sql", "support", "support_388945a0", "sys", "test2", "test3", "user4", "user5");
    static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern COMPUTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");
    private static final Pattern WINDOWS_PUBLISHERS = Pattern.compile("(?i)Microsoft(WindowsServer|WindowsDesktop|SQLServer|VisualStudio|SharePoint|Dynamics).*");
    private static final Pattern NIC_ID = Pattern.compile("(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/networkInterfaces/[^/]+");

    private VirtualMachineRequest() {}

    /**
     * Trusted launch and confidential VMs promise UEFI secure boot and a virtual TPM, which this appliance's guests do
     * not have (they boot their kernel directly): asking for them is refused rather than silently not delivered.
     */
    static void refuseSecurityFeatures(JsonBody properties, String path) {
        String type = properties.text(path + ".securityType").orElse("Standard");
        if (!type.equalsIgnoreCase("Standard")) {
            // Azure's code when an image or size cannot have trusted launch
            throw ArmErrorCode.BadRequest.exception("Use of " + type + " setting is not supported on this appliance: "
                    + "its guests boot without UEFI secure boot or a virtual TPM. Use securityType 'Standard' or leave securityProfile out.", "securityProfile.securityType");
        }
        for (String setting : java.util.List.of("secureBootEnabled", "vTpmEnabled")) {
            if (properties.bool(path + ".uefiSettings." + setting).orElse(false)) {
                throw ArmErrorCode.BadRequest.exception("The parameter 'securityProfile.uefiSettings." + setting + "' cannot be true on this appliance: "
                        + "its guests boot without UEFI secure boot or a virtual TPM.", "securityProfile.uefiSettings." + setting);
            }
        }
    }

    static Parsed parse(ResourceId id, JsonNode body, Optional<VirtualMachineSpec> existing, Instant now) {
        return parse(id, body, existing, now, Optional.empty());
    }

    /**
     * @param standIn the image that boots in place of a Linux platform image the appliance does not have; empty
     *                to refuse such images with {@code PlatformImageNotFound}
     */
    static Parsed parse(ResourceId id, JsonNode body, Optional<VirtualMachineSpec> existing, Instant now, Optional<PlatformImages.PlatformImage> standIn) {
        return parse(id, body, existing, now, standIn, image -> Optional.empty());
    }

    /**
     * @param customImages the boot image URN of a custom image ({@code imageReference.id}), empty when there is no such image
     */
    static Parsed parse(ResourceId id, JsonNode body, Optional<VirtualMachineSpec> existing, Instant now, Optional<PlatformImages.PlatformImage> standIn,
                        java.util.function.Function<ResourceId, Optional<String>> customImages) {
        JsonBody b = JsonBody.of(body);
        ObjectNode properties = b.object("properties").map(n -> ((ObjectNode) n).deepCopy())
                .orElseThrow(() -> missing("properties"));
        JsonBody p = JsonBody.of(properties);

        String sizeName = p.text("hardwareProfile.vmSize").orElseThrow(() -> missing("hardwareProfile.vmSize"));
        VmSizes.VmSize size = VmSizes.find(sizeName).orElseThrow(() -> ArmErrorCode.InvalidParameter.exception(
                "The value " + sizeName + " provided for the VM size is not valid. The valid sizes in the current region are: "
                        + String.join(", ", VmSizes.all().stream().map(VmSizes.VmSize::name).toList()) + ".", "vmSize"));
        ((ObjectNode) properties.get("hardwareProfile")).put("vmSize", size.name());
        refuseSecurityFeatures(p, "securityProfile");

        VirtualMachineSpec.ImageRef image = existing.map(VirtualMachineSpec::image).orElse(null);
        // an OS disk written to a VHD blob (osDisk.vhd) is kept as the appliance's own disk file; an OS image read from
        // a user's VHD blob (osDisk.image.uri) cannot be booted here, and booting something else would be a lie
        if (p.has("storageProfile.osDisk.image")) {
            throw ArmErrorCode.InvalidParameter.exception("OS disks from a user image in a VHD blob (parameter 'osDisk.image') are not supported on this appliance; "
                    + "use a platform image or a managed image (storageProfile.imageReference).", "osDisk.image");
        }
        if (existing.isEmpty() || p.has("storageProfile.imageReference")) {
            String publisher = p.text("storageProfile.imageReference.publisher").orElse(null);
            String offer = p.text("storageProfile.imageReference.offer").orElse(null);
            String sku = p.text("storageProfile.imageReference.sku").orElse(null);
            String version = p.text("storageProfile.imageReference.version").orElse("latest");
            Optional<String> imageId = p.text("storageProfile.imageReference.id");
            VirtualMachineSpec.ImageRef requested;
            if (imageId.isPresent() && (publisher == null || offer == null || sku == null)) {
                String ref = imageId.get();
                ResourceId imageResource = ResourceId.tryParse(ref).filter(r -> r.type().equals(ImageHandler.TYPE)).orElseThrow(() ->
                        ArmErrorCode.InvalidParameter.exception("The value '" + ref + "' of parameter 'imageReference.id' is not an image id.", "imageReference.id"));
                String boot = customImages.apply(imageResource).orElseThrow(() -> ArmErrorCode.NotFound.exception("The Image '" + ref
                        + "' cannot be found in '" + body.path("location").asText("local") + "' region.", "imageReference.id"));
                requested = VirtualMachineSpec.ImageRef.custom(imageResource.toString(), boot);
            } else {
                if (publisher == null || offer == null || sku == null) throw missing("storageProfile.imageReference");
                Optional<PlatformImages.PlatformImage> exact = PlatformImages.find(publisher, offer, sku, version);
                boolean windows = p.has("osProfile.windowsConfiguration") || WINDOWS_PUBLISHERS.matcher(publisher).matches();
                if (exact.isPresent()) {
                    PlatformImages.PlatformImage found = exact.get();
                    requested = new VirtualMachineSpec.ImageRef(found.publisher(), found.offer(), found.sku(), version, found.version(), null);
                } else if (standIn.isPresent() && !windows) {
                    String exactVersion = version.equalsIgnoreCase("latest") ? standIn.get().version() : version;
                    requested = new VirtualMachineSpec.ImageRef(publisher, offer, sku, version, exactVersion, standIn.get().urn());
                } else {
                    throw ArmErrorCode.PlatformImageNotFound.exception("The platform image '" + publisher + ":" + offer + ":" + sku + ":" + version
                            + "' is not available. Verify that all fields in the storage profile are correct. For more details about storage profile information, please refer to https://aka.ms/storageprofile",
                            "imageReference");
                }
            }
            if (image != null && !image.urn().equalsIgnoreCase(requested.urn())) throw changeNotAllowed("imageReference");
            image = requested;
        }

        String vmName = id.name();
        VirtualMachineSpec.OsDisk osDisk = osDisk(p, vmName, existing);

        String computerName = p.text("osProfile.computerName").orElse(existing.map(VirtualMachineSpec::computerName).orElse(null));
        if (computerName == null) throw missing("osProfile.computerName");
        if (!COMPUTER_NAME.matcher(computerName).matches()) {
            throw ArmErrorCode.InvalidParameter.exception("Linux host name cannot exceed 64 characters in length or contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : ' \" , < > / ?.", "computerName");
        }
        String adminUsername = p.text("osProfile.adminUsername").orElse(existing.map(VirtualMachineSpec::adminUsername).orElse(null));
        if (adminUsername == null) throw missing("osProfile.adminUsername");
        if (RESERVED_USERS.contains(adminUsername.toLowerCase(Locale.ROOT)) || !USER.matcher(adminUsername).matches()) {
            throw ArmErrorCode.InvalidParameter.exception("The Admin Username specified is not allowed.", "adminUsername");
        }
        if (existing.isPresent() && !existing.get().adminUsername().equals(adminUsername)) throw changeNotAllowed("adminUsername");
        boolean disablePassword = p.bool("osProfile.linuxConfiguration.disablePasswordAuthentication").orElse(false);
        // with password authentication disabled Azure ignores adminPassword (quickstarts pass their SSH key in it)
        Optional<String> password = disablePassword ? Optional.empty() : p.text("osProfile.adminPassword");
        password.ifPresent(VirtualMachineRequest::checkPassword);
        List<String> keys = new ArrayList<>();
        for (JsonNode k : p.array("osProfile.linuxConfiguration.ssh.publicKeys")) {
            String data = k.path("keyData").asText("").trim();
            if (!(data.startsWith("ssh-rsa ") || data.startsWith("ssh-ed25519 ") || data.startsWith("ecdsa-sha2-"))) {
                throw ArmErrorCode.InvalidParameter.exception("The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.",
                        "linuxConfiguration.ssh.publicKeys.keyData");
            }
            String path = k.path("path").asText("/home/" + adminUsername + "/.ssh/authorized_keys");
            if (!path.equals("/home/" + adminUsername + "/.ssh/authorized_keys")) {
                throw ArmErrorCode.InvalidParameter.exception("Destination path for SSH public keys is currently limited to its default value /home/"
                        + adminUsername + "/.ssh/authorized_keys  due to a known issue in Linux provisioning agent.", "linuxConfiguration.ssh.publicKeys.path");
            }
            keys.add(data);
        }
        if (existing.isEmpty()) {
            if (disablePassword && keys.isEmpty()) {
                throw ArmErrorCode.InvalidParameter.exception("Authentication using either SSH or by user name and password must be enabled in Linux profile.", "linuxConfiguration");
            }
            if (!disablePassword && password.isEmpty()) throw missing("osProfile.adminPassword");
        }
        Optional<String> customData = p.text("osProfile.customData");
        customData.ifPresent(c -> {
            try {
                if (c.length() > MAX_CUSTOM_DATA) throw new IllegalArgumentException();
                Base64.getMimeDecoder().decode(c);
            } catch (IllegalArgumentException e) {
                throw ArmErrorCode.InvalidParameter.exception("Custom data in OSProfile must be in Base64 encoding and with a maximum length of "
                        + MAX_CUSTOM_DATA + " characters.", "customData");
            }
        });
        if (existing.isPresent()) {
            VirtualMachineSpec e = existing.get();
            if (!e.adminUsername().equals(adminUsername)) throw changeNotAllowed("adminUsername");
            if (!e.computerName().equalsIgnoreCase(computerName)) throw changeNotAllowed("computerName");
            if (customData.isPresent() && !e.customData()) throw changeNotAllowed("customData");
        }
        if (properties.get("osProfile") instanceof ObjectNode os) {
            os.remove("adminPassword");
            os.remove("customData");
            os.put("computerName", computerName).put("adminUsername", adminUsername);
        }

        List<String> nics = new ArrayList<>();
        List<JsonNode> interfaces = p.array("networkProfile.networkInterfaces");
        for (JsonNode nic : interfaces) {
            String nicId = nic.path("id").asText("");
            if (!NIC_ID.matcher(nicId).matches()) {
                throw ArmErrorCode.InvalidParameter.exception("The value '" + nicId + "' of parameter 'networkProfile.networkInterfaces.id' is not a network interface id.",
                        "networkProfile.networkInterfaces.id");
            }
            boolean primary = nic.path("properties").path("primary").asBoolean(interfaces.size() == 1);
            if (primary) nics.add(0, nicId); else nics.add(nicId);
        }
        List<VirtualMachineSpec.DataDisk> dataDisks = dataDisks(p, vmName, size, existing);

        String vmId = existing.map(VirtualMachineSpec::vmId).orElse(UUID.randomUUID().toString());
        String created = existing.map(VirtualMachineSpec::timeCreated).orElse(now.toString());
        VirtualMachineSpec spec = new VirtualMachineSpec(vmId, created, size.name(), image, osDisk, computerName, adminUsername,
                keys, !disablePassword, existing.map(VirtualMachineSpec::customData).orElse(false) || customData.isPresent(),
                nics, dataDisks, properties, existing.map(VirtualMachineSpec::availabilitySet).orElse(null));
        return new Parsed(spec, new Secrets(password, customData));
    }

    private static VirtualMachineSpec.OsDisk osDisk(JsonBody p, String vmName, Optional<VirtualMachineSpec> existing) {
        Optional<VirtualMachineSpec.OsDisk> before = existing.map(VirtualMachineSpec::osDisk);
        String createOption = p.text("storageProfile.osDisk.createOption").orElse("FromImage");
        if (!createOption.equalsIgnoreCase("FromImage")) {
            throw ArmErrorCode.InvalidParameter.exception("The value '" + createOption + "' of parameter 'osDisk.createOption' is not supported here; use FromImage.", "osDisk.createOption");
        }
        String name = p.text("storageProfile.osDisk.name").orElse(before.map(VirtualMachineSpec.OsDisk::name)
                .orElse(vmName + "_OsDisk_1_" + UUID.randomUUID().toString().replace("-", "")));
        if (before.isPresent() && !before.get().name().equalsIgnoreCase(name)) throw changeNotAllowed("osDisk.name");
        int size = p.node("storageProfile.osDisk.diskSizeGB").map(JsonNode::asInt).orElse(before.map(VirtualMachineSpec.OsDisk::diskSizeGB).orElse(30));
        if (size < 1 || size > 4095) {
            throw ArmErrorCode.InvalidParameter.exception("The specified disk size " + size + " GB is not valid: it must be between 1 and 4095.", "osDisk.diskSizeGB");
        }
        if (before.isPresent() && size < before.get().diskSizeGB()) {
            throw ArmErrorCode.InvalidParameter.exception("Disk size reduction is not supported: " + before.get().diskSizeGB() + " GB cannot become " + size + " GB.", "osDisk.diskSizeGB");
        }
        String type = p.text("storageProfile.osDisk.managedDisk.storageAccountType").orElse(before.map(VirtualMachineSpec.OsDisk::storageAccountType).orElse("Premium_LRS"));
        String caching = p.text("storageProfile.osDisk.caching").orElse("ReadWrite");
        String deleteOption = p.text("storageProfile.osDisk.deleteOption").orElse("Detach");
        return new VirtualMachineSpec.OsDisk(name, size, type, caching, deleteOption);
    }

    private static List<VirtualMachineSpec.DataDisk> dataDisks(JsonBody p, String vmName, VmSizes.VmSize size, Optional<VirtualMachineSpec> existing) {
        List<VirtualMachineSpec.DataDisk> out = new ArrayList<>();
        List<JsonNode> disks = p.array("storageProfile.dataDisks");
        if (disks.size() > size.maxDataDisks()) {
            throw ArmErrorCode.OperationNotAllowed.exception("The maximum number of data disks allowed to be attached to a VM of this size is "
                    + size.maxDataDisks() + ".", "dataDisks");
        }
        for (JsonNode d : disks) {
            if (!d.path("lun").canConvertToInt()) throw missing("storageProfile.dataDisks.lun");
            int lun = d.path("lun").asInt();
            if (out.stream().anyMatch(x -> x.lun() == lun)) {
                throw ArmErrorCode.InvalidParameter.exception("A disk at LUN " + lun + " already exists.", "dataDisks");
            }
            String option = d.path("createOption").asText("Empty");
            String managedId = d.path("managedDisk").path("id").asText(null);
            String name = d.path("name").asText(null);
            if (option.equalsIgnoreCase("Attach")) {
                if (managedId == null) throw missing("storageProfile.dataDisks.managedDisk.id");
                name = ResourceId.parse(managedId).name();
            } else if (option.equalsIgnoreCase("Empty")) {
                if (!d.path("diskSizeGB").canConvertToInt()) throw missing("storageProfile.dataDisks.diskSizeGB");
                if (name == null) {
                    name = existing.flatMap(e -> e.dataDisks().stream().filter(x -> x.lun() == lun).findFirst().map(VirtualMachineSpec.DataDisk::name))
                            .orElse(vmName + "_disk" + (lun + 2) + "_" + UUID.randomUUID().toString().replace("-", ""));
                }
            } else {
                throw ArmErrorCode.InvalidParameter.exception("The value '" + option + "' of parameter 'dataDisks.createOption' is not supported here; use Empty or Attach.", "dataDisks.createOption");
            }
            out.add(new VirtualMachineSpec.DataDisk(lun, name, option.equalsIgnoreCase("Attach") ? "Attach" : "Empty",
                    d.path("diskSizeGB").asInt(0), d.path("caching").asText("None"), managedId));
        }
        return out;
    }

    static void checkPassword(String password) {
        int classes = 0;
        if (password.chars().anyMatch(Character::isUpperCase)) classes++;
        if (password.chars().anyMatch(Character::isLowerCase)) classes++;
        if (password.chars().anyMatch(Character::isDigit)) classes++;
        if (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) classes++;
        boolean control = password.chars().anyMatch(Character::isISOControl);
        if (password.length() < 6 || password.length() > 72 || classes < 3 || control) {
            throw ArmErrorCode.InvalidParameter.exception("The supplied password must be between 6-72 characters long and must satisfy at least 3 of password complexity requirements from the following:\n1) Contains an uppercase character\n2) Contains a lowercase character\n3) Contains a numeric digit\n4) Contains a special character\n5) Control characters are not allowed",
                    "adminPassword");
        }
    }

    static ArmException missing(String path) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        return ArmErrorCode.InvalidParameter.exception("Required parameter '" + name + "' is missing (null).", name);
    }

    static ArmException changeNotAllowed(String property) {
        return ArmErrorCode.PropertyChangeNotAllowed.exception("Changing property '" + property + "' is not allowed.", property);
    }
}
