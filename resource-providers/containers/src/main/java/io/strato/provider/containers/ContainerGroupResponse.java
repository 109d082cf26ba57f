package io.strato.provider.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ResourceId;
import io.strato.provider.containers.ContainerGroupSpec.Amounts;
import io.strato.provider.containers.ContainerGroupSpec.Container;
import io.strato.provider.containers.ContainerGroupSpec.Port;
import io.strato.spi.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Azure's response shape of a container group (2022-10-01-preview and 2023-05-01 share it): the definition without
 * secure values, plus the instance views of the group and of each container when the driver was asked.
 */
final class ContainerGroupResponse {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ContainerGroupResponse() {}

    static ObjectNode render(ResourceId id, ContainerGroupSpec spec, Observation seen, String dnsSuffix) {
        GroupStatus status = seen.facts().get(ContainerGroupDriver.STATUS) instanceof GroupStatus g ? g : null;
        Map<String, GroupStatus.ContainerStatus> byName = status == null ? Map.of()
                : status.containers().stream().collect(Collectors.toMap(GroupStatus.ContainerStatus::name, Function.identity(), (a, b) -> a));
        ObjectNode response = NODES.objectNode();
        ObjectNode props = response.putObject("properties");
        props.put("sku", spec.sku());
        ArrayNode containers = props.putArray("containers");
        spec.containers().forEach(c -> containers.add(container(c, byName.get(c.name()))));
        ArrayNode inits = props.putArray("initContainers");
        spec.initContainers().forEach(c -> inits.add(container(c, byName.get(c.name()))));
        props.put("restartPolicy", spec.restartPolicy());
        if (spec.ipAddress() != null) {
            ObjectNode ip = props.putObject("ipAddress");
            ports(ip.putArray("ports"), spec.ipAddress().ports());
            ip.put("type", spec.ipAddress().type());
            if (status != null && status.ip() != null) ip.put("ip", status.ip());
            if (spec.ipAddress().dnsNameLabel() != null) {
                ip.put("dnsNameLabel", spec.ipAddress().dnsNameLabel());
                ip.put("fqdn", spec.ipAddress().dnsNameLabel() + "." + dnsSuffix);
            }
        }
        props.put("osType", spec.osType());
        if (!spec.volumes().isEmpty()) {
            ArrayNode volumes = props.putArray("volumes");
            for (var v : spec.volumes()) {
                ObjectNode vn = volumes.addObject().put("name", v.name());
                ObjectNode kind = vn.putObject(v.kind());
                // secret contents are never echoed; Azure shows the keys only
                if (v.kind().equals("secret")) v.secretFiles().forEach(f -> kind.putNull(f));
            }
        }
        if (!spec.subnetIds().isEmpty()) {
            ArrayNode subnets = props.putArray("subnetIds");
            spec.subnetIds().forEach(s -> subnets.addObject().put("id", s));
        }
        if (status != null) {
            ObjectNode view = props.putObject("instanceView");
            events(view.putArray("events"), status.events());
            view.put("state", status.state());
        }
        return response;
    }

    private static ObjectNode container(Container c, GroupStatus.ContainerStatus status) {
        ObjectNode node = NODES.objectNode().put("name", c.name());
        ObjectNode p = node.putObject("properties");
        p.put("image", c.image());
        if (!c.command().isEmpty()) {
            ArrayNode cmd = p.putArray("command");
            c.command().forEach(cmd::add);
        }
        ports(p.putArray("ports"), c.ports());
        ArrayNode env = p.putArray("environmentVariables");
        for (var e : c.environmentVariables()) {
            ObjectNode en = env.addObject().put("name", e.name());
            if (!e.secure()) en.put("value", e.value());
        }
        if (c.requests() != null) {
            ObjectNode resources = p.putObject("resources");
            amounts(resources.putObject("requests"), c.requests());
            if (c.limits() != null) amounts(resources.putObject("limits"), c.limits());
        }
        if (!c.volumeMounts().isEmpty()) {
            ArrayNode mounts = p.putArray("volumeMounts");
            c.volumeMounts().forEach(m -> mounts.addObject().put("name", m.name()).put("mountPath", m.mountPath()).put("readOnly", m.readOnly()));
        }
        if (status != null) {
            ObjectNode view = p.putObject("instanceView");
            view.put("restartCount", status.restartCount());
            ObjectNode current = view.putObject("currentState");
            state(current, status.state(), status.startTime(), status.exitCode(), status.finishTime(), status.detailStatus());
            if (status.previous() != null) {
                GroupStatus.State prev = status.previous();
                state(view.putObject("previousState"), prev.state(), prev.startTime(), prev.exitCode(), prev.finishTime(), prev.detailStatus());
            }
            events(view.putArray("events"), status.events());
        }
        return node;
    }

    private static void state(ObjectNode n, String state, Instant start, Integer exitCode, Instant finish, String detail) {
        n.put("state", state);
        if (start != null) n.put("startTime", start.toString());
        if (exitCode != null) n.put("exitCode", exitCode);
        if (finish != null) n.put("finishTime", finish.toString());
        n.put("detailStatus", detail == null ? "" : detail);
    }

    private static void events(ArrayNode out, List<GroupStatus.Event> events) {
        for (var e : events) {
            out.addObject().put("count", e.count()).put("firstTimestamp", e.firstTimestamp().toString())
                    .put("lastTimestamp", e.lastTimestamp().toString()).put("name", e.name()).put("message", e.message()).put("type", e.type());
        }
    }

    private static void amounts(ObjectNode n, Amounts a) {
        n.put("cpu", a.cpu());
        n.put("memoryInGB", a.memoryInGB());
    }

    private static void ports(ArrayNode out, List<Port> ports) {
        ports.forEach(p -> out.addObject().put("port", p.port()).put("protocol", p.protocol()));
    }
}
