package io.strato.provider.compute;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.BlobDownloads;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.SecretVault;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final java.util.function.Supplier<Optional<BlobDownloads>> downloads;
    /** Scripts made (their files downloaded) but not yet finished, by extension id and sequence: made once, not per poll. */
    private final Map<String, byte[]> made = new java.util.concurrent.ConcurrentHashMap<>();

    VmExtensionClient(MachineDriver driver, SecretVault vault, Duration timeout, Clock clock) {
        this(driver, vault, timeout, clock, Optional::empty);
    }

    VmExtensionClient(MachineDriver driver, SecretVault vault, Duration timeout, Clock clock, java.util.function.Supplier<Optional<BlobDownloads>> downloads) {
        this.driver = driver;
        this.vault = vault;
        this.timeout = timeout;
        this.clock = clock;
        this.downloads = downloads;
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
        String key = id + "#" + desired.sequence();
        byte[] script = made.get(key);
        if (script == null) {
            try {
                String secret = vault.get(id).get(VmExtensionHandler.SECRET_PROTECTED_SETTINGS);
                ObjectNode merged = ExtensionTypes.merge(desired.settings(), secret == null ? null : JSON.readTree(secret));
                script = ExtensionTypes.withFiles(type.maker().script(merged), download(merged));
            } catch (ExtensionTypes.SettingsException e) {
                return Outcome.failed(failure(id, type, "Enable failed: " + e.getMessage()));
            } catch (IOException e) {
                return Outcome.failed(failure(id, type, "Enable failed: the protected settings are not JSON"));
            }
            made.keySet().removeIf(k -> k.startsWith(id + "#"));
            made.put(key, script);
        }
        try {
            driver.runScript(machine, new MachineDriver.GuestScript(id.name(), desired.sequence(), script));
        } catch (MachineDriver.MachineException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The extension '" + id.name()
                    + "' could not be handed to the virtual machine: " + e.getMessage(), null));
        }
        Optional<MachineDriver.ExtensionResult> r = result(id).filter(x -> x.sequence() == desired.sequence());
        if (r.isPresent() && r.get().finished()) {
            made.remove(key);
            if (r.get().exitCode() == 0) return Outcome.done();
            return Outcome.failed(failure(id, type, "Enable failed: failed to execute command: command terminated with exit status="
                    + r.get().exitCode() + "\n[stdout]\n" + r.get().stdout() + "\n[stderr]\n" + r.get().stderr()));
        }
        return late ? timedOut(id) : Outcome.inProgress(POLL);
    }

    /**
     * The files {@code fileUris} names, by the name each gets in the working folder. Only this appliance's own storage
     * accounts can be reached (there is no route to the internet); their URLs carry their own SAS, or the settings give
     * the account's name and key.
     */
    private Map<String, byte[]> download(ObjectNode settings) throws ExtensionTypes.SettingsException {
        List<String> uris = ExtensionTypes.fileUris(settings);
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (uris.isEmpty()) return files;
        Optional<BlobDownloads.AccountKey> account = ExtensionTypes.accountKey(settings);
        long left = ExtensionTypes.MAX_FILE_BYTES;
        for (int i = 0; i < uris.size(); i++) {
            URI uri;
            try {
                uri = new URI(uris.get(i));
            } catch (URISyntaxException e) {
                throw new ExtensionTypes.SettingsException("failed to download files: file[" + i + "] is not a valid URL");
            }
            BlobDownloads d = downloads.get().filter(x -> x.serves(uri)).orElseThrow(() -> new ExtensionTypes.SettingsException(
                    "failed to download files: " + uri.getScheme() + "://" + uri.getHost() + " cannot be reached from this appliance (no route to the internet); "
                            + "put the files in a storage account of this appliance and pass their URLs (with a SAS, or storageAccountName and storageAccountKey), "
                            + "or pass the script inline with 'script' or 'commandToExecute'"));
            String name = ExtensionTypes.fileName(uri);
            try {
                byte[] content = d.download(uri, account, left);
                left -= content.length;
                files.put(name, content);
            } catch (BlobDownloads.DownloadException e) {
                throw new ExtensionTypes.SettingsException("failed to download files: failed to download file[" + i + "]: "
                        + (e.status() == 413 ? "the files are larger than the " + (ExtensionTypes.MAX_FILE_BYTES >> 20) + " MiB this appliance hands to a guest"
                        : e.status() > 0 ? "http request failed: status code: " + e.status() + (e.code() == null ? "" : " (" + e.code() + ")") : e.getMessage()));
            }
        }
        return files;
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
        made.keySet().removeIf(k -> k.startsWith(id + "#"));
        try {
            driver.removeScript(machineOf(id), id.name());
            return Outcome.done();
        } catch (MachineDriver.MachineException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The extension '" + id.name() + "' could not be removed: " + e.getMessage(), null));
        }
    }
}
