package io.strato.provider.compute;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ResourceId;
import java.util.List;
import java.util.Optional;

/**
 * The validated, defaulted desired state of one {@code Microsoft.Compute/virtualMachineScaleSets} resource (Uniform
 * orchestration): the model every instance is made from, and the instances themselves. Secrets
 * ({@code adminPassword}, {@code customData}) live in the {@link io.strato.spi.SecretVault} under the set's id.
 *
 * @param uniqueId          Azure's {@code uniqueId}, fixed at creation
 * @param timeCreated       ISO-8601 creation time
 * @param location          the set's location (instances report it)
 * @param vmSize            the model's size ({@code sku.name}), see {@link VmSizes}
 * @param capacity          the number of instances asked for ({@code sku.capacity})
 * @param image             the platform image instances boot
 * @param osDisk            the model's OS disk (its name is per instance)
 * @param computerNamePrefix instances are named this plus their id in base 36, six digits
 * @param adminUsername     the administrator of every instance
 * @param sshPublicKeys     the administrator's authorised keys
 * @param passwordAuthentication whether password login is enabled (the password is in the vault)
 * @param customData        whether customData was given (its content is in the vault)
 * @param nics              the network interface configurations, primary first
 * @param upgradeMode       {@code Manual}, {@code Automatic} or {@code Rolling}
 * @param instances         the instances, by ascending id
 * @param nextInstanceId    the id the next new instance gets: ids are never reused
 * @param properties        the request's {@code properties} as given, without secrets: echoed back with computed fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScaleSetSpec(String uniqueId, String timeCreated, String location, String vmSize, int capacity,
                           VirtualMachineSpec.ImageRef image, VirtualMachineSpec.OsDisk osDisk, String computerNamePrefix,
                           String adminUsername, List<String> sshPublicKeys, boolean passwordAuthentication, boolean customData,
                           List<NicConfig> nics, String upgradeMode, List<Instance> instances, int nextInstanceId, ObjectNode properties) {
    public ScaleSetSpec {
        sshPublicKeys = sshPublicKeys == null ? List.of() : List.copyOf(sshPublicKeys);
        nics = nics == null ? List.of() : List.copyOf(nics);
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    /**
     * One network interface configuration: each instance gets a port on {@code subnetId} (the primary IP
     * configuration's subnet) that joins the load balancer backend pools {@code backendPools}.
     */
    public record NicConfig(String name, boolean primary, String ipConfigName, String subnetId, List<String> backendPools) {
        public NicConfig {
            backendPools = backendPools == null ? List.of() : List.copyOf(backendPools);
        }
    }

    /**
     * One instance: its id (a decimal number as text), Azure's vmId, when it was made, its OS disk's name and the size
     * it was made with (a later model change applies to new instances only: the upgrade policy is manual).
     */
    public record Instance(String instanceId, String vmId, String timeCreated, String osDiskName, String vmSize) {}

    /** The instance with this id, if the set has it. */
    public Optional<Instance> instance(String instanceId) {
        return instances.stream().filter(i -> i.instanceId().equals(instanceId)).findFirst();
    }

    /** The resource id of an instance: {@code .../virtualMachineScaleSets/{set}/virtualMachines/{instanceId}}. */
    static ResourceId instanceId(ResourceId set, String instanceId) {
        return set.child("virtualMachines", instanceId);
    }

    /** Azure's computer name of an instance: the prefix and the id in base 36, padded to six digits. */
    String computerName(String instanceId) {
        String b36 = Long.toString(Long.parseLong(instanceId), 36);
        return computerNamePrefix + "0".repeat(Math.max(0, 6 - b36.length())) + b36;
    }
}
