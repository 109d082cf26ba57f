package io.strato.provider.compute;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.SecretVault;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reconciler's side of {@code virtualMachines/extensions}: makes the script from the public settings and the
 * vault's protected settings ({@link ExtensionTypes}), hands it to the VM's guest ({@link MachineDriver#runScript}) once
 * the guest has provisioned, and follows it: {@code Done} on exit 0, {@code VMExtensionProvisioningError} on another
 * exit code or unusable settings, {@code VMExtensionProvisioningTimeout} when no outcome arrives in time.
 */
final class VmExtensionClient implements ExternalClient<ExtensionSpec> {
    static final Duration POLL = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MachineDriver driver;
    private final SecretVault vault;
    private final Duration timeout;
    private final Clock clock;

    VmExtensionClient(MachineDriver driver, SecretVault vault, Duration timeout, Clock clock) {
        this.driver = driver;
        this.vault = vault;
        this.timeout = timeout;
        this.clock = clock;
    }

    static String machineOf(ResourceId extension) { return VirtualMachineClient.machineId(extension.parent()); }

    /** The state of the extension's VM, empty while its machine does not exist. */
    Optional<MachineDriver.MachineStatus> vmStatus(ResourceId extension) { return driver.status(machineOf(extension)); }

    /** The guest's outcome for this extension (any sequence), if the guest has the script. */
    Optional<MachineDriver.ExtensionResult> result(ResourceId id) {
        return driver.status(machineOf(id)).flatMap(s -> s.extensions().stream().filter(r -> r.name().equals(id.name())).findFirst());
    }

    @Override
    public Observation observe(ResourceId id, ExtensionSpec desired) {
        return result(id).map(r -> Observation.present(facts(r))).orElse(Observation.absent());
    }

    static Map<String, Object> facts(MachineDriver.ExtensionResult r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", r.name());
        f.put("sequence", r.sequence());
        if (r.exitCode() != null) f.put("exitCode", r.exitCode());
        f.put("stdout", r.stdout());
        f.put("stderr", r.stderr());
        return f;
    }

    static MachineDriver.ExtensionResult fromFacts(Map<?, ?> f) {
        Object exit = f.get("exitCode");
        return new MachineDriver.ExtensionResult(String.valueOf(f.get("name")), ((Number) f.get("sequence")).longValue(),
                exit == null ? null : ((Number) exit).intValue(), (String) f.get("stdout"), (String) f.get("stderr"));
    }

    @Override
    public Outcome create(ResourceId id, ExtensionSpec desired) { return apply(id, desired); }

    @Override
    public Outcome update(ResourceId id, ExtensionSpec desired) { return apply(id, desired); }

    private Outcome apply(ResourceId id, ExtensionSpec desired) {
        ExtensionTypes.ExtensionType type = ExtensionTypes.find(desired.publisher(), desired.type()).orElseThrow();
        String machine = machineOf(id);
        Optional<MachineDriver.MachineStatus> vm = driver.status(machine);
        boolean late = clock.instant().isAfter(Instant.parse(desired.requestedAt()).plus(timeout));
        if (vm.isEmpty() || !vm.get().provisioned()) {   // the VM is still being created: extensions wait for its guest
            return late ? timedOut(id) : Outcome.inProgress(POLL);
        }
        byte[] script;
        try {
            String secret = vault.get(id).get(VmExtensionHandler.SECRET_PROTECTED_SETTINGS);
            ObjectNode merged = ExtensionTypes.merge(desired.settings(), secret == null ? null : JSON.readTree(secret));
            script = type.maker().script(merged);
        } catch (ExtensionTypes.SettingsException e) {
            return Outcome.failed(failure(id, type, "Enable failed: " + e.getMessage()));
        } catch (IOException e) {
            return Outcome.failed(failure(id, type, "Enable failed: the protected settings are not JSON"));
        }
        try {
            driver.runScript(machine, new MachineDriver.GuestScript(id.name(), desired.sequence(), script));
        } catch (MachineDriver.MachineException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The extension '" + id.name()
                    + "' could not be handed to the virtual machine: " + e.getMessage(), null));
        }
        Optional<MachineDriver.ExtensionResult> r = result(id).filter(x -> x.sequence() == desired.sequence());
        if (r.isPresent() && r.get().finished()) {
            if (r.get().exitCode() == 0) return Outcome.done();
            return Outcome.failed(failure(id, type, "Enable failed: failed to execute command: command terminated with exit status="
                    + r.get().exitCode() + "\n[stdout]\n" + r.get().stdout() + "\n[stderr]\n" + r.get().stderr()));
        }
        return late ? timedOut(id) : Outcome.inProgress(POLL);
    }

    static ArmError failure(ResourceId id, ExtensionTypes.ExtensionType type, String message) {
        return new ArmError(ArmErrorCode.VMExtensionProvisioningError.name(), "VM has reported a failure when processing extension '" + id.name()
                + "' (publisher '" + type.publisher() + "' and type '" + type.type() + "'). Error message: '" + message
                + "'. More information on troubleshooting is available at " + type.troubleshooting() + ". ", null);
    }

    private static Outcome timedOut(ResourceId id) {
        return Outcome.failed(new ArmError(ArmErrorCode.VMExtensionProvisioningTimeout.name(), "Provisioning of VM extension " + id.name()
                + " has timed out. Extension provisioning has taken too long to complete. The extension did not report a message.", null));
    }

    @Override
    public Outcome delete(ResourceId id) {
        try {
            driver.removeScript(machineOf(id), id.name());
            return Outcome.done();
        } catch (MachineDriver.MachineException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The extension '" + id.name() + "' could not be removed: " + e.getMessage(), null));
        }
    }
}
