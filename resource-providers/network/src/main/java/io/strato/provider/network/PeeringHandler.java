package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.StoredResource;
import java.util.List;
import java.util.Optional;

/**
 * {@code Microsoft.Network/virtualNetworks/virtualNetworkPeerings}, stored as child rows. A peering is
 * {@code Initiated} until the remote network peers back, then {@code Connected}; the two address spaces must not overlap.
 */
final class PeeringHandler extends NetworkTypeHandler {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Network", "virtualNetworks", "virtualNetworkPeerings");

    PeeringHandler(NetworkProvider provider) {
        super(provider, TYPE);
    }

    @Override
    public boolean hasLocation() { return false; }

    @Override
    public int deleteRank() { return -5; }

    @Override
    NetworkSpec normalize(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing) {
        ObjectNode props = Body.object(body, "properties", "properties");
        props.remove(List.of("provisioningState", "peeringState", "remoteAddressSpace", "resourceGuid", "peeringSyncLevel"));
        ResourceId remote = Body.reference(props, "remoteVirtualNetwork", "properties.remoteVirtualNetwork")
                .orElseThrow(() -> Body.missing("properties.remoteVirtualNetwork.id"));
        StoredResource remoteNet = stored().find(remote).orElseThrow(() -> Body.notFoundReference(remote, id));
        StoredResource local = stored().find(id.parent()).orElseThrow(() -> Body.notFoundReference(id.parent(), id));
        for (Cidr a : provider.addressSpace(local)) {
            for (Cidr b : provider.addressSpace(remoteNet)) {
                if (a.overlaps(b)) {
                    throw ArmErrorCode.VnetAddressSpacesOverlap.exception("Cannot create or update peering " + id + ". Virtual networks " + id.parent()
                            + " and " + remote + " cannot be peered because their address spaces overlap. Overlapping address prefixes: " + a + ", " + b + ".");
                }
            }
        }
        props.set("remoteVirtualNetwork", Body.ref(remote));
        for (String flag : List.of("allowVirtualNetworkAccess")) if (!props.has(flag)) props.put(flag, true);
        for (String flag : List.of("allowForwardedTraffic", "allowGatewayTransit", "useRemoteGateways")) if (!props.has(flag)) props.put(flag, false);
        ObjectNode spec = Body.NODES.objectNode();
        spec.set("properties", props);
        return new NetworkSpec(spec);
    }

    /** The 2018-11-01 schema of a peering has no {@code type}; the server leaves it out at the versions shaped so. */
    @Override
    public boolean hasType(ApiVersion version) { return newerShape(apiVersions().shapeFor(version)); }

    @Override
    ObjectNode render(ApiVersion version, ResourceId id, NetworkSpec spec) {
        ObjectNode props = spec.properties().deepCopy();
        ResourceId remote = ResourceId.parse(props.path("remoteVirtualNetwork").path("id").asText());
        boolean back = provider.peersBack(remote, id.parent());
        props.put("peeringState", back ? "Connected" : "Initiated");
        if (newerShape(version)) props.put("peeringSyncLevel", "FullyInSync");
        provider.stored().find(remote).ifPresent(r -> props.set("remoteAddressSpace", Body.NODES.objectNode()
                .set("addressPrefixes", Body.arrayOf(provider.addressSpace(r).stream().map(Cidr::toString).toList()))));
        if (newerShape(version)) props.put("resourceGuid", resourceGuid(id));
        ObjectNode n = Body.NODES.objectNode();
        n.set("properties", props);
        return n;
    }
}
