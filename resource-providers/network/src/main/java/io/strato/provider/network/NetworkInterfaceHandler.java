package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.StoredResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Microsoft.Network/networkInterfaces}: IP configurations in a subnet, with static addresses checked and
 * dynamic ones allocated from the subnet ({@code .4} upwards). Allocation locks the virtual network's row first, so
 * two interfaces created at once in one network never get the same address.
 */
final class NetworkInterfaceHandler extends NetworkTypeHandler {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Network", "networkInterfaces");

    NetworkInterfaceHandler(NetworkProvider provider) {
        super(provider, TYPE);
    }

    @Override
    public int deleteRank() { return -30; }

    @Override
    NetworkSpec normalize(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing) {
        ObjectNode props = Body.object(body, "properties", "properties");
        props.remove(List.of("provisioningState", "resourceGuid", "macAddress", "virtualMachine", "primary", "hostedWorkloads", "tapConfigurations"));
        Body.reference(props, "networkSecurityGroup", "properties.networkSecurityGroup").ifPresent(ref -> {
            if (stored().find(ref).isEmpty()) throw Body.notFoundReference(ref, id);
            props.set("networkSecurityGroup", Body.ref(ref));
        });
        List<JsonNode> given = Body.array(props, "ipConfigurations", "properties.ipConfigurations");
        if (given.isEmpty()) throw Body.missing("properties.ipConfigurations");
        ArrayNode configs = Body.NODES.arrayNode();
        Set<String> names = new HashSet<>();
        Set<Long> mine = new HashSet<>();
        Set<String> natTaken = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String path = "properties.ipConfigurations[" + i + "]";
            String name = Body.name(given.get(i), path);
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw ArmErrorCode.InvalidRequestContent.exception("IP configuration '" + name + "' appears more than once.", path + ".name");
            }
            ResourceId configId = childId(id, "ipConfigurations", name);
            ObjectNode p = Body.object(given.get(i), "properties", path + ".properties");
            p.remove(List.of("provisioningState", "privateIPAddressPrefixLength"));
            ResourceId subnetId = Body.reference(p, "subnet", path + ".properties.subnet").orElseThrow(() -> Body.missing(path + ".properties.subnet.id"));
            // the lock that serializes allocation in this network
            StoredResource vnet = stored().findForUpdate(subnetId.parent()).orElseThrow(() -> Body.notFoundReference(subnetId, id));
            Cidr subnet = provider.subnetPrefix(vnet, subnetId).orElseThrow(() -> Body.notFoundReference(subnetId, id));
            p.set("subnet", Body.ref(subnetId));
            String method = Body.oneOf(p, "privateIPAllocationMethod", path + ".properties.privateIPAllocationMethod", List.of("Dynamic", "Static"))
                    .orElse(Body.text(p, "privateIPAddress", path).isPresent() ? "Static" : "Dynamic");
            Body.oneOf(p, "privateIPAddressVersion", path + ".properties.privateIPAddressVersion", List.of("IPv4"))
                    .ifPresent(v -> p.put("privateIPAddressVersion", v));
            Set<Long> used = provider.addressesInUse(subnetId, subnet, id);
            used.addAll(mine);
            long address;
            if (method.equals("Static")) {
                String text = Body.text(p, "privateIPAddress", path + ".properties.privateIPAddress").orElseThrow(() -> Body.missing(path + ".properties.privateIPAddress"));
                address = Cidr.address(text).orElseThrow(() -> Cidr.notAnAddress(text, path + ".properties.privateIPAddress"));
                if (!subnet.contains(address) || address < subnet.firstAssignable() || address > subnet.lastAssignable()) {
                    throw ArmErrorCode.PrivateIPAddressNotInSubnet.exception("IP configuration " + configId + " must reference the subnet " + subnetId
                            + " and have a private IP address in the assignable range of its prefix " + subnet + "; " + text + " is not.", path + ".properties.privateIPAddress");
                }
                if (used.contains(address)) {
                    throw ArmErrorCode.PrivateIPAddressInUse.exception("IP configuration " + configId + " is using the private IP address " + text
                            + " which is already allocated to another resource in subnet " + subnetId + ".", path + ".properties.privateIPAddress");
                }
            } else {
                Optional<Long> keep = existing.flatMap(old -> previous(old, name, subnetId)).filter(a -> !used.contains(a));
                address = keep.orElseGet(() -> {
                    for (long a = subnet.firstAssignable(); a <= subnet.lastAssignable(); a++) if (!used.contains(a)) return a;
                    throw ArmErrorCode.SubnetIsFull.exception("Subnet " + subnetId.name() + " with address prefix " + subnet
                            + " does not have enough capacity for 1 IP addresses.", path + ".properties.subnet");
                });
            }
            mine.add(address);
            p.put("privateIPAddress", Cidr.format(address)).put("privateIPAllocationMethod", method);
            if (!p.has("privateIPAddressVersion")) p.put("privateIPAddressVersion", "IPv4");
            Body.reference(p, "publicIPAddress", path + ".properties.publicIPAddress").ifPresent(ref -> {
                if (stored().find(ref).isEmpty()) throw Body.notFoundReference(ref, configId);
                provider.requirePublicAddressFree(ref, configId);
                p.set("publicIPAddress", Body.ref(ref));
            });
            for (String pools : List.of("loadBalancerBackendAddressPools", "loadBalancerInboundNatRules", "applicationGatewayBackendAddressPools")) {
                List<JsonNode> refs = Body.array(p, pools, path + ".properties." + pools);
                ArrayNode out = Body.NODES.arrayNode();
                for (int j = 0; j < refs.size(); j++) {
                    ResourceId ref = Body.reference(refs.get(j).isObject() ? Body.NODES.objectNode().set("r", refs.get(j)) : null, "r",
                            path + ".properties." + pools + "[" + j + "]").orElseThrow(() -> Body.missing(path + ".properties." + pools + ".id"));
                    if (pools.equals("loadBalancerBackendAddressPools") && stored().find(ref.parent()).isEmpty()) throw Body.notFoundReference(ref, configId);
                    out.add(Body.ref(ref));
                }
                if (p.has(pools)) p.set(pools, out);
            }
            backendPorts(configId, p, path, natTaken);
            ObjectNode out = Body.NODES.objectNode().put("name", name);
            out.set("properties", p);
            configs.add(out);
        }
        props.set("ipConfigurations", configs);
        ObjectNode dns = Body.object(props, "dnsSettings", "properties.dnsSettings");
        for (String d : Body.texts(dns, "dnsServers", "properties.dnsSettings.dnsServers")) {
            if (Cidr.address(d).isEmpty()) throw Cidr.notAnAddress(d, "properties.dnsSettings.dnsServers");
        }
        props.set("dnsSettings", dns);
        if (!props.has("enableIPForwarding")) props.put("enableIPForwarding", false);
        if (!props.has("enableAcceleratedNetworking")) props.put("enableAcceleratedNetworking", false);
        props.put("macAddress", mac(id));
        ObjectNode spec = Body.NODES.objectNode();
        spec.set("properties", props);
        return new NetworkSpec(spec);
    }

    /**
     * The inbound NAT rules an IP configuration names must exist, and each forwards to one configuration only; the
     * configuration's rules (NAT rules, and the load-balancing rules of its pools) must not share a backend port and
     * protocol ({@code RulesUseSameBackendPortProtocolAndIPConfig}, as Azure).
     */
    private void backendPorts(ResourceId configId, ObjectNode p, String path, Set<String> natTaken) {
        Map<String, String> ports = new HashMap<>();
        List<JsonNode> nat = new ArrayList<>();
        p.path("loadBalancerInboundNatRules").forEach(nat::add);
        for (int j = 0; j < nat.size(); j++) {
            String at = path + ".properties.loadBalancerInboundNatRules[" + j + "]";
            ResourceId ref = ResourceId.parse(nat.get(j).path("id").asText());
            JsonNode rule = ref.isResource() && ref.parent().isResource() && ref.parent().type().equals(LoadBalancerHandler.TYPE)
                    && ref.type().toString().toLowerCase(Locale.ROOT).endsWith("/inboundnatrules")
                    ? stored().find(ref.parent()).map(lb -> named(NetworkProvider.props(lb).path("inboundNatRules"), ref.name())).orElse(null) : null;
            if (rule == null) throw Body.notFoundReference(ref, configId);
            Optional<String> other = provider.natRuleMember(ref).filter(m -> !m.equalsIgnoreCase(configId.toString()));
            if (other.isPresent() || !natTaken.add(ref.key())) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("Inbound NAT rule " + ref + " already forwards to IP configuration "
                        + other.orElse(configId.toString()) + "; a rule forwards to one IP configuration only.", at);
            }
            claim(ports, rule.path("properties"), ref, configId, at);
        }
        List<JsonNode> pools = new ArrayList<>();
        p.path("loadBalancerBackendAddressPools").forEach(pools::add);
        for (int j = 0; j < pools.size(); j++) {
            ResourceId pool = ResourceId.parse(pools.get(j).path("id").asText());
            Optional<StoredResource> lb = stored().find(pool.parent());
            if (lb.isEmpty()) continue;
            for (JsonNode r : NetworkProvider.props(lb.get()).path("loadBalancingRules")) {
                JsonNode rp = r.path("properties");
                if (rp.path("enableFloatingIP").asBoolean(false) || !rp.path("backendAddressPool").path("id").asText().equalsIgnoreCase(pool.toString())) continue;
                claim(ports, rp, pool.parent().child("loadBalancingRules", r.path("name").asText()), configId,
                        path + ".properties.loadBalancerBackendAddressPools[" + j + "]");
            }
        }
    }

    private static void claim(Map<String, String> ports, JsonNode rule, ResourceId ruleId, ResourceId configId, String path) {
        String protocol = rule.path("protocol").asText("Tcp");
        for (String proto : protocol.equalsIgnoreCase("All") ? List.of("Tcp", "Udp") : List.of(protocol)) {
            String before = ports.put(proto.toLowerCase(Locale.ROOT) + "/" + rule.path("backendPort").asInt(), ruleId.toString());
            if (before != null && !before.equalsIgnoreCase(ruleId.toString())) {
                throw ArmErrorCode.RulesUseSameBackendPortProtocolAndIPConfig.exception("Load balancer rules " + before + " and " + ruleId
                        + " with floating IP disabled use the same backend port " + rule.path("backendPort").asInt() + " and protocol " + proto
                        + ", and must not be used with the same backend IP " + configId + ".", path);
            }
        }
    }

    private static JsonNode named(JsonNode array, String name) {
        for (JsonNode e : array) if (e.path("name").asText().equalsIgnoreCase(name)) return e;
        return null;
    }

    private static Optional<Long> previous(NetworkSpec old, String configName, ResourceId subnetId) {
        for (JsonNode c : old.properties().path("ipConfigurations")) {
            if (c.path("name").asText().equalsIgnoreCase(configName)
                    && c.path("properties").path("subnet").path("id").asText().equalsIgnoreCase(subnetId.toString())) {
                return Cidr.address(c.path("properties").path("privateIPAddress").asText());
            }
        }
        return Optional.empty();
    }

    /** A stable, locally administered MAC derived from the id: the same interface keeps its MAC across restarts. */
    static String mac(ResourceId id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.key().getBytes(StandardCharsets.UTF_8));
            return String.format("02-%02X-%02X-%02X-%02X-%02X", h[0], h[1], h[2], h[3], h[4]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void checkDelete(ResourceId id, NetworkSpec spec) {
        List<String> users = provider.workloadsUsing(id);
        if (!users.isEmpty()) {
            throw ArmErrorCode.NicInUse.exception("Network Interface " + id + " is used by existing resource " + users.get(0)
                    + ". In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.");
        }
    }

    @Override
    ObjectNode render(ApiVersion version, ResourceId id, NetworkSpec spec) {
        ObjectNode props = spec.properties().deepCopy();
        props.put("resourceGuid", resourceGuid(id));
        ArrayNode configs = Body.NODES.arrayNode();
        boolean first = true;
        for (JsonNode c : spec.properties().path("ipConfigurations")) {
            String name = c.path("name").asText();
            ResourceId cid = childId(id, "ipConfigurations", name);
            ObjectNode out = Body.NODES.objectNode().put("name", name).put("id", cid.toString()).put("etag", etag(cid, new NetworkSpec((ObjectNode) c)));
            typed(out, version, TYPE + "/ipConfigurations");
            ObjectNode p = ((ObjectNode) c.path("properties")).deepCopy();
            p.put("provisioningState", "Succeeded");
            if (!p.has("primary")) p.put("primary", first);
            out.set("properties", p);
            configs.add(out);
            first = false;
        }
        props.set("ipConfigurations", configs);
        ObjectNode dns = props.with("dnsSettings");
        if (!dns.has("dnsServers")) dns.putArray("dnsServers");
        if (!dns.has("appliedDnsServers")) dns.set("appliedDnsServers", dns.get("dnsServers").deepCopy());
        dns.put("internalDomainNameSuffix", resourceGuid(id).replace("-", "").substring(0, 20) + ".internal.strato");
        List<String> users = provider.workloadsUsing(id);
        if (!users.isEmpty()) props.set("virtualMachine", Body.NODES.objectNode().put("id", users.get(0)));
        props.put("primary", true);
        if (newerShape(version)) props.put("nicType", "Standard");
        ObjectNode n = Body.NODES.objectNode();
        n.set("properties", props);
        return n;
    }
}
