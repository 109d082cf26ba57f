package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validates a {@code virtualMachineScaleSets} PUT body into a {@link ScaleSetSpec}, with Azure's codes and targets,
 * and works out the instances: a bigger capacity adds instances with new ids, a smaller one removes the highest ids.
 * A PUT on an existing set may carry only {@code sku} ({@code az vmss scale} does): the stored model is kept.
 */
final class ScaleSetRequest {
    /** What the request carried that must go to the vault, not the spec. */
    record Parsed(ScaleSetSpec spec, VirtualMachineRequest.Secrets secrets) {}

    /** Azure's limit for a set in one placement group (the default for platform images), and without. */
    static final int MAX_CAPACITY_SINGLE_GROUP = 100;
    static final int MAX_CAPACITY = 1000;
    static final List<String> UPGRADE_MODES = List.of("Manual", "Automatic", "Rolling");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,14}");
    private static final Pattern WINDOWS_PUBLISHERS = Pattern.compile("(?i)Microsoft(WindowsServer|WindowsDesktop|SQLServer|VisualStudio|SharePoint|Dynamics).*");
    private static final Pattern SUBNET_ID = Pattern.compile("(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/virtualNetworks/[^/]+/subnets/[^/]+");
    private static final Pattern POOL_ID = Pattern.compile("(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/loadBalancers/[^/]+/backendAddressPools/[^/]+");

    private ScaleSetRequest() {}

    static Parsed parse(ResourceId id, JsonNode body, Optional<ScaleSetSpec> existing, Instant now, Optional<PlatformImages.PlatformImage> standIn) {
        JsonBody b = JsonBody.of(body);
        Optional<ScaleSetSpec> before = existing;
        ObjectNode properties = b.object("properties").map(n -> ((ObjectNode) n).deepCopy())
                .orElseGet(() -> before.map(e -> e.properties().deepCopy()).orElse(null));
        if (properties == null) throw VirtualMachineRequest.missing("properties");
        if (existing.isPresent() && !properties.has("virtualMachineProfile")) {
            // a PUT of the sku alone (az vmss scale) or of the policies keeps the model
            properties.set("virtualMachineProfile", existing.get().properties().path("virtualMachineProfile").deepCopy());
        }
        JsonBody p = JsonBody.of(properties);
        String mode = p.text("orchestrationMode").orElse("Uniform");
        if (!mode.equalsIgnoreCase("Uniform")) {
            throw ArmErrorCode.InvalidParameter.exception("The value '" + mode + "' of parameter 'orchestrationMode' is not supported on this appliance; use Uniform.", "orchestrationMode");
        }

        VirtualMachineRequest.refuseSecurityFeatures(p, "virtualMachineProfile.securityProfile");
        String sizeName = b.text("sku.name").orElse(existing.map(ScaleSetSpec::vmSize).orElse(null));
        if (sizeName == null) throw VirtualMachineRequest.missing("sku.name");
        VmSizes.VmSize size = VmSizes.find(sizeName).orElseThrow(() -> ArmErrorCode.InvalidParameter.exception(
                "The value " + sizeName + " provided for the VM size is not valid. The valid sizes in the current region are: "
                        + String.join(", ", VmSizes.all().stream().map(VmSizes.VmSize::name).toList()) + ".", "sku.name"));
        boolean singleGroup = p.bool("singlePlacementGroup").orElse(true);
        int max = singleGroup ? MAX_CAPACITY_SINGLE_GROUP : MAX_CAPACITY;
        int capacity = existing.map(ScaleSetSpec::capacity).orElse(0);
        Optional<JsonNode> asked = b.node("sku.capacity");
        if (asked.isPresent()) {
            JsonNode c = asked.get();
            if (!c.canConvertToLong() || (c.isTextual() && !c.asText().matches("-?[0-9]+"))) {
                throw ArmErrorCode.InvalidParameter.exception("The value of parameter sku.capacity is invalid: it must be a whole number.", "sku.capacity");
            }
            long value = c.asLong();
            if (value < 0 || value > max) {
                throw ArmErrorCode.InvalidParameter.exception("The value " + value + " of parameter 'sku.capacity' is out of range: a scale set"
                        + (singleGroup ? " in a single placement group" : "") + " has 0 to " + max + " virtual machines.", "sku.capacity");
            }
            capacity = (int) value;
        } else if (existing.isEmpty()) {
            throw VirtualMachineRequest.missing("sku.capacity");
        }

        // parts of a model the appliance would otherwise ignore are refused rather than accepted and not done
        if (!p.array("virtualMachineProfile.extensionProfile.extensions").isEmpty()) {
            throw ArmErrorCode.InvalidParameter.exception("Extensions in a scale set model (virtualMachineProfile.extensionProfile) are not supported on this appliance.",
                    "virtualMachineProfile.extensionProfile");
        }
        if (!p.array("virtualMachineProfile.storageProfile.dataDisks").isEmpty()) {
            throw ArmErrorCode.InvalidParameter.exception("Data disks in a scale set model are not supported on this appliance.", "virtualMachineProfile.storageProfile.dataDisks");
        }
        VirtualMachineSpec.ImageRef image = image(p, existing, standIn);
        VirtualMachineSpec.OsDisk osDisk = osDisk(p, existing);

        String prefix = p.text("virtualMachineProfile.osProfile.computerNamePrefix")
                .orElse(existing.map(ScaleSetSpec::computerNamePrefix).orElse(defaultPrefix(id.name())));
        if (!PREFIX.matcher(prefix).matches()) {
            throw ArmErrorCode.InvalidParameter.exception("Computer name prefix '" + prefix + "' is invalid: it must be 1 to 15 letters, digits or '-', and start with a letter or digit.", "computerNamePrefix");
        }
        if (existing.isPresent() && !existing.get().computerNamePrefix().equalsIgnoreCase(prefix)) {
            throw VirtualMachineRequest.changeNotAllowed("computerNamePrefix");
        }
        String admin = p.text("virtualMachineProfile.osProfile.adminUsername").orElse(existing.map(ScaleSetSpec::adminUsername).orElse(null));
        if (admin == null) throw VirtualMachineRequest.missing("virtualMachineProfile.osProfile.adminUsername");
        if (VirtualMachineRequest.RESERVED_USERS.contains(admin.toLowerCase(Locale.ROOT)) || !VirtualMachineRequest.USER.matcher(admin).matches()) {
            throw ArmErrorCode.InvalidParameter.exception("The Admin Username specified is not allowed.", "adminUsername");
        }
        if (existing.isPresent() && !existing.get().adminUsername().equals(admin)) throw VirtualMachineRequest.changeNotAllowed("adminUsername");
        Optional<String> password = p.text("virtualMachineProfile.osProfile.adminPassword");
        password.ifPresent(VirtualMachineRequest::checkPassword);
        boolean disablePassword = p.bool("virtualMachineProfile.osProfile.linuxConfiguration.disablePasswordAuthentication")
                .orElse(existing.map(e -> !e.passwordAuthentication()).orElse(false));
        List<String> keys = new ArrayList<>();
        for (JsonNode k : p.array("virtualMachineProfile.osProfile.linuxConfiguration.ssh.publicKeys")) {
            String data = k.path("keyData").asText("").trim();
            if (!(data.startsWith("ssh-rsa ") || data.startsWith("ssh-ed25519 ") || data.startsWith("ecdsa-sha2-"))) {
                throw ArmErrorCode.InvalidParameter.exception("The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.",
                        "linuxConfiguration.ssh.publicKeys.keyData");
            }
            String path = k.path("path").asText("/home/" + admin + "/.ssh/authorized_keys");
            if (!path.equals("/home/" + admin + "/.ssh/authorized_keys")) {
                throw ArmErrorCode.InvalidParameter.exception("Destination path for SSH public keys is currently limited to its default value /home/"
                        + admin + "/.ssh/authorized_keys  due to a known issue in Linux provisioning agent.", "linuxConfiguration.ssh.publicKeys.path");
            }
            keys.add(data);
        }
        if (existing.isEmpty()) {
            if (disablePassword && keys.isEmpty()) {
                throw ArmErrorCode.InvalidParameter.exception("Authentication using either SSH or by user name and password must be enabled in Linux profile.", "linuxConfiguration");
            }
            if (!disablePassword && password.isEmpty()) throw VirtualMachineRequest.missing("virtualMachineProfile.osProfile.adminPassword");
        } else if (keys.isEmpty() && !p.has("virtualMachineProfile.osProfile.linuxConfiguration.ssh")) {
            keys.addAll(existing.get().sshPublicKeys());
        }
        Optional<String> customData = p.text("virtualMachineProfile.osProfile.customData");
        customData.ifPresent(c -> {
            try {
                if (c.length() > VirtualMachineRequest.MAX_CUSTOM_DATA) throw new IllegalArgumentException();
                Base64.getMimeDecoder().decode(c);
            } catch (IllegalArgumentException e) {
                throw ArmErrorCode.InvalidParameter.exception("Custom data in OSProfile must be in Base64 encoding and with a maximum length of "
                        + VirtualMachineRequest.MAX_CUSTOM_DATA + " characters.", "customData");
            }
        });
        if (p.object("virtualMachineProfile.osProfile").orElse(null) instanceof ObjectNode os) {
            os.remove("adminPassword");
            os.remove("customData");
            os.put("computerNamePrefix", prefix).put("adminUsername", admin);
        }

        List<ScaleSetSpec.NicConfig> nics = nics(p);
        String upgrade = p.oneOf("upgradePolicy.mode", UPGRADE_MODES).orElse(existing.map(ScaleSetSpec::upgradeMode).orElse("Manual"));
        p.bool("overprovision");   // accepted and echoed; see docs/compute.md for why it changes nothing here

        String created = existing.map(ScaleSetSpec::timeCreated).orElse(now.toString());
        List<ScaleSetSpec.Instance> instances = new ArrayList<>(existing.map(ScaleSetSpec::instances).orElse(List.of()));
        int next = existing.map(ScaleSetSpec::nextInstanceId).orElse(0);
        while (instances.size() < capacity) {
            String instanceId = String.valueOf(next++);
            instances.add(new ScaleSetSpec.Instance(instanceId, UUID.randomUUID().toString(), now.toString(),
                    id.name() + "_" + instanceId + "_OsDisk_1_" + UUID.randomUUID().toString().replace("-", ""), size.name()));
        }
        instances.sort(Comparator.comparingLong(i -> Long.parseLong(i.instanceId())));
        while (instances.size() > capacity) instances.remove(instances.size() - 1);

        String location = b.text("location").map(l -> l.replace(" ", "").toLowerCase(Locale.ROOT))
                .orElse(existing.map(ScaleSetSpec::location).orElse(null));
        ScaleSetSpec spec = new ScaleSetSpec(existing.map(ScaleSetSpec::uniqueId).orElse(UUID.randomUUID().toString()), created, location,
                size.name(), capacity, image, osDisk, prefix, admin, keys, !disablePassword,
                existing.map(ScaleSetSpec::customData).orElse(false) || customData.isPresent(), nics, upgrade, instances, next, properties);
        return new Parsed(spec, new VirtualMachineRequest.Secrets(password, customData));
    }

    /** Azure's default prefix: the set's name without what a host name cannot hold, at most 9 characters. */
    static String defaultPrefix(String name) {
        String s = name.replaceAll("[^A-Za-z0-9-]", "");
        s = s.replaceAll("^-+", "");
        if (s.isEmpty()) s = "vmss";
        return s.substring(0, Math.min(9, s.length()));
    }

    private static VirtualMachineSpec.ImageRef image(JsonBody p, Optional<ScaleSetSpec> existing, Optional<PlatformImages.PlatformImage> standIn) {
        VirtualMachineSpec.ImageRef before = existing.map(ScaleSetSpec::image).orElse(null);
        String base = "virtualMachineProfile.storageProfile.imageReference";
        if (before != null && !p.has(base)) return before;
        String publisher = p.text(base + ".publisher").orElse(null);
        String offer = p.text(base + ".offer").orElse(null);
        String sku = p.text(base + ".sku").orElse(null);
        String version = p.text(base + ".version").orElse("latest");
        if (publisher == null || offer == null || sku == null) {
            if (p.text(base + ".id").isPresent()) {
                throw ArmErrorCode.InvalidParameter.exception("Custom images are not supported for scale sets on this appliance; use a platform image.", "imageReference.id");
            }
            throw VirtualMachineRequest.missing(base);
        }
        boolean windows = p.has("virtualMachineProfile.osProfile.windowsConfiguration") || WINDOWS_PUBLISHERS.matcher(publisher).matches();
        Optional<PlatformImages.PlatformImage> exact = PlatformImages.find(publisher, offer, sku, version);
        VirtualMachineSpec.ImageRef requested;
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
        if (before != null && !before.urn().equalsIgnoreCase(requested.urn())) throw VirtualMachineRequest.changeNotAllowed("imageReference");
        return requested;
    }

    private static VirtualMachineSpec.OsDisk osDisk(JsonBody p, Optional<ScaleSetSpec> existing) {
        Optional<VirtualMachineSpec.OsDisk> before = existing.map(ScaleSetSpec::osDisk);
        String base = "virtualMachineProfile.storageProfile.osDisk";
        String createOption = p.text(base + ".createOption").orElse("FromImage");
        if (!createOption.equalsIgnoreCase("FromImage")) {
            throw ArmErrorCode.InvalidParameter.exception("The value '" + createOption + "' of parameter 'osDisk.createOption' is not supported here; use FromImage.", "osDisk.createOption");
        }
        int size = p.node(base + ".diskSizeGB").map(JsonNode::asInt).orElse(before.map(VirtualMachineSpec.OsDisk::diskSizeGB).orElse(30));
        if (size < 1 || size > 4095) {
            throw ArmErrorCode.InvalidParameter.exception("The specified disk size " + size + " GB is not valid: it must be between 1 and 4095.", "osDisk.diskSizeGB");
        }
        String type = p.text(base + ".managedDisk.storageAccountType").orElse(before.map(VirtualMachineSpec.OsDisk::storageAccountType).orElse("Standard_LRS"));
        String caching = p.text(base + ".caching").orElse(before.map(VirtualMachineSpec.OsDisk::caching).orElse("ReadWrite"));
        return new VirtualMachineSpec.OsDisk(null, size, type, caching, "Delete");
    }

    private static List<ScaleSetSpec.NicConfig> nics(JsonBody p) {
        String base = "virtualMachineProfile.networkProfile.networkInterfaceConfigurations";
        List<JsonNode> configs = p.array(base);
        if (configs.isEmpty()) throw VirtualMachineRequest.missing(base);
        List<ScaleSetSpec.NicConfig> out = new ArrayList<>();
        int primaries = 0;
        for (JsonNode c : configs) {
            String name = c.path("name").asText("");
            if (name.isBlank()) throw VirtualMachineRequest.missing("networkInterfaceConfigurations.name");
            JsonNode cp = c.path("properties");
            boolean primary = cp.path("primary").asBoolean(configs.size() == 1);
            if (primary) primaries++;
            List<JsonNode> ips = new ArrayList<>();
            cp.path("ipConfigurations").forEach(ips::add);
            if (ips.isEmpty()) throw VirtualMachineRequest.missing("networkInterfaceConfigurations.ipConfigurations");
            JsonNode ip = ips.get(0);
            for (JsonNode i : ips) if (i.path("properties").path("primary").asBoolean(false)) ip = i;
            if (ip.path("properties").has("publicIPAddressConfiguration") || ip.path("properties").has("publicipaddressconfiguration")) {
                throw ArmErrorCode.InvalidParameter.exception("A public IP address per instance (publicIPAddressConfiguration) is not supported on this appliance; put the set behind a load balancer.",
                        "ipConfigurations.publicIPAddressConfiguration");
            }
            String subnet = ip.path("properties").path("subnet").path("id").asText("");
            if (subnet.isEmpty()) throw VirtualMachineRequest.missing("ipConfigurations.subnet");
            if (!SUBNET_ID.matcher(subnet).matches()) {
                throw ArmErrorCode.InvalidParameter.exception("The value '" + subnet + "' of parameter 'ipConfigurations.subnet.id' is not a subnet id.", "ipConfigurations.subnet.id");
            }
            List<String> pools = new ArrayList<>();
            for (JsonNode pool : ip.path("properties").path("loadBalancerBackendAddressPools")) {
                String poolId = pool.path("id").asText("");
                if (!POOL_ID.matcher(poolId).matches()) {
                    throw ArmErrorCode.InvalidParameter.exception("The value '" + poolId + "' of parameter 'loadBalancerBackendAddressPools.id' is not a load balancer backend address pool id.",
                            "ipConfigurations.loadBalancerBackendAddressPools.id");
                }
                pools.add(poolId);
            }
            ScaleSetSpec.NicConfig nic = new ScaleSetSpec.NicConfig(name, primary, ip.path("name").asText(name), subnet, pools);
            if (primary) out.add(0, nic); else out.add(nic);
        }
        if (primaries != 1) {
            throw ArmErrorCode.InvalidParameter.exception("Exactly one network interface configuration of the scale set must be primary; " + primaries + " are.",
                    "networkInterfaceConfigurations.primary");
        }
        return out;
    }

    static ArmException notFoundInstance(ResourceId set, String instanceId) {
        return ArmErrorCode.NotFound.exception("The virtual machine '" + instanceId + "' of scale set '" + set.name() + "' was not found.", "instanceId");
    }
}
