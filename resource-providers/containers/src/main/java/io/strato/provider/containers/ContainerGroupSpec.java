package io.strato.provider.containers;

import java.util.List;

/**
 * The validated, defaulted desired state of one container group. Secure values (secure environment variables,
 * secret volume contents) are not in it: they live in the resource's {@link io.strato.spi.SecretVault} entry,
 * under the names {@link #secureEnvKey} and {@link #secretFileKey} give.
 *
 * @param isolation how the group's containers are isolated from the host and from other tenants
 */
public record ContainerGroupSpec(
        String osType,
        String restartPolicy,
        String sku,
        Isolation isolation,
        List<Container> containers,
        List<Container> initContainers,
        IpAddress ipAddress,
        List<String> subnetIds,
        List<Volume> volumes) {

    public ContainerGroupSpec {
        containers = List.copyOf(containers);
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /** The two isolation levels: a shared kernel (runc/crun), or each group in its own small QEMU guest. */
    public enum Isolation { SharedKernel, VirtualMachine }

    /** The vault entry that holds a secure environment value. */
    public static String secureEnvKey(String container, String variable) { return "env/" + container + "/" + variable; }

    /** The vault entry that holds one file of a secret volume (base64, as sent). */
    public static String secretFileKey(String volume, String file) { return "volume/" + volume + "/" + file; }

    /**
     * One container.
     *
     * @param limits the hard limits enforced through cgroups; the requests when none were given
     */
    public record Container(
            String name,
            String image,
            List<String> command,
            List<EnvironmentVariable> environmentVariables,
            List<Port> ports,
            Amounts requests,
            Amounts limits,
            List<VolumeMount> volumeMounts) {
        public Container {
            command = command == null ? List.of() : List.copyOf(command);
            environmentVariables = environmentVariables == null ? List.of() : List.copyOf(environmentVariables);
            ports = ports == null ? List.of() : List.copyOf(ports);
            volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
        }

        /** What the cgroup enforces: the limits when given, else the requests. */
        public Amounts enforced() { return limits != null ? limits : requests; }
    }

    /** A variable; {@code value} is null when it is secure (its value is in the vault). */
    public record EnvironmentVariable(String name, String value, boolean secure) {}

    public record Port(int port, String protocol) {}

    /** CPU cores and memory in GB, as ACI counts them. */
    public record Amounts(double cpu, double memoryInGB) {
        public long memoryBytes() { return (long) (memoryInGB * 1024 * 1024 * 1024); }
    }

    public record VolumeMount(String name, String mountPath, boolean readOnly) {}

    /**
     * A volume of the group.
     *
     * @param kind {@code emptyDir} or {@code secret}
     * @param secretFiles the file names of a secret volume (contents in the vault)
     */
    public record Volume(String name, String kind, List<String> secretFiles) {
        public Volume {
            secretFiles = secretFiles == null ? List.of() : List.copyOf(secretFiles);
        }
    }

    /**
     * The group's address.
     *
     * @param type {@code Public} or {@code Private}
     */
    public record IpAddress(String type, List<Port> ports, String dnsNameLabel) {
        public IpAddress {
            ports = ports == null ? List.of() : List.copyOf(ports);
        }
    }
}
