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
 * {@code Microsoft.Network/virtualNetworks} with its subnets kept inside ({@code .../subnets/{name}} is the same
 * state as {@code properties.subnets}). Address spaces must not overlap, each subnet must lie in one and not overlap
 * another, and a subnet that network interfaces use cannot be removed.
 */
final class VirtualNetworkHandler extends NetworkTypeHandler {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Network", "virtualNetworks");
    static final String SUBNETS = "subnets";

    private final List<EmbeddedChild<NetworkSpec>> children;

    VirtualNetworkHandler(NetworkProvider provider) {
        super(provider, TYPE);
        this.children = List.of(new ArrayChild(this, "subnets", SUBNETS, (id, spec) -> requireUnused(id)));
    }

    @Override
    public List<EmbeddedChild<NetworkSpec>> embeddedChildren() { return children; }

    @Override
    NetworkSpec normalize(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing) {
        ObjectNode props = Body.object(body, "properties", "properties");
        props.remove(List.of("provisioningState", "resourceGuid", "virtualNetworkPeerings"));
        ObjectNode space = Body.object(props, "addressSpace", "properties.addressSpace");
        List<String> prefixes = Body.texts(space, "addressPrefixes", "properties.addressSpace.addressPrefixes");
        if (prefixes.isEmpty()) throw Body.missing("properties.addressSpace.addressPrefixes");
        List<Cidr> spaces = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i++) {
            Cidr c = Cidr.require(prefixes.get(i), id.toString(), "properties.addressSpace.addressPrefixes[" + i + "]");
            for (Cidr other : spaces) {
                if (other.overlaps(c)) {
                    throw ArmErrorCode.VnetAddressSpacesOverlap.exception("Address space " + c + " of virtual network " + id.name()
                            + " overlaps with address space " + other + " of the same virtual network.", "properties.addressSpace.addressPrefixes");
                }
            }
            spaces.add(c);
        }
        space.set("addressPrefixes", Body.arrayOf(spaces.stream().map(Cidr::toString).toList()));
        props.set("addressSpace", space);
        ObjectNode dhcp = Body.object(props, "dhcpOptions", "properties.dhcpOptions");
        List<String> dns = Body.texts(dhcp, "dnsServers", "properties.dhcpOptions.dnsServers");
        for (String d : dns) if (Cidr.address(d).isEmpty()) throw Cidr.notAnAddress(d, "properties.dhcpOptions.dnsServers");
        if (props.has("dhcpOptions")) props.set("dhcpOptions", dhcp);

