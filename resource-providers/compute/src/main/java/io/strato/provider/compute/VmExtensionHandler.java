package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import io.strato.spi.SecretVault;
import io.strato.spi.StoredResource;
import io.strato.spi.StoredResources;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Compute/virtualMachines/extensions}: script extensions ({@link ExtensionTypes}) that run in the VM's
 * guest. Validation with Azure's codes, protected settings to the vault (never echoed), the extension's instance view
 * ({@code $expand=instanceView}: the outcome as Azure's {@code ProvisioningState/*} status with the output, and
 * {@code ComponentStatus/StdOut} / {@code StdErr} substatuses), and what the VM shows of its extensions (its
 * {@code resources} list and {@code instanceView.extensions}).
 */
final class VmExtensionHandler implements ResourceTypeHandler<ExtensionSpec> {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Compute", "virtualMachines", "extensions");
    static final String SECRET_PROTECTED_SETTINGS = "protectedSettings";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Clock clock;
    private volatile VmExtensionClient client;
    private volatile SecretVault vault;
    private volatile StoredResources resources = StoredResources.NONE;

    VmExtensionHandler(Clock clock) { this.clock = clock; }

    void configure(VmExtensionClient client, SecretVault vault, StoredResources resources) {
        this.client = client;
        this.vault = vault;
        this.resources = resources;
    }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return VirtualMachineHandler.API_VERSIONS; }

    @Override public Class<ExtensionSpec> specClass() { return ExtensionSpec.class; }

    @Override
    public ExtensionSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<ExtensionSpec> existing) {
        JsonBody b = JsonBody.of(body);
        if (b.object("properties").isEmpty()) throw VirtualMachineRequest.missing("properties");
        String publisher = b.text("properties.publisher").orElseThrow(() -> VirtualMachineRequest.missing("publisher"));
        String type = b.text("properties.type").orElseThrow(() -> VirtualMachineRequest.missing("type"));
        String handlerVersion = b.text("properties.typeHandlerVersion").orElseThrow(() -> VirtualMachineRequest.missing("typeHandlerVersion"));
        boolean autoUpgradeMinor = b.bool("properties.autoUpgradeMinorVersion").orElse(false);
        ExtensionTypes.ExtensionType t = ExtensionTypes.find(publisher, type).filter(x -> x.version(handlerVersion, autoUpgradeMinor).isPresent())
                .orElseThrow(() -> ArmErrorCode.NotFound.exception("Extension with publisher '" + publisher + "', type '" + type
                        + "', and type handler version '" + handlerVersion + "' could not be found in the extension repository.", null));
        if (existing.isPresent()) {
            if (!existing.get().publisher().equals(t.publisher())) throw VirtualMachineRequest.changeNotAllowed("publisher");
            if (!existing.get().type().equals(t.type())) throw VirtualMachineRequest.changeNotAllowed("type");
        }
        JsonNode settings = b.node("properties.settings").orElse(null);
        if (settings != null && !settings.isObject()) {
            throw ArmErrorCode.InvalidParameter.exception("The value of parameter settings is invalid: it must be a JSON object.", "settings");
        }
        JsonNode protectedSettings = b.node("properties.protectedSettings").orElse(null);
        if (protectedSettings != null && !protectedSettings.isObject()) {
            throw ArmErrorCode.InvalidParameter.exception("The value of parameter protectedSettings is invalid: it must be a JSON object.", "protectedSettings");
        }
        if (b.node("properties.protectedSettingsFromKeyVault").isPresent()) {
            throw ArmErrorCode.InvalidParameter.exception("protectedSettingsFromKeyVault is not supported on this appliance; pass protectedSettings.", "protectedSettingsFromKeyVault");
        }
        requireRunningVm(id);
        String forceUpdateTag = b.text("properties.forceUpdateTag").orElse(null);
        String protectedText = protectedSettings == null ? null : protectedSettings.toString();
        String before = vault.get(id).get(SECRET_PROTECTED_SETTINGS);
        ObjectNode publicSettings = settings == null ? null : ((ObjectNode) settings).deepCopy();
        boolean changed = existing.isEmpty() || !Objects.equals(existing.get().settings(), publicSettings)
                || !Objects.equals(existing.get().forceUpdateTag(), forceUpdateTag) || !Objects.equals(before, protectedText);
        if (protectedText == null) {
            if (before != null) vault.deleteAll(id);
        } else if (!protectedText.equals(before)) {
            vault.put(id, SECRET_PROTECTED_SETTINGS, protectedText);
        }
        // a new extension starts from the clock, not from 0: one deleted and made again under the same name never
        // repeats the sequence a guest may still remember as done
        long sequence = existing.map(e -> changed ? e.sequence() + 1 : e.sequence()).orElse(clock.millis());
        String requestedAt = changed || existing.isEmpty() ? clock.instant().toString() : existing.get().requestedAt();
        return new ExtensionSpec(t.publisher(), t.type(), handlerVersion, b.bool("properties.autoUpgradeMinorVersion").orElse(null),
                b.bool("properties.enableAutomaticUpgrade").orElse(null), b.bool("properties.suppressFailures").orElse(null),
                forceUpdateTag, publicSettings, protectedText != null, sequence, requestedAt);
    }

    /** Azure refuses extension changes while the VM is stopped or deallocated; a VM still being created is fine (they wait). */
    private void requireRunningVm(ResourceId id) {
        Optional<MachineDriver.MachineStatus> vm = client.vmStatus(id);
        if (vm.isPresent() && (vm.get().power() == MachineDriver.Power.STOPPED || vm.get().power() == MachineDriver.Power.DEALLOCATED)) {
            throw ArmErrorCode.OperationNotAllowed.exception("Cannot modify extensions in the VM when the VM is not running.", null);
        }
    }

    /** PATCH: the settings, protected settings and forceUpdateTag given replace the stored ones; validated as a PUT. */
    @Override
    public ExtensionSpec patch(ApiVersion version, ResourceId id, JsonNode body, ExtensionSpec existing) {
        ObjectNode merged = NODES.objectNode();
        ObjectNode p = merged.putObject("properties");
        p.put("publisher", existing.publisher()).put("type", existing.type()).put("typeHandlerVersion", existing.typeHandlerVersion());
        if (existing.settings() != null) p.set("settings", existing.settings());
        if (existing.forceUpdateTag() != null) p.put("forceUpdateTag", existing.forceUpdateTag());
        if (existing.autoUpgradeMinorVersion() != null) p.put("autoUpgradeMinorVersion", existing.autoUpgradeMinorVersion());
        String secret = vault.get(id).get(SECRET_PROTECTED_SETTINGS);
        if (secret != null) {
            try {
                p.set("protectedSettings", JSON.readTree(secret));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored protected settings of " + id + " are not JSON", e);
            }
        }
        body.path("properties").fields().forEachRemaining(f -> p.set(f.getKey(), f.getValue()));
        return toSpec(version, id, merged, Optional.of(existing));
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, ExtensionSpec spec, Observation seen) {
        return toResponse(version, id, spec, seen, null);
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, ExtensionSpec spec, Observation seen, String expand) {
        ObjectNode r = NODES.objectNode();
        ObjectNode p = properties(spec);
        if (expand != null && expand.toLowerCase(Locale.ROOT).contains("instanceview") && seen.observed()) {
            p.set("instanceView", instanceView(id.name(), spec, seen.exists() ? VmExtensionClient.fromFacts(seen.facts()) : null));
        }
        r.set("properties", p);
        return r;
    }

    private static ObjectNode properties(ExtensionSpec spec) {
        ObjectNode p = NODES.objectNode();
        if (spec.autoUpgradeMinorVersion() != null) p.put("autoUpgradeMinorVersion", spec.autoUpgradeMinorVersion());
        if (spec.enableAutomaticUpgrade() != null) p.put("enableAutomaticUpgrade", spec.enableAutomaticUpgrade());
        if (spec.forceUpdateTag() != null) p.put("forceUpdateTag", spec.forceUpdateTag());
        p.put("publisher", spec.publisher()).put("type", spec.type()).put("typeHandlerVersion", spec.typeHandlerVersion());
        if (spec.suppressFailures() != null) p.put("suppressFailures", spec.suppressFailures());
        if (spec.settings() != null) p.set("settings", spec.settings());
        return p;
    }

    /**
     * Azure's extension instance view: {@code ProvisioningState/transitioning} while the guest has not reported,
     * {@code succeeded} on exit 0, {@code failed/N} otherwise; the message carries the outputs as the Linux handler
     * prints them, and the {@code ComponentStatus/StdOut} and {@code StdErr} substatuses carry them one by one.
     */
    static ObjectNode instanceView(String name, ExtensionSpec spec, MachineDriver.ExtensionResult result) {
        ObjectNode v = NODES.objectNode().put("name", name).put("type", spec.publisher() + "." + spec.type());
        ExtensionTypes.find(spec.publisher(), spec.type()).flatMap(t -> t.version(spec.typeHandlerVersion(), Boolean.TRUE.equals(spec.autoUpgradeMinorVersion())))
                .ifPresent(full -> v.put("typeHandlerVersion", full));
        ObjectNode status = v.putArray("statuses").addObject();
        boolean current = result != null && result.sequence() == spec.sequence() && result.finished();
        if (!current) {
            status.put("code", "ProvisioningState/transitioning").put("level", "Info").put("displayStatus", "Transitioning")
                    .put("message", "Enable in progress");
            return v;
        }
        String outputs = "\n[stdout]\n" + result.stdout() + "\n[stderr]\n" + result.stderr();
        if (result.exitCode() == 0) {
            status.put("code", "ProvisioningState/succeeded").put("level", "Info").put("displayStatus", "Provisioning succeeded")
                    .put("message", "Enable succeeded: " + outputs);
        } else {
            status.put("code", "ProvisioningState/failed/" + result.exitCode()).put("level", "Error").put("displayStatus", "Provisioning failed")
                    .put("message", "Enable failed: failed to execute command: command terminated with exit status=" + result.exitCode() + outputs);
        }
        ArrayNode sub = v.putArray("substatuses");
        sub.addObject().put("code", "ComponentStatus/StdOut/succeeded").put("level", "Info").put("displayStatus", "Provisioning succeeded")
                .put("message", result.stdout());
        sub.addObject().put("code", "ComponentStatus/StdErr/succeeded").put("level", "Info").put("displayStatus", "Provisioning succeeded")
                .put("message", result.stderr());
        return v;
    }

    /** The VM's extensions as its {@code resources} list shows them (what {@code az vm extension list} reads). */
    ArrayNode resourcesOf(ResourceId vm) {
        ArrayNode out = NODES.arrayNode();
        for (StoredResource r : children(vm)) {
            ObjectNode n = out.addObject().put("name", r.id().name()).put("id", r.id().toString()).put("type", TYPE.toString());
            r.location().ifPresent(l -> n.put("location", l));
            ObjectNode p = properties(r.spec(ExtensionSpec.class));
            p.put("provisioningState", r.provisioningState());
            n.set("properties", p);
        }
        return out;
    }

    /** The VM instance view's {@code extensions}: one per extension resource, with the guest's outcome. */
    ArrayNode instanceViewsOf(ResourceId vm, List<MachineDriver.ExtensionResult> results) {
        ArrayNode out = NODES.arrayNode();
        for (StoredResource r : children(vm)) {
            MachineDriver.ExtensionResult result = results.stream().filter(x -> x.name().equals(r.id().name())).findFirst().orElse(null);
            out.add(instanceView(r.id().name(), r.spec(ExtensionSpec.class), result));
        }
        return out;
    }

    private List<StoredResource> children(ResourceId vm) {
        return resources.list(vm.subscriptionId(), TYPE).stream().filter(r -> r.id().parent().equals(vm)).toList();
    }

    @Override
    public ExternalClient<ExtensionSpec> connect() { return client; }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.matcher(id.name()).matches()) {
            throw ArmErrorCode.InvalidResourceName.exception("The resource name '" + id.name() + "' is invalid. An extension name must be 1 to 64 letters, digits, '_', '.' or '-'.", "name");
        }
    }
}
