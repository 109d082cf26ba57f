package io.strato.provider.containers;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.provider.containers.ContainerGroupSpec.Amounts;
import io.strato.provider.containers.ContainerGroupSpec.Container;
import io.strato.provider.containers.ContainerGroupSpec.EnvironmentVariable;
import io.strato.provider.containers.ContainerGroupSpec.IpAddress;
import io.strato.provider.containers.ContainerGroupSpec.Isolation;
import io.strato.provider.containers.ContainerGroupSpec.Port;
import io.strato.provider.containers.ContainerGroupSpec.Volume;
import io.strato.provider.containers.ContainerGroupSpec.VolumeMount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a PUT body of {@code Microsoft.ContainerInstance/containerGroups} into a {@link ContainerGroupSpec}, with
 * Azure's rules and codes. Secure values are collected into {@link Parsed#secrets} (vault entry name to value) and
 * never enter the spec.
 */
final class ContainerGroupRequest {
    private ContainerGroupRequest() {}

    static final List<String> OS_TYPES = List.of("Linux", "Windows");
    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    static final List<String> SKUS = List.of("Standard", "Dedicated", "Confidential");
    static final List<String> IP_TYPES = List.of("Public", "Private");
    static final List<String> PROTOCOLS = List.of("TCP", "UDP");
    /** The volume kinds this appliance mounts; Azure also has azureFile and gitRepo. */
    static final List<String> VOLUME_KINDS = List.of("emptyDir", "secret");
    static final List<String> UNSUPPORTED_VOLUME_KINDS = List.of("azureFile", "gitRepo");

    /** The sku that runs a group in its own virtual machine (Azure's confidential containers run in a utility VM too). */
    static final String VM_ISOLATED_SKU = "Confidential";

    /** Lower-case letters, digits and '-', 1 to 63 characters, not starting or ending with '-' (ACI's rule). */
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final double MAX_CPU = 4, MAX_MEMORY_GB = 16;

    /** The spec and the secure values to keep in the vault. */
    record Parsed(ContainerGroupSpec spec, Map<String, String> secrets) {}

    static Parsed parse(JsonNode body) {
        JsonBody root = JsonBody.of(body);
        JsonBody props = JsonBody.element(root.object("properties").orElseThrow(() -> JsonBody.missing("properties")), "properties");
        Map<String, String> secrets = new LinkedHashMap<>();

        String osType = props.oneOf("osType", OS_TYPES).orElseThrow(() -> JsonBody.missing("properties.osType"));
        if (osType.equals("Windows")) {
            throw ArmErrorCode.InvalidRequestPropertyValue.exception(
                    "The OS type 'Windows' is not offered in this location; use 'Linux'.", "properties.osType");
        }
        String restartPolicy = props.oneOf("restartPolicy", RESTART_POLICIES).orElse("Always");
        String sku = props.oneOf("sku", SKUS).orElse(root.oneOf("sku", SKUS).orElse("Standard"));
        Isolation isolation = sku.equals(VM_ISOLATED_SKU) ? Isolation.VirtualMachine : Isolation.SharedKernel;

        List<Volume> volumes = volumes(props, secrets);
        Set<String> volumeNames = new HashSet<>();
        volumes.forEach(v -> volumeNames.add(v.name()));

        List<JsonNode> containerNodes = props.array("containers");
        if (containerNodes.isEmpty()) throw JsonBody.missing("properties.containers");
        Set<String> names = new HashSet<>();
        List<Container> containers = new ArrayList<>();
        for (int i = 0; i < containerNodes.size(); i++) {
            containers.add(container(containerNodes.get(i), "properties.containers[" + i + "]", names, volumeNames, secrets, true));
        }
        List<Container> initContainers = new ArrayList<>();
        List<JsonNode> initNodes = props.array("initContainers");
        for (int i = 0; i < initNodes.size(); i++) {
            initContainers.add(container(initNodes.get(i), "properties.initContainers[" + i + "]", names, volumeNames, secrets, false));
        }

        List<String> subnetIds = new ArrayList<>();
        List<JsonNode> subnets = props.array("subnetIds");
        for (int i = 0; i < subnets.size(); i++) {
            subnetIds.add(JsonBody.element(subnets.get(i), "properties.subnetIds[" + i + "]").requiredText("id"));
        }
        IpAddress ip = ipAddress(props, containers, subnetIds);
        return new Parsed(new ContainerGroupSpec(osType, restartPolicy, sku, isolation, containers, initContainers, ip, subnetIds, volumes), secrets);
    }

