package io.strato.provider.compute;

import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.SecretVault;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The reconciler's side of {@code virtualMachines}: turns a {@link VirtualMachineSpec} into a {@link Machine}
 * (size table, platform image, network ports, NoCloud seed from osProfile and the vault's secrets) and drives the
 * configured {@link MachineDriver}. A create is in progress until the image is built and the guest has reported
 * the end of provisioning on its console; after {@code provisioningTimeout} it fails with {@code OSProvisioningTimedOut}.
 */
public final class VirtualMachineClient implements ExternalClient<VirtualMachineSpec> {
    static final Duration POLL = Duration.ofMillis(250);

    private final MachineDriver driver;
    private final ImageSource images;
    private final GuestNetwork ports;
    private final DiskFiles disks;
    private final java.util.function.Function<ResourceId, List<String>> storedNics;
    private final java.util.function.Function<ResourceId, List<VirtualMachineSpec.DataDisk>> storedDataDisks;
    private final SecretVault vault;
    private final Duration provisioningTimeout;
    private final Clock clock;
    /** The spec each machine was last defined from: a create that is waiting for its guest does not define it again. */
    private final Map<String, VirtualMachineSpec> defined = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile DiskFiles imageFiles;

    /**
     * @param storedSpec the stored spec of a VM (to release its ports and disks on delete, when only the id is known)
     */
    public VirtualMachineClient(MachineDriver driver, ImageSource images, GuestNetwork ports, DiskFiles disks,
                                java.util.function.Function<ResourceId, Optional<VirtualMachineSpec>> storedSpec, SecretVault vault,
                                Duration provisioningTimeout, Clock clock) {
        this.driver = driver;
        this.images = images;
        this.ports = ports;
        this.disks = disks;
        this.storedNics = id -> storedSpec.apply(id).map(VirtualMachineSpec::nicIds).orElse(List.of());
        this.storedDataDisks = id -> storedSpec.apply(id).map(VirtualMachineSpec::dataDisks).orElse(List.of());
        this.vault = vault;
        this.provisioningTimeout = provisioningTimeout;
        this.clock = clock;
    }

    /** The driver's name for a VM: short, stable, derived from the lower-cased resource id. */
    public static String machineId(ResourceId id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.key().getBytes(StandardCharsets.UTF_8));
            return "vm-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public MachineDriver driver() { return driver; }

    /** Where custom images' files are (VMs made from an image boot an overlay of its file); null for the in-memory driver. */
    void imageFiles(DiskFiles files) { this.imageFiles = files; }

    @Override
    public Observation observe(ResourceId id, VirtualMachineSpec desired) {
        return driver.status(machineId(id)).map(s -> {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("powerState", s.power().name());
            facts.put("provisioned", s.provisioned());
            if (s.bootedAt() != null) facts.put("bootedAt", s.bootedAt().toString());
            List<Map<String, Object>> ext = new ArrayList<>();
            for (MachineDriver.ExtensionResult r : s.extensions()) ext.add(VmExtensionClient.facts(r));
            facts.put("extensions", ext);
            return Observation.present(facts);
        }).orElse(Observation.absent());
    }

    @Override
    public Outcome create(ResourceId id, VirtualMachineSpec desired) {
        return apply(id, desired);
    }

    @Override
    public Outcome update(ResourceId id, VirtualMachineSpec desired) {
        return apply(id, desired);
    }

    private Outcome apply(ResourceId id, VirtualMachineSpec desired) {
        PlatformImages.PlatformImage image = desired.image().local().orElse(null);
        if (image == null) {
            return Outcome.failed(new ArmError(ArmErrorCode.PlatformImageNotFound.name(), "The platform image '" + desired.image().urn() + "' is not available.", "imageReference"));
        }
        ImageSource.Availability a = images.resolve(image);
        if (a instanceof ImageSource.Building) return Outcome.inProgress(Duration.ofSeconds(1));
        if (a instanceof ImageSource.Unavailable u) {
            return Outcome.failed(new ArmError(ArmErrorCode.PlatformImageNotFound.name(), "The platform image '" + image.urn()
                    + "' could not be built on this appliance: " + u.reason(), "imageReference"));
        }
        Machine.BootImage boot = ((ImageSource.Ready) a).boot();
        if (desired.image().isCustom() && imageFiles != null) {
            java.nio.file.Path file = imageFiles.file(ResourceId.parse(desired.image().id()));
            if (!java.nio.file.Files.isRegularFile(file)) {
                return Outcome.failed(new ArmError(ArmErrorCode.NotFound.name(), "The Image '" + desired.image().id() + "' cannot be found.", "imageReference.id"));
            }
            boot = new Machine.BootImage(boot.kernel(), boot.initrd(), boot.kernelCommandLine(), file, boot.readyMarker());
        }
        VmSizes.VmSize size = VmSizes.find(desired.vmSize()).orElseThrow();
        String machineId = machineId(id);
        try {
            Optional<MachineDriver.MachineStatus> current = desired.equals(defined.get(machineId)) ? driver.status(machineId) : Optional.empty();
            if (current.isPresent()) return waitForGuest(id, machineId, desired, current.get(), false);
            List<Machine.Port> attached;
            try {
                attached = ports.attach(id, desired.nicIds());
            } catch (io.strato.model.ArmException e) {
                // a NIC created in the same deployment batch may not be visible yet: ask again until the timeout
                if (clock.instant().isAfter(Instant.parse(desired.timeCreated()).plus(provisioningTimeout))) return Outcome.failed(e.error());
                return Outcome.inProgress(Duration.ofSeconds(1));
            }
            Machine machine = new Machine(desired.computerName(), size.cores(), size.memoryMiB(), boot,
                    Math.max(desired.osDisk().diskSizeGB(), image.diskSizeGiB()), dataDisks(id, desired), attached, seed(id, desired, attached));
            Optional<MachineDriver.MachineStatus> before = driver.status(machineId);
            List<Machine.DataDisk> disksBefore = driver.definition(machineId).map(Machine::dataDisks).orElse(List.of());
            driver.define(machineId, machine);
            defined.put(machineId, desired);
            if (before.isPresent() && !disksBefore.equals(machine.dataDisks()) && before.get().power() == MachineDriver.Power.RUNNING) {
                driver.stop(machineId, false);   // disks are attached at boot: a changed set takes a restart
                driver.start(machineId);
            }
            return waitForGuest(id, machineId, desired, driver.status(machineId).orElseThrow(), before.isEmpty());
        } catch (MachineDriver.MachineException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The virtual machine '" + id.name()
                    + "' could not be started on this appliance: " + e.getMessage(), null));
        }
    }

    /** Done once the guest has reported the end of provisioning; in progress until then, up to the provisioning timeout. */
    private Outcome waitForGuest(ResourceId id, String machineId, VirtualMachineSpec desired, MachineDriver.MachineStatus now, boolean created) {
        if (now.provisioned()) return Outcome.done();
        if (now.power() == MachineDriver.Power.STOPPED || now.power() == MachineDriver.Power.DEALLOCATED) {
            if (created) driver.start(machineId);
            else return Outcome.done();
        }
        if (clock.instant().isAfter(Instant.parse(desired.timeCreated()).plus(provisioningTimeout))) {
            return Outcome.failed(new ArmError(ArmErrorCode.OSProvisioningTimedOut.name(), "OS Provisioning for VM '" + id.name()
                    + "' did not finish in the allotted time. The VM may still finish provisioning successfully. Please check provisioning state later.", null));
        }
        return Outcome.inProgress(POLL);
    }

    /** Data disks: an attached managed disk's file, or a VM-owned empty disk made now (Empty). */
    private List<Machine.DataDisk> dataDisks(ResourceId id, VirtualMachineSpec desired) {
        List<Machine.DataDisk> out = new java.util.ArrayList<>();
        if (disks == null) return out;
        for (VirtualMachineSpec.DataDisk d : desired.dataDisks()) {
            ResourceId diskId = d.managedDiskId() != null ? ResourceId.parse(d.managedDiskId())
                    : ResourceId.parse(VirtualMachineHandler.diskId(id, d.name()));
            java.nio.file.Path file = disks.file(diskId);
            if (!java.nio.file.Files.exists(file)) {
                if (d.managedDiskId() != null) throw new MachineDriver.MachineException("managed disk " + d.managedDiskId() + " does not exist");
                try {
                    java.nio.file.Files.createDirectories(file.getParent());
                    Processes.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), Math.max(1, d.diskSizeGB()) + "G"));
                } catch (java.io.IOException e) {
                    throw new MachineDriver.MachineException("could not make data disk " + d.name() + ": " + e.getMessage(), e);
                }
            }
            out.add(new Machine.DataDisk(d.lun(), file));
        }
        return out;
    }

    @Override
    public Outcome delete(ResourceId id) {
        try {
            defined.remove(machineId(id));
            driver.destroy(machineId(id));
            ports.release(id, storedNics.apply(id));
            if (disks != null) {
                for (VirtualMachineSpec.DataDisk d : storedDataDisks.apply(id)) {
                    if (d.managedDiskId() == null) java.nio.file.Files.deleteIfExists(disks.file(ResourceId.parse(VirtualMachineHandler.diskId(id, d.name()))));
                }
            }
            return Outcome.done();
        } catch (MachineDriver.MachineException | java.io.IOException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The virtual machine '" + id.name()
                    + "' could not be removed: " + e.getMessage(), null));
        }
    }

    /**
     * The NoCloud seed: {@code meta-data} (instance id = vmId, host name), {@code network-config} (version 2, the
     * primary port's address), {@code vendor-data} (cloud-config: the admin user and keys), {@code user-data}
     * (customData, decoded), plus {@code strato-admin} and {@code strato-authorized-keys} for guests without cloud-init.
     */
    Map<String, byte[]> seed(ResourceId id, VirtualMachineSpec spec, List<Machine.Port> attached) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("meta-data", ("instance-id: " + spec.vmId() + "\nlocal-hostname: " + spec.computerName() + "\n").getBytes(StandardCharsets.UTF_8));
        Machine.Port primary = attached.get(0);
        StringBuilder net = new StringBuilder("version: 2\nethernets:\n  eth0:\n    match:\n      macaddress: \"" + primary.mac() + "\"\n    set-name: eth0\n");
        if (primary.address() != null) {
            net.append("    addresses: [").append(primary.address()).append("]\n");
            if (primary.gateway() != null) net.append("    gateway4: ").append(primary.gateway()).append('\n');
            if (!primary.dnsServers().isEmpty()) {
                net.append("    nameservers:\n      addresses: [").append(String.join(", ", primary.dnsServers())).append("]\n");
            }
        } else {
            net.append("    dhcp4: true\n");
        }
        files.put("network-config", net.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder vendor = new StringBuilder("#cloud-config\nusers:\n  - name: " + spec.adminUsername()
                + "\n    sudo: ALL=(ALL) NOPASSWD:ALL\n    shell: /bin/bash\n");
        if (!spec.sshPublicKeys().isEmpty()) {
            vendor.append("    ssh_authorized_keys:\n");
            spec.sshPublicKeys().forEach(k -> vendor.append("      - ").append(k).append('\n'));
        }
        Map<String, String> secrets = vault.get(id);
        String password = secrets.get(VirtualMachineHandler.SECRET_PASSWORD);
        if (spec.passwordAuthentication() && password != null) {
            vendor.append("ssh_pwauth: true\nchpasswd:\n  expire: false\n  users:\n    - name: ").append(spec.adminUsername())
                    .append("\n      password: ").append(quoteYaml(password)).append("\n      type: text\n");
        }
        files.put("vendor-data", vendor.toString().getBytes(StandardCharsets.UTF_8));
        String customData = secrets.get(VirtualMachineHandler.SECRET_CUSTOM_DATA);
        files.put("user-data", customData == null ? new byte[0] : Base64.getMimeDecoder().decode(customData));
        files.put("strato-admin", spec.adminUsername().getBytes(StandardCharsets.UTF_8));
        files.put("strato-authorized-keys", String.join("\n", spec.sshPublicKeys()).concat("\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static String quoteYaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Plugs the VM's ports again and boots it if it should run (after an appliance restart). */
    void restore(ResourceId id, VirtualMachineSpec spec) {
        String m = machineId(id);
        if (driver.status(m).isEmpty()) return;
        if (!spec.nicIds().isEmpty()) ports.attach(id, spec.nicIds());
        driver.restore(m);
    }

    /** The power actions, as the handler's POST actions call them. */
    void power(ResourceId id, VirtualMachineSpec spec, String action) {
        String m = machineId(id);
        switch (action.toLowerCase(Locale.ROOT)) {
            case "start" -> {
                if (!spec.nicIds().isEmpty()) ports.attach(id, spec.nicIds());
                driver.start(m);
            }
            case "poweroff" -> driver.stop(m, false);
            case "deallocate" -> driver.stop(m, true);
            case "restart" -> driver.restart(m);
            case "redeploy" -> {
                driver.stop(m, false);
                if (!spec.nicIds().isEmpty()) ports.attach(id, spec.nicIds());
                driver.start(m);
            }
            default -> throw new IllegalArgumentException(action);
        }
    }
}
