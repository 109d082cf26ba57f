package io.strato.provider.compute;

import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.SecretVault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reconciler's side of {@code virtualMachineScaleSets}: every instance of a {@link ScaleSetSpec} is a guest of the
 * configured {@link MachineDriver}, named as the VM with the instance's resource id would be, with its own OS disk
 * overlay, NoCloud seed and subnet ports ({@link ScaleSetNetwork}). Instances the spec no longer has (scale-in,
 * deleted instances) lose their process, files and taps. A step is in progress until every instance has reported the
 * end of provisioning (or was stopped since); after {@code provisioningTimeout} it fails with {@code OSProvisioningTimedOut}.
 */
final class ScaleSetClient implements ExternalClient<ScaleSetSpec> {
    private final MachineDriver driver;
    private final ImageSource images;
    private final ScaleSetNetwork network;
    private final Function<ResourceId, Optional<ScaleSetSpec>> lockedSpec;
    private final SecretVault vault;
    private final Duration provisioningTimeout;
    private final Clock clock;

    /**
     * @param lockedSpec the stored spec of a set, read with its row locked until the caller's transaction ends: a step
     *                   that makes guests and a delete that removes them never overlap, so a delete cannot be followed
     *                   by a step that brings a guest back
     */
    ScaleSetClient(MachineDriver driver, ImageSource images, ScaleSetNetwork network, Function<ResourceId, Optional<ScaleSetSpec>> lockedSpec,
                   SecretVault vault, Duration provisioningTimeout, Clock clock) {
        this.driver = driver;
        this.images = images;
        this.network = network;
        this.lockedSpec = lockedSpec;
        this.vault = vault;
        this.provisioningTimeout = provisioningTimeout;
        this.clock = clock;
    }

    /** The driver's name for an instance. */
    static String machineId(ResourceId set, String instanceId) {
        return VirtualMachineClient.machineId(ScaleSetSpec.instanceId(set, instanceId));
    }

    MachineDriver driver() { return driver; }

    /** The instance's guest, empty when it has none (yet). */
    Optional<MachineDriver.MachineStatus> status(ResourceId set, String instanceId) {
        return driver.status(machineId(set, instanceId));
    }

    @Override
    public Observation observe(ResourceId id, ScaleSetSpec desired) {
        Map<String, Object> facts = new LinkedHashMap<>();
        boolean any = false;
        for (ScaleSetSpec.Instance i : desired.instances()) {
            Optional<MachineDriver.MachineStatus> s = status(id, i.instanceId());
            if (s.isEmpty()) continue;
            any = true;
            facts.put(i.instanceId(), Map.of("powerState", s.get().power().name(), "provisioned", s.get().provisioned()));
        }
        return any || desired.instances().isEmpty() ? Observation.present(facts) : Observation.absent();
    }

    @Override
    public Outcome create(ResourceId id, ScaleSetSpec desired) { return apply(id, desired); }

    @Override
    public Outcome update(ResourceId id, ScaleSetSpec desired) { return apply(id, desired); }