        ArrayNode subnets = Body.NODES.arrayNode();
        List<Cidr> taken = new ArrayList<>();
        List<String> takenBy = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> given = Body.array(props, SUBNETS, "properties.subnets");
        for (int i = 0; i < given.size(); i++) {
            String path = "properties.subnets[" + i + "]";
            JsonNode s = given.get(i);
            String name = Body.name(s, path);
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw ArmErrorCode.InvalidRequestContent.exception("Subnet '" + name + "' appears more than once in virtual network " + id.name() + ".", path + ".name");
            }
            ObjectNode sp = Body.object(s, "properties", path + ".properties");
            sp.remove(List.of("provisioningState", "ipConfigurations", "ipConfigurationProfiles", "purpose"));
            List<String> own = new ArrayList<>(Body.texts(sp, "addressPrefixes", path + ".properties.addressPrefixes"));
            Body.text(sp, "addressPrefix", path + ".properties.addressPrefix").ifPresent(p -> own.add(0, p));
            if (own.isEmpty()) throw Body.missing(path + ".properties.addressPrefix");
            Cidr c = Cidr.require(own.get(0), id + "/subnets/" + name, path + ".properties.addressPrefix");
            if (spaces.stream().noneMatch(sp2 -> sp2.contains(c))) {
                throw ArmErrorCode.NetcfgSubnetRangeOutsideVnet.exception("Subnet '" + name + "' is not valid because its IP address range is outside the IP address range of virtual network '"
                        + id.name() + "'.", path + ".properties.addressPrefix");
            }
            for (int j = 0; j < taken.size(); j++) {
                if (taken.get(j).overlaps(c)) {
                    throw ArmErrorCode.NetcfgSubnetRangesOverlap.exception("Subnet '" + name + "' is not valid because its IP address range overlaps with that of an existing subnet '"
                            + takenBy.get(j) + "' in virtual network '" + id.name() + "'.", path + ".properties.addressPrefix");
                }
            }
            taken.add(c);
            takenBy.add(name);
            if (sp.has("addressPrefix") || !sp.has("addressPrefixes")) sp.put("addressPrefix", c.toString());
            ResourceId subnetId = childId(id, "subnets", name);
            Body.reference(sp, "networkSecurityGroup", path + ".properties.networkSecurityGroup").ifPresent(ref -> {
                if (stored().find(ref).isEmpty()) throw Body.notFoundReference(ref, subnetId);
                sp.set("networkSecurityGroup", Body.ref(ref));
            });
            Body.reference(sp, "routeTable", path + ".properties.routeTable").ifPresent(ref -> {
                if (stored().find(ref).isEmpty()) throw Body.notFoundReference(ref, subnetId);
                sp.set("routeTable", Body.ref(ref));
            });
            ObjectNode out = Body.NODES.objectNode().put("name", name);
            out.set("properties", sp);
            subnets.add(out);
        }
        // a PUT without a subnet removes it, as Azure does, unless something still uses it
        existing.ifPresent(old -> {
            for (String oldName : children.get(0).names(old)) {
                if (!names.contains(oldName.toLowerCase(Locale.ROOT))) requireUnused(childId(id, "subnets", oldName));
            }
        });
        props.set(SUBNETS, subnets);
        ObjectNode spec = Body.NODES.objectNode();
        spec.set("properties", props);
        return new NetworkSpec(spec);
    }

    private void requireUnused(ResourceId subnetId) {
        List<String> users = provider.usersOfSubnet(subnetId);
        if (!users.isEmpty()) {
            throw ArmErrorCode.InUseSubnetCannotBeDeleted.exception("Subnet " + subnetId.name() + " is in use by " + String.join(", ", users)
                    + " and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.");
        }
    }

    @Override
    public void checkDelete(ResourceId id, NetworkSpec spec) {
        for (String name : children.get(0).names(spec)) requireUnused(childId(id, "subnets", name));
    }

    @Override
    ObjectNode render(ApiVersion version, ResourceId id, NetworkSpec spec) {
        ObjectNode props = spec.properties().deepCopy();
        props.put("resourceGuid", resourceGuid(id));
        ArrayNode subnets = Body.NODES.arrayNode();
        for (JsonNode s : spec.properties().path(SUBNETS)) {
            String name = s.path("name").asText();
            ResourceId sid = childId(id, "subnets", name);
            ObjectNode out = Body.NODES.objectNode().put("name", name).put("id", sid.toString())
                    .put("etag", etag(sid, new NetworkSpec((ObjectNode) s)));
            ObjectNode sp = ((ObjectNode) s.path("properties")).deepCopy();
            sp.put("provisioningState", "Succeeded");
            if (version.compareTo(ApiVersion.parse("2022-01-01")) >= 0) {
                if (!sp.has("privateEndpointNetworkPolicies")) sp.put("privateEndpointNetworkPolicies", "Disabled");
                if (!sp.has("privateLinkServiceNetworkPolicies")) sp.put("privateLinkServiceNetworkPolicies", "Enabled");
            }
            ArrayNode users = Body.NODES.arrayNode();
            provider.ipConfigurationsIn(sid).forEach(u -> users.add(Body.NODES.objectNode().put("id", u)));
            if (!users.isEmpty()) sp.set("ipConfigurations", users);
            out.set("properties", sp);
            typed(out, version, TYPE + "/subnets");
            subnets.add(out);
        }
        props.set(SUBNETS, subnets);
        if (!props.has("virtualNetworkPeerings")) props.putArray("virtualNetworkPeerings");
        if (!props.has("enableDdosProtection")) props.put("enableDdosProtection", false);
        ObjectNode n = Body.NODES.objectNode();
        n.set("properties", props);
        return n;
    }
}