    private static List<Volume> volumes(JsonBody props, Map<String, String> secrets) {
        List<Volume> volumes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<JsonNode> nodes = props.array("volumes");
        for (int i = 0; i < nodes.size(); i++) {
            String path = "properties.volumes[" + i + "]";
            JsonBody v = JsonBody.element(nodes.get(i), path);
            String name = v.requiredText("name");
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The volume name '" + name + "' is used more than once.", path + ".name");
            }
            for (String kind : UNSUPPORTED_VOLUME_KINDS) {
                if (v.has(kind)) {
                    throw ArmErrorCode.InvalidRequestPropertyValue.exception("The volume '" + name + "' is of kind '" + kind
                            + "', which this appliance does not mount; the kinds offered are " + String.join(", ", VOLUME_KINDS) + ".", path + "." + kind);
                }
            }
            if (v.has("secret")) {
                List<String> files = new ArrayList<>();
                for (var it = v.object("secret").orElseThrow().fields(); it.hasNext(); ) {
                    var f = it.next();
                    if (!f.getValue().isTextual()) throw JsonBody.conversion(f.getValue(), "String", path + ".secret." + f.getKey());
                    try {
                        java.util.Base64.getDecoder().decode(f.getValue().asText());
                    } catch (IllegalArgumentException e) {
                        throw ArmErrorCode.InvalidRequestPropertyValue.exception("The secret '" + f.getKey() + "' of volume '" + name
                                + "' is not base64 encoded.", path + ".secret." + f.getKey());
                    }
                    files.add(f.getKey());
                    secrets.put(ContainerGroupSpec.secretFileKey(name, f.getKey()), f.getValue().asText());
                }
                volumes.add(new Volume(name, "secret", files));
            } else if (v.has("emptyDir")) {
                volumes.add(new Volume(name, "emptyDir", List.of()));
            } else {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The volume '" + name + "' names no kind; the kinds offered are "
                        + String.join(", ", VOLUME_KINDS) + ".", path);
            }
        }
        return volumes;
    }

    private static Container container(JsonNode node, String path, Set<String> names, Set<String> volumeNames,
                                       Map<String, String> secrets, boolean needsResources) {
        JsonBody c = JsonBody.element(node, path);
        String name = c.requiredText("name");
        if (!CONTAINER_NAME.matcher(name).matches()) {
            throw ArmErrorCode.InvalidContainerName.exception("The container name '" + name + "' in container group is invalid. A container name"
                    + " must contain no more than 63 characters, only lowercase letters, numbers and '-', and must not start or end with '-'.", path + ".name");
        }
        if (!names.add(name)) {
            throw ArmErrorCode.DuplicateContainerName.exception("The container name '" + name + "' is used more than once in the container group.", path + ".name");
        }
        JsonBody p = JsonBody.element(c.object("properties").orElseThrow(() -> JsonBody.missing(path + ".properties")), path + ".properties");
        String image = p.requiredText("image").trim();
        if (image.isEmpty()) throw JsonBody.missing(p.full("image"));
        List<String> command = new ArrayList<>();
        List<JsonNode> cmd = p.array("command");
        for (int i = 0; i < cmd.size(); i++) {
            if (!cmd.get(i).isTextual()) throw JsonBody.conversion(cmd.get(i), "String", p.full("command[" + i + "]"));
            command.add(cmd.get(i).asText());
        }
        List<EnvironmentVariable> env = new ArrayList<>();
        List<JsonNode> envNodes = p.array("environmentVariables");
        Set<String> envNames = new HashSet<>();
        for (int i = 0; i < envNodes.size(); i++) {
            JsonBody e = JsonBody.element(envNodes.get(i), p.full("environmentVariables[" + i + "]"));
            String var = e.requiredText("name");
            if (!ENV_NAME.matcher(var).matches()) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The environment variable name '" + var + "' is invalid.", e.full("name"));
            }
            if (!envNames.add(var)) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The environment variable '" + var + "' is set more than once.", e.full("name"));
            }
            var secure = e.text("secureValue");
            if (secure.isPresent()) {
                secrets.put(ContainerGroupSpec.secureEnvKey(name, var), secure.get());
                env.add(new EnvironmentVariable(var, null, true));
            } else {
                env.add(new EnvironmentVariable(var, e.text("value").orElse(""), false));
            }
        }
        List<Port> ports = ports(p, "ports");
        Amounts requests = null, limits = null;
        if (needsResources || p.has("resources")) {
            JsonBody r = JsonBody.element(p.object("resources").orElseThrow(() -> JsonBody.missing(p.full("resources"))), p.full("resources"));
            requests = amounts(r, "requests", true);
            limits = amounts(r, "limits", false);
            if (limits != null && (limits.cpu() < requests.cpu() || limits.memoryInGB() < requests.memoryInGB())) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The resource limits of container '" + name
                        + "' must not be lower than its requests.", r.full("limits"));
            }
        }
        List<VolumeMount> mounts = new ArrayList<>();
        List<JsonNode> mountNodes = p.array("volumeMounts");
        for (int i = 0; i < mountNodes.size(); i++) {
            JsonBody m = JsonBody.element(mountNodes.get(i), p.full("volumeMounts[" + i + "]"));
            String volume = m.requiredText("name");
            String mountPath = m.requiredText("mountPath");
            if (volumeNames.stream().noneMatch(v -> v.equals(volume))) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The volume mount '" + volume + "' of container '" + name
                        + "' names no volume of the container group.", m.full("name"));
            }
            if (!mountPath.startsWith("/") || mountPath.contains("..")) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The mount path '" + mountPath + "' must be an absolute path.", m.full("mountPath"));
            }
            mounts.add(new VolumeMount(volume, mountPath, m.bool("readOnly").orElse(false)));
        }
        return new Container(name, image, command, env, ports, requests, limits, mounts);
    }

    private static Amounts amounts(JsonBody r, String field, boolean required) {
        var node = r.object(field);
        if (node.isEmpty()) {
            if (required) throw JsonBody.missing(r.full(field));
            return null;
        }
        JsonBody a = JsonBody.element(node.get(), r.full(field));
        double cpu = a.number("cpu").orElseThrow(() -> JsonBody.missing(a.full("cpu")));
        double memory = a.number("memoryInGB").or(() -> a.number("memoryInGb")).orElseThrow(() -> JsonBody.missing(a.full("memoryInGB")));
        if (cpu <= 0 || cpu > MAX_CPU) {
            throw ArmErrorCode.InvalidRequestPropertyValue.exception("The cpu " + fmt(cpu) + " is not between 0 and " + fmt(MAX_CPU) + ".", a.full("cpu"));
        }
        if (memory <= 0 || memory > MAX_MEMORY_GB) {
            throw ArmErrorCode.InvalidRequestPropertyValue.exception("The memoryInGB " + fmt(memory) + " is not between 0 and " + fmt(MAX_MEMORY_GB) + ".", a.full("memoryInGB"));
        }
        return new Amounts(cpu, memory);
    }

    static String fmt(double d) { return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d); }

    private static List<Port> ports(JsonBody p, String field) {
        List<Port> ports = new ArrayList<>();
        List<JsonNode> nodes = p.array(field);
        for (int i = 0; i < nodes.size(); i++) {
            JsonBody port = JsonBody.element(nodes.get(i), p.full(field + "[" + i + "]"));
            int number = port.integer("port").orElseThrow(() -> JsonBody.missing(port.full("port")));
            if (number < 1 || number > 65535) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The port " + number + " is not between 1 and 65535.", port.full("port"));
            }
            ports.add(new Port(number, port.oneOf("protocol", PROTOCOLS).orElse("TCP")));
        }
        return ports;
    }

    private static IpAddress ipAddress(JsonBody props, List<Container> containers, List<String> subnetIds) {
        if (!props.has("ipAddress")) {
            if (!subnetIds.isEmpty()) return new IpAddress("Private", List.of(), null);
            return null;
        }
        JsonBody ip = JsonBody.element(props.object("ipAddress").orElseThrow(), "properties.ipAddress");
        String type = ip.oneOf("type", IP_TYPES).orElseThrow(() -> JsonBody.missing("properties.ipAddress.type"));
        List<Port> ports = ports(ip, "ports");
        if (ports.isEmpty()) throw JsonBody.missing("properties.ipAddress.ports");
        for (Port port : ports) {
            boolean exposed = containers.stream().flatMap(c -> c.ports().stream()).anyMatch(cp -> cp.port() == port.port());
            if (!exposed) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The port " + port.port()
                        + " of the IP address is not exposed by any container of the group.", "properties.ipAddress.ports");
            }
        }
        if (type.equals("Private") && subnetIds.isEmpty()) {
            throw ArmErrorCode.InvalidRequestPropertyValue.exception(
                    "An IP address of type 'Private' needs the container group on a subnet ('subnetIds').", "properties.ipAddress.type");
        }
        if (type.equals("Public") && !subnetIds.isEmpty()) {
            throw ArmErrorCode.InvalidRequestPropertyValue.exception(
                    "A container group on a subnet cannot have an IP address of type 'Public'.", "properties.ipAddress.type");
        }
        String label = ip.text("dnsNameLabel").orElse(null);
        return new IpAddress(type, ports, label);
    }

}
