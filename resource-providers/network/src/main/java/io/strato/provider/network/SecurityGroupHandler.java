package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.EmbeddedChild;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Microsoft.Network/networkSecurityGroups} with {@code securityRules} kept inside, and Azure's six default
 * rules rendered as {@code defaultSecurityRules}. Priorities are 100-4096 and unique per direction; a group that a
 * subnet or network interface uses cannot be deleted.
 */
final class SecurityGroupHandler extends NetworkTypeHandler {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Network", "networkSecurityGroups");
    static final List<String> PROTOCOLS = List.of("Tcp", "Udp", "Icmp", "Esp", "Ah", "*");

    /** Azure's default rules: name, priority, direction, access, source, destination. */
    record DefaultRule(String name, int priority, String direction, String access, String source, String destination, String description) {}

    static final List<DefaultRule> DEFAULT_RULES = List.of(
            new DefaultRule("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork", "Allow inbound traffic from all VMs in VNET"),
            new DefaultRule("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*", "Allow inbound traffic from azure load balancer"),
            new DefaultRule("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*", "Deny all inbound traffic"),
            new DefaultRule("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork", "Allow outbound traffic from all VMs to all VMs in VNET"),
            new DefaultRule("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet", "Allow outbound traffic from all VMs to Internet"),
            new DefaultRule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*", "Deny all outbound traffic"));

    private final List<EmbeddedChild<NetworkSpec>> children;

    SecurityGroupHandler(NetworkProvider provider) {
        super(provider, TYPE);
        this.children = List.of(new ArrayChild(this, "securityRules", "securityRules", (id, spec) -> {}));
    }

    @Override
    public List<EmbeddedChild<NetworkSpec>> embeddedChildren() { return children; }

    @Override
    NetworkSpec normalize(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing) {
        ObjectNode props = Body.object(body, "properties", "properties");
        props.remove(List.of("provisioningState", "resourceGuid", "defaultSecurityRules", "networkInterfaces", "subnets"));
        ArrayNode rules = Body.NODES.arrayNode();
        List<JsonNode> given = Body.array(props, "securityRules", "properties.securityRules");
        Set<String> names = new HashSet<>();
        List<ObjectNode> seen = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String path = "properties.securityRules[" + i + "]";
            String name = Body.name(given.get(i), path);
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw ArmErrorCode.InvalidRequestContent.exception("Security rule '" + name + "' appears more than once.", path + ".name");
            }
            ObjectNode rp = rule(name, Body.object(given.get(i), "properties", path + ".properties"), path + ".properties");
            for (ObjectNode other : seen) {
                if (other.path("properties").path("priority").asInt() == rp.path("priority").asInt()
                        && other.path("properties").path("direction").asText().equals(rp.path("direction").asText())) {
                    throw ArmErrorCode.SecurityRuleConflict.exception("Security rule " + other.path("name").asText() + " conflicts with rule " + name
                            + ". Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.", path + ".properties.priority");
                }
            }
            ObjectNode out = Body.NODES.objectNode().put("name", name);
            out.set("properties", rp);
            seen.add(out);
            rules.add(out);
        }
        props.set("securityRules", rules);
        ObjectNode spec = Body.NODES.objectNode();
        spec.set("properties", props);
        return new NetworkSpec(spec);
    }

    private static ObjectNode rule(String name, ObjectNode p, String path) {
        p.remove("provisioningState");
        String protocol = Body.oneOf(p, "protocol", path + ".protocol", PROTOCOLS).orElseThrow(() -> Body.missing(path + ".protocol"));
        String access = Body.oneOf(p, "access", path + ".access", List.of("Allow", "Deny")).orElseThrow(() -> Body.missing(path + ".access"));
        String direction = Body.oneOf(p, "direction", path + ".direction", List.of("Inbound", "Outbound")).orElseThrow(() -> Body.missing(path + ".direction"));
        int priority = Body.integer(p, "priority", path + ".priority").orElseThrow(() -> Body.missing(path + ".priority"));
        if (priority < 100 || priority > 4096) {
            throw ArmErrorCode.SecurityRuleInvalidPriority.exception("Security rule " + name + " has invalid Priority. Value provided: " + priority
                    + " Allowed range 100-4096.", path + ".priority");
        }
        p.put("protocol", protocol).put("access", access).put("direction", direction).put("priority", priority);
        for (String side : List.of("source", "destination")) {
            List<String> ports = new ArrayList<>(Body.texts(p, side + "PortRanges", path + "." + side + "PortRanges"));
            Body.text(p, side + "PortRange", path + "." + side + "PortRange").ifPresent(ports::add);
            if (ports.isEmpty()) ports.add("*");
            for (String r : ports) requirePortRange(name, r, path + "." + side + "PortRange");
            List<String> prefixes = new ArrayList<>(Body.texts(p, side + "AddressPrefixes", path + "." + side + "AddressPrefixes"));
            Body.text(p, side + "AddressPrefix", path + "." + side + "AddressPrefix").ifPresent(prefixes::add);
            boolean groups = p.has(side.equals("source") ? "sourceApplicationSecurityGroups" : "destinationApplicationSecurityGroups");
            if (prefixes.isEmpty() && !groups) prefixes.add("*");
            for (String a : prefixes) requirePrefix(name, a, path + "." + side + "AddressPrefix");
            if (!p.has(side + "PortRanges") || ports.size() == 1) {
                p.put(side + "PortRange", ports.get(0));
                p.remove(side + "PortRanges");
            }
            if (p.has(side + "PortRanges")) p.set(side + "PortRanges", Body.arrayOf(ports));
            if (!prefixes.isEmpty() && (!p.has(side + "AddressPrefixes") || prefixes.size() == 1)) {
                p.put(side + "AddressPrefix", prefixes.get(0));
                p.remove(side + "AddressPrefixes");
            }
        }
        return p;
    }

    private static void requirePortRange(String rule, String range, String target) {
        String r = range.trim();
        if (r.equals("*")) return;
        String[] parts = r.split("-", -1);
        boolean ok = parts.length <= 2;
        int lo = -1, hi = -1;
        try {
            lo = Integer.parseInt(parts[0].trim());
            hi = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : lo;
        } catch (NumberFormatException e) {
            ok = false;
        }
        if (!ok || lo < 0 || hi > 65535 || lo > hi) {
            throw ArmErrorCode.SecurityRuleInvalidPortRange.exception("Security rule " + rule + " has invalid Port range. Value provided: " + range
                    + ". Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.", target);
        }
    }

    static final List<String> SERVICE_TAGS = List.of("*", "VirtualNetwork", "AzureLoadBalancer", "Internet");

    private static void requirePrefix(String rule, String prefix, String target) {
        String p = prefix.trim();
        if (SERVICE_TAGS.stream().anyMatch(t -> t.equalsIgnoreCase(p))) return;
        if (Cidr.address(p).isPresent() || Cidr.tryParse(p).isPresent()) return;
        if (p.matches("[A-Za-z][A-Za-z0-9.]*")) return; // other service tags (Storage, Sql.WestEurope) are accepted and match nothing here
        throw ArmErrorCode.SecurityRuleInvalidAddressPrefix.exception("Security rule " + rule + " has invalid Address prefix. Value provided: " + prefix + ".", target);
    }

    @Override
    public void checkDelete(ResourceId id, NetworkSpec spec) {
        List<String> users = provider.usersOfSecurityGroup(id);
        if (!users.isEmpty()) {
            throw ArmErrorCode.InUseNetworkSecurityGroupCannotBeDeleted.exception("Network security group " + id + " cannot be deleted because it is in use by the following resources: "
                    + String.join(", ", users) + ". In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.");
        }
    }

    @Override
    ObjectNode render(ApiVersion version, ResourceId id, NetworkSpec spec) {
        ObjectNode props = spec.properties().deepCopy();
        props.put("resourceGuid", resourceGuid(id));
        ArrayNode rules = Body.NODES.arrayNode();
        for (JsonNode r : spec.properties().path("securityRules")) rules.add(ruleResponse(version, id, "securityRules", r.path("name").asText(), (ObjectNode) r.path("properties")));
        props.set("securityRules", rules);
        ArrayNode defaults = Body.NODES.arrayNode();
        for (DefaultRule d : DEFAULT_RULES) {
            ObjectNode p = Body.NODES.objectNode().put("description", d.description()).put("protocol", "*").put("sourcePortRange", "*")
                    .put("destinationPortRange", "*").put("sourceAddressPrefix", d.source()).put("destinationAddressPrefix", d.destination())
                    .put("access", d.access()).put("priority", d.priority()).put("direction", d.direction());
            p.putArray("sourcePortRanges");
            p.putArray("destinationPortRanges");
            p.putArray("sourceAddressPrefixes");
            p.putArray("destinationAddressPrefixes");
            defaults.add(ruleResponse(version, id, "defaultSecurityRules", d.name(), p));
        }
        props.set("defaultSecurityRules", defaults);
        List<String> nics = provider.interfacesUsingSecurityGroup(id);
        if (!nics.isEmpty()) {
            ArrayNode a = props.putArray("networkInterfaces");
            nics.forEach(n -> a.addObject().put("id", n));
        }
        List<String> subnets = provider.subnetsUsingSecurityGroup(id);
        if (!subnets.isEmpty()) {
            ArrayNode a = props.putArray("subnets");
            subnets.forEach(n -> a.addObject().put("id", n));
        }
        ObjectNode n = Body.NODES.objectNode();
        n.set("properties", props);
        return n;
    }

    private static ObjectNode ruleResponse(ApiVersion version, ResourceId nsg, String kind, String name, ObjectNode p) {
        ResourceId rid = childId(nsg, kind, name);
        ObjectNode out = typed(Body.NODES.objectNode().put("name", name).put("id", rid.toString()).put("etag", etag(rid, new NetworkSpec(p))),
                version, TYPE + "/" + kind);
        ObjectNode props = p.deepCopy();
        props.put("provisioningState", "Succeeded");
        for (String side : List.of("source", "destination")) {
            if (!props.has(side + "PortRanges")) props.putArray(side + "PortRanges");
            if (!props.has(side + "AddressPrefixes")) props.putArray(side + "AddressPrefixes");
        }
        out.set("properties", props);
        return out;
    }
}
