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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Microsoft.Network/loadBalancers}: frontend IP configurations (a public address, or a private one in a
 * subnet), backend pools that network interfaces join, probes and load-balancing rules, each part also reachable on
 * its own child URL. Rules must name parts of the same balancer, and two rules cannot share a frontend, protocol and port.
 */
final class LoadBalancerHandler extends NetworkTypeHandler {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Network", "loadBalancers");
    static final List<String> PARTS = List.of("frontendIPConfigurations", "backendAddressPools", "probes", "loadBalancingRules", "inboundNatRules", "outboundRules");

    private final List<EmbeddedChild<NetworkSpec>> children = new ArrayList<>();

    LoadBalancerHandler(NetworkProvider provider) {
        super(provider, TYPE);
        for (String part : PARTS) children.add(new ArrayChild(this, part, part, (id, spec) -> {}));
    }

    @Override
    public List<EmbeddedChild<NetworkSpec>> embeddedChildren() { return children; }

    @Override
    public int deleteRank() { return -20; }

    @Override
    NetworkSpec normalize(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing) {
        ObjectNode sku = Body.object(body, "sku", "sku");
        sku.put("name", Body.oneOf(sku, "name", "sku.name", List.of("Basic", "Standard", "Gateway")).orElse("Basic"));
        sku.put("tier", Body.oneOf(sku, "tier", "sku.tier", List.of("Regional", "Global")).orElse("Regional"));
        ObjectNode props = Body.object(body, "properties", "properties");
        props.remove(List.of("provisioningState", "resourceGuid"));
        Map<String, Set<String>> names = new java.util.HashMap<>();
        for (String part : PARTS) {
            Set<String> seen = new HashSet<>();
            ArrayNode out = Body.NODES.arrayNode();
            List<JsonNode> given = Body.array(props, part, "properties." + part);
            for (int i = 0; i < given.size(); i++) {
                String path = "properties." + part + "[" + i + "]";
                String name = Body.name(given.get(i), path);
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw ArmErrorCode.InvalidRequestContent.exception("'" + name + "' appears more than once in " + part + ".", path + ".name");
                }
                ObjectNode p = Body.object(given.get(i), "properties", path + ".properties");
                p.remove(List.of("provisioningState", "backendIPConfigurations", "backendIPConfiguration", "loadBalancingRules", "inboundNatRules", "outboundRules", "inboundNatPools", "loadBalancerBackendAddresses"));
                ObjectNode e = Body.NODES.objectNode().put("name", name);
                e.set("properties", p);
                out.add(e);
            }
            names.put(part, seen);
            props.set(part, out);
        }
        for (JsonNode f : props.path("frontendIPConfigurations")) frontend(id, (ObjectNode) f.path("properties"), f.path("name").asText());
        for (JsonNode p : props.path("probes")) {
            ObjectNode pp = (ObjectNode) p.path("properties");
            String path = "properties.probes[" + p.path("name").asText() + "]";
            pp.put("protocol", Body.oneOf(pp, "protocol", path + ".protocol", List.of("Tcp", "Http", "Https")).orElseThrow(() -> Body.missing(path + ".properties.protocol")));
            pp.put("port", port(pp, "port", path));
            pp.put("intervalInSeconds", Body.integer(pp, "intervalInSeconds", path).orElse(15));
            pp.put("numberOfProbes", Body.integer(pp, "numberOfProbes", path).orElse(2));
        }
        Set<String> frontendPorts = new HashSet<>();
        for (JsonNode r : props.path("loadBalancingRules")) {
            ObjectNode rp = (ObjectNode) r.path("properties");
            String name = r.path("name").asText();
            String path = "properties.loadBalancingRules[" + name + "]";
            String protocol = Body.oneOf(rp, "protocol", path + ".protocol", List.of("Tcp", "Udp", "All")).orElseThrow(() -> Body.missing(path + ".properties.protocol"));
            rp.put("protocol", protocol);
            int fp = port(rp, "frontendPort", path);
            rp.put("frontendPort", fp);
            rp.put("backendPort", Body.integer(rp, "backendPort", path).orElse(fp));
            if (!rp.has("idleTimeoutInMinutes")) rp.put("idleTimeoutInMinutes", 4);
            if (!rp.has("enableFloatingIP")) rp.put("enableFloatingIP", false);
            if (!rp.has("loadDistribution")) rp.put("loadDistribution", "Default");
            ResourceId fe = own(id, rp, "frontendIPConfiguration", "frontendIPConfigurations", names, path, true);
            own(id, rp, "backendAddressPool", "backendAddressPools", names, path, false);
            own(id, rp, "probe", "probes", names, path, false);
            claimFrontendPort(frontendPorts, id, "Load balancing rule", name, fe, protocol, fp, path);
        }
        for (JsonNode r : props.path("inboundNatRules")) {
            ObjectNode rp = (ObjectNode) r.path("properties");
            String name = r.path("name").asText();
            String path = "properties.inboundNatRules[" + name + "]";
            ResourceId fe = own(id, rp, "frontendIPConfiguration", "frontendIPConfigurations", names, path, true);
            String protocol = Body.oneOf(rp, "protocol", path + ".protocol", List.of("Tcp", "Udp", "All")).orElse("Tcp");
            rp.put("protocol", protocol);
            int fp = port(rp, "frontendPort", path);
            rp.put("frontendPort", fp);
            int bp = Body.integer(rp, "backendPort", path + ".backendPort").orElse(fp);
            if (bp < 1 || bp > 65535) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("The value " + bp + " of backendPort is not a port (1-65535).", path + ".backendPort");
            }
            rp.put("backendPort", bp);
            if (!rp.has("idleTimeoutInMinutes")) rp.put("idleTimeoutInMinutes", 4);
            if (!rp.has("enableFloatingIP")) rp.put("enableFloatingIP", false);
            if (!rp.has("enableTcpReset")) rp.put("enableTcpReset", false);
            claimFrontendPort(frontendPorts, id, "Inbound NAT rule", name, fe, protocol, fp, path);
        }
        ObjectNode spec = Body.NODES.objectNode();
        spec.set("sku", sku);
        spec.set("properties", props);
        return new NetworkSpec(spec);
    }

    /** One frontend, protocol and port serve one rule (load-balancing or inbound NAT); {@code All} takes both TCP and UDP. */
    private static void claimFrontendPort(Set<String> taken, ResourceId lb, String kind, String name, ResourceId frontend, String protocol, int port, String path) {
        for (String p : protocol.equals("All") ? List.of("Tcp", "Udp") : List.of(protocol)) {
            if (!taken.add(frontend.name().toLowerCase(Locale.ROOT) + "/" + p + "/" + port)) {
                throw ArmErrorCode.LoadBalancerRuleConflict.exception(kind + " " + name + " uses frontend " + frontend.name() + ", protocol " + p
                        + " and port " + port + ", which another rule of load balancer " + lb.name() + " already uses.", path);
            }
        }
    }

    private void frontend(ResourceId lb, ObjectNode p, String name) {
        String path = "properties.frontendIPConfigurations[" + name + "].properties";
        ResourceId configId = childId(lb, "frontendIPConfigurations", name);
        Optional<ResourceId> pip = Body.reference(p, "publicIPAddress", path + ".publicIPAddress");
        Optional<ResourceId> subnet = Body.reference(p, "subnet", path + ".subnet");
        if (pip.isEmpty() && subnet.isEmpty()) throw Body.missing(path + ".publicIPAddress.id");
        if (pip.isPresent()) {
            if (stored().find(pip.get()).isEmpty()) throw Body.notFoundReference(pip.get(), configId);
            provider.requirePublicAddressFree(pip.get(), configId);
            p.set("publicIPAddress", Body.ref(pip.get()));
        } else {
            var vnet = stored().findForUpdate(subnet.get().parent()).orElseThrow(() -> Body.notFoundReference(subnet.get(), configId));
            Cidr c = provider.subnetPrefix(vnet, subnet.get()).orElseThrow(() -> Body.notFoundReference(subnet.get(), configId));
            var used = provider.addressesInUse(subnet.get(), c, lb);
            long address = Body.text(p, "privateIPAddress", path + ".privateIPAddress").map(t -> {
                long a = Cidr.address(t).orElseThrow(() -> Cidr.notAnAddress(t, path + ".privateIPAddress"));
                if (!c.contains(a)) throw ArmErrorCode.PrivateIPAddressNotInSubnet.exception("The private IP address " + t + " of " + configId + " is not in subnet " + subnet.get() + ".", path + ".privateIPAddress");
                if (used.contains(a)) throw ArmErrorCode.PrivateIPAddressInUse.exception("The private IP address " + t + " of " + configId + " is already in use in subnet " + subnet.get() + ".", path + ".privateIPAddress");
                return a;
            }).orElseGet(() -> {
                for (long a = c.firstAssignable(); a <= c.lastAssignable(); a++) if (!used.contains(a)) return a;
                throw ArmErrorCode.SubnetIsFull.exception("Subnet " + subnet.get().name() + " has no free address.", path + ".subnet");
            });
            p.put("privateIPAddress", Cidr.format(address));
            if (!p.has("privateIPAllocationMethod")) p.put("privateIPAllocationMethod", "Dynamic");
            p.set("subnet", Body.ref(subnet.get()));
        }
    }

    private static int port(ObjectNode p, String field, String path) {
        int port = Body.integer(p, field, path + "." + field).orElseThrow(() -> Body.missing(path + ".properties." + field));
        if (port < 0 || port > 65535) {
            throw ArmErrorCode.InvalidRequestPropertyValue.exception("The value " + port + " of " + field + " is not a port (0-65535).", path + "." + field);
        }
        return port;
    }

    /** A reference from one part of the balancer to another, which must exist in the same balancer. */
    private static ResourceId own(ResourceId lb, ObjectNode p, String field, String part, Map<String, Set<String>> names, String path, boolean required) {
        Optional<ResourceId> ref = Body.reference(p, field, path + "." + field);
        if (ref.isEmpty()) {
            if (required) throw Body.missing(path + ".properties." + field + ".id");
            return null;
        }
        ResourceId r = ref.get();
        if (!r.parent().equals(lb) || !names.get(part).contains(r.name().toLowerCase(Locale.ROOT))) throw Body.notFoundReference(r, lb);
        p.set(field, Body.ref(childId(lb, part, r.name())));
        return r;
    }

    @Override
    ObjectNode render(ApiVersion version, ResourceId id, NetworkSpec spec) {
        ObjectNode n = spec.body().deepCopy();
        ObjectNode props = n.with("properties");
        props.put("resourceGuid", resourceGuid(id));
        for (String part : PARTS) {
            ArrayNode out = Body.NODES.arrayNode();
            for (JsonNode e : spec.properties().path(part)) {
                String name = e.path("name").asText();
                ResourceId cid = childId(id, part, name);
                ObjectNode o = Body.NODES.objectNode().put("name", name).put("id", cid.toString()).put("etag", etag(cid, new NetworkSpec((ObjectNode) e)));
                typed(o, version, TYPE + "/" + part);
                ObjectNode p = ((ObjectNode) e.path("properties")).deepCopy();
                p.put("provisioningState", "Succeeded");
                if (part.equals("backendAddressPools")) {
                    List<String> members = provider.poolMembers(cid);
                    if (!members.isEmpty()) {
                        ArrayNode a = p.putArray("backendIPConfigurations");
                        members.forEach(m -> a.addObject().put("id", m));
                    }
                }
                if (part.equals("inboundNatRules")) {
                    provider.natRuleMember(cid).ifPresent(m -> p.set("backendIPConfiguration", Body.NODES.objectNode().put("id", m)));
                }
                if (part.equals("frontendIPConfigurations")) {
                    ArrayNode nat = Body.NODES.arrayNode();
                    for (JsonNode r : spec.properties().path("inboundNatRules")) {
                        if (r.path("properties").path("frontendIPConfiguration").path("id").asText().equalsIgnoreCase(cid.toString())) {
                            nat.addObject().put("id", childId(id, "inboundNatRules", r.path("name").asText()).toString());
                        }
                    }
                    if (!nat.isEmpty()) p.set("inboundNatRules", nat);
                }
                if (part.equals("frontendIPConfigurations") || part.equals("backendAddressPools") || part.equals("probes")) {
                    ArrayNode rules = Body.NODES.arrayNode();
                    String field = part.equals("frontendIPConfigurations") ? "frontendIPConfiguration" : part.equals("probes") ? "probe" : "backendAddressPool";
                    for (JsonNode r : spec.properties().path("loadBalancingRules")) {
                        if (r.path("properties").path(field).path("id").asText().equalsIgnoreCase(cid.toString())) {
                            rules.addObject().put("id", childId(id, "loadBalancingRules", r.path("name").asText()).toString());
                        }
                    }
                    if (!rules.isEmpty()) p.set("loadBalancingRules", rules);
                }
                o.set("properties", p);
                out.add(o);
            }
            props.set(part, out);
        }
        if (!props.has("inboundNatPools")) props.putArray("inboundNatPools");
        return n;
    }
}
