package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.EmbeddedChild;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code Microsoft.Network/routeTables} with {@code routes} kept inside; a table that subnets use cannot be deleted. */
final class RouteTableHandler extends NetworkTypeHandler {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Network", "routeTables");
    static final List<String> NEXT_HOPS = List.of("VirtualNetworkGateway", "VnetLocal", "Internet", "VirtualAppliance", "None");

    private final List<EmbeddedChild<NetworkSpec>> children;

    RouteTableHandler(NetworkProvider provider) {
        super(provider, TYPE);
        this.children = List.of(new ArrayChild(this, "routes", "routes", (id, spec) -> {}));
    }

    @Override
    public List<EmbeddedChild<NetworkSpec>> embeddedChildren() { return children; }

    @Override
    NetworkSpec normalize(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing) {
        ObjectNode props = Body.object(body, "properties", "properties");
        props.remove(List.of("provisioningState", "resourceGuid", "subnets"));
        ArrayNode routes = Body.NODES.arrayNode();
        Set<String> names = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        List<JsonNode> given = Body.array(props, "routes", "properties.routes");
        for (int i = 0; i < given.size(); i++) {
            String path = "properties.routes[" + i + "]";
            String name = Body.name(given.get(i), path);
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw ArmErrorCode.InvalidRequestContent.exception("Route '" + name + "' appears more than once.", path + ".name");
            }
            ObjectNode p = Body.object(given.get(i), "properties", path + ".properties");
            p.remove("provisioningState");
            String prefix = Body.text(p, "addressPrefix", path + ".properties.addressPrefix").orElseThrow(() -> Body.missing(path + ".properties.addressPrefix"));
            Cidr c = Cidr.require(prefix, id + "/routes/" + name, path + ".properties.addressPrefix");
            if (!prefixes.add(c.toString())) {
                throw ArmErrorCode.RouteConflict.exception("Route " + name + " conflicts with another route of route table " + id.name()
                        + ": both have the address prefix " + c + ".", path + ".properties.addressPrefix");
            }
            String hop = Body.oneOf(p, "nextHopType", path + ".properties.nextHopType", NEXT_HOPS).orElseThrow(() -> Body.missing(path + ".properties.nextHopType"));
            Optional<String> hopIp = Body.text(p, "nextHopIpAddress", path + ".properties.nextHopIpAddress");
            if (hop.equals("VirtualAppliance")) {
                String ip = hopIp.orElseThrow(() -> ArmErrorCode.InvalidRequestPropertyValue.exception("Route " + name
                        + " has nextHopType VirtualAppliance and needs a nextHopIpAddress.", path + ".properties.nextHopIpAddress"));
                if (Cidr.address(ip).isEmpty()) throw Cidr.notAnAddress(ip, path + ".properties.nextHopIpAddress");
            } else if (hopIp.isPresent() && !hopIp.get().isEmpty()) {
                throw ArmErrorCode.InvalidRequestPropertyValue.exception("Route " + name + " has nextHopType " + hop
                        + ", which takes no nextHopIpAddress.", path + ".properties.nextHopIpAddress");
            }
            p.put("addressPrefix", c.toString()).put("nextHopType", hop);
            ObjectNode out = Body.NODES.objectNode().put("name", name);
            out.set("properties", p);
            routes.add(out);
        }
        props.set("routes", routes);
        if (!props.has("disableBgpRoutePropagation")) props.put("disableBgpRoutePropagation", false);
        ObjectNode spec = Body.NODES.objectNode();
        spec.set("properties", props);
        return new NetworkSpec(spec);
    }

    @Override
    public void checkDelete(ResourceId id, NetworkSpec spec) {
        List<String> users = provider.subnetsUsingRouteTable(id);
        if (!users.isEmpty()) {
            throw ArmErrorCode.InUseRouteTableCannotBeDeleted.exception("Route table " + id + " is in use by subnet(s) " + String.join(", ", users)
                    + " and cannot be deleted. In order to delete the route table, remove the association with the subnet(s).");
        }
    }

    @Override
    ObjectNode render(ApiVersion version, ResourceId id, NetworkSpec spec) {
        ObjectNode props = spec.properties().deepCopy();
        if (newerShape(version)) props.put("resourceGuid", resourceGuid(id));
        ArrayNode routes = Body.NODES.arrayNode();
        for (JsonNode r : spec.properties().path("routes")) {
            String name = r.path("name").asText();
            ResourceId rid = childId(id, "routes", name);
            ObjectNode out = typed(Body.NODES.objectNode().put("name", name).put("id", rid.toString()).put("etag", etag(rid, new NetworkSpec((ObjectNode) r))),
                    version, TYPE + "/routes");
            ObjectNode p = ((ObjectNode) r.path("properties")).deepCopy();
            p.put("provisioningState", "Succeeded");
            out.set("properties", p);
            routes.add(out);
        }
        props.set("routes", routes);
        List<String> subnets = provider.subnetsUsingRouteTable(id);
        if (!subnets.isEmpty()) {
            ArrayNode a = props.putArray("subnets");
            subnets.forEach(s -> a.addObject().put("id", s));
        }
        ObjectNode n = Body.NODES.objectNode();
        n.set("properties", props);
        return n;
    }
}