    private Outcome apply(ResourceId id, ScaleSetSpec desired) {
        if (lockedSpec.apply(id).isEmpty()) {
            return Outcome.failed(new ArmError(ArmErrorCode.ResourceNotFound.name(), "The scale set '" + id.name() + "' was deleted while it was being changed.", null));
        }
        try {
            removeOthers(id, desired);
        } catch (MachineDriver.MachineException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "Removed instances of scale set '" + id.name()
                    + "' could not be cleaned up: " + e.getMessage(), null));
        }
        if (desired.instances().isEmpty()) return Outcome.done();
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
        boolean pending = false;
        for (ScaleSetSpec.Instance instance : desired.instances()) {
            String machineId = machineId(id, instance.instanceId());
            ResourceId instanceId = ScaleSetSpec.instanceId(id, instance.instanceId());
            Instant created = Instant.parse(instance.timeCreated());
            try {
                Optional<MachineDriver.MachineStatus> before = driver.status(machineId);
                if (before.isEmpty()) {
                    List<Machine.Port> ports;
                    try {
                        ports = network.attach(instanceId, desired.nics());
                    } catch (ArmException e) {
                        // a subnet made in the same deployment batch may not be visible yet: ask again until the timeout
                        if (clock.instant().isAfter(created.plus(provisioningTimeout))) return Outcome.failed(e.error());
                        pending = true;
                        continue;
                    }
                    VmSizes.VmSize size = VmSizes.find(instance.vmSize()).orElseThrow();
                    driver.define(machineId, new Machine(desired.computerName(instance.instanceId()), size.cores(), size.memoryMiB(), boot,
                            Math.max(desired.osDisk().diskSizeGB(), image.diskSizeGiB()), List.of(), ports, seed(id, desired, instance, ports)));
                    driver.start(machineId);
                }
                MachineDriver.MachineStatus now = driver.status(machineId).orElseThrow();
                if (now.provisioned() || (before.isPresent() && (now.power() == MachineDriver.Power.STOPPED || now.power() == MachineDriver.Power.DEALLOCATED))) {
                    continue;
                }
                if (clock.instant().isAfter(created.plus(provisioningTimeout))) {
                    return Outcome.failed(new ArmError(ArmErrorCode.OSProvisioningTimedOut.name(), "OS Provisioning for VM '" + id.name() + "_" + instance.instanceId()
                            + "' did not finish in the allotted time. The VM may still finish provisioning successfully. Please check provisioning state later.", null));
                }
                pending = true;
            } catch (MachineDriver.MachineException e) {
                return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The virtual machine '" + id.name() + "_" + instance.instanceId()
                        + "' could not be started on this appliance: " + e.getMessage(), null));
            }
        }
        return pending ? Outcome.inProgress(VirtualMachineClient.POLL) : Outcome.done();
    }

    /** Destroys the guests of every instance id the set ever had that {@code desired} no longer has. */
    private void removeOthers(ResourceId id, ScaleSetSpec desired) {
        Set<String> keep = desired.instances().stream().map(ScaleSetSpec.Instance::instanceId).collect(Collectors.toSet());
        for (int i = 0; i < desired.nextInstanceId(); i++) {
            String instanceId = String.valueOf(i);
            if (!keep.contains(instanceId)) remove(id, instanceId, desired.nics());
        }
    }

    private void remove(ResourceId id, String instanceId, List<ScaleSetSpec.NicConfig> nics) {
        driver.destroy(machineId(id, instanceId));
        network.release(ScaleSetSpec.instanceId(id, instanceId), nics);
    }

    @Override
    public Outcome delete(ResourceId id) {
        Optional<ScaleSetSpec> spec = lockedSpec.apply(id);
        if (spec.isEmpty()) return Outcome.done();
        try {
            for (int i = 0; i < spec.get().nextInstanceId(); i++) remove(id, String.valueOf(i), spec.get().nics());
            return Outcome.done();
        } catch (MachineDriver.MachineException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The scale set '" + id.name()
                    + "' could not be removed: " + e.getMessage(), null));
        }
    }

    /** A power action on some instances of the set: {@code start}, {@code powerOff}, {@code deallocate}, {@code restart}, {@code redeploy}. */
    void power(ResourceId id, ScaleSetSpec spec, String action, List<String> instanceIds) {
        for (String instanceId : instanceIds) {
            String m = machineId(id, instanceId);
            if (driver.status(m).isEmpty()) continue;   // not created yet: the reconciler makes it
            ResourceId instance = ScaleSetSpec.instanceId(id, instanceId);
            switch (action.toLowerCase(Locale.ROOT)) {
                case "start" -> {
                    network.attach(instance, spec.nics());
                    driver.start(m);
                }
                case "poweroff" -> driver.stop(m, false);
                case "deallocate" -> driver.stop(m, true);
                case "restart" -> driver.restart(m);
                case "redeploy" -> {
                    driver.stop(m, false);
                    network.attach(instance, spec.nics());
                    driver.start(m);
                }
                default -> throw new IllegalArgumentException(action);
            }
        }
    }

    /** Plugs the instances' ports again and boots those that should run (after an appliance restart). */
    void restore(ResourceId id, ScaleSetSpec spec) {
        for (ScaleSetSpec.Instance instance : spec.instances()) {
            String m = machineId(id, instance.instanceId());
            if (driver.status(m).isEmpty()) continue;
            network.attach(ScaleSetSpec.instanceId(id, instance.instanceId()), spec.nics());
            driver.restore(m);
        }
    }

    /**
     * The instance's NoCloud seed, as a VM's: {@code meta-data} (instance id = the instance's vmId, host name),
     * {@code network-config} (the primary port's address), {@code vendor-data} (the admin user and keys),
     * {@code user-data} (the set's customData), and {@code strato-admin} / {@code strato-authorized-keys}.
     */
    Map<String, byte[]> seed(ResourceId id, ScaleSetSpec spec, ScaleSetSpec.Instance instance, List<Machine.Port> ports) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("meta-data", ("instance-id: " + instance.vmId() + "\nlocal-hostname: " + spec.computerName(instance.instanceId()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Machine.Port primary = ports.get(0);
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
                    .append("\n      password: \"").append(password.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n      type: text\n");
        }
        files.put("vendor-data", vendor.toString().getBytes(StandardCharsets.UTF_8));
        String customData = secrets.get(VirtualMachineHandler.SECRET_CUSTOM_DATA);
        files.put("user-data", customData == null ? new byte[0] : Base64.getMimeDecoder().decode(customData));
        files.put("strato-admin", spec.adminUsername().getBytes(StandardCharsets.UTF_8));
        files.put("strato-authorized-keys", String.join("\n", spec.sshPublicKeys()).concat("\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }
}
