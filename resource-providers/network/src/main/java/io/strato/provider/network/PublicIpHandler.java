package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * {@code Microsoft.Network/publicIPAddresses}: an address from the appliance's public pool
 * ({@value NetworkProvider#PUBLIC_POOL_SETTING}), kept for the life of the resource. The host routes it to the
 * virtual network of the interface or load balancer that uses it.
 */
final class PublicIpHandler extends NetworkTypeHandler {
    static final ResourceType TYPE = ResourceType.of("Microsoft.Network", "publicIPAddresses");

    PublicIpHandler(NetworkProvider provider) {
        super(provider, TYPE);
    }

    @Override
    public int deleteRank() { return -10; }

    @Override
    NetworkSpec normalize(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing) {
        ObjectNode sku = Body.object(body, "sku", "sku");
        String skuName = Body.oneOf(sku, "name", "sku.name", List.of("Basic", "Standard")).orElse("Basic");
        sku.put("name", skuName);
        sku.put("tier", Body.oneOf(sku, "tier", "sku.tier", List.of("Regional", "Global")).orElse("Regional"));
        ObjectNode props = Body.object(body, "properties", "properties");
        props.remove(List.of("provisioningState", "resourceGuid", "ipConfiguration", "ipAddress"));
        String method = Body.oneOf(props, "publicIPAllocationMethod", "properties.publicIPAllocationMethod", List.of("Static", "Dynamic"))
                .orElse(skuName.equals("Standard") ? "Static" : "Dynamic");
        if (skuName.equals("Standard") && method.equals("Dynamic")) {
            throw ArmErrorCode.InvalidRequestPropertyValue.exception("Standard sku publicIp " + id + " must have AllocationMethod set to Static.",
                    "properties.publicIPAllocationMethod");
        }
        props.put("publicIPAllocationMethod", method);
        props.put("publicIPAddressVersion", Body.oneOf(props, "publicIPAddressVersion", "properties.publicIPAddressVersion", List.of("IPv4")).orElse("IPv4"));
        props.put("idleTimeoutInMinutes", Body.integer(props, "idleTimeoutInMinutes", "properties.idleTimeoutInMinutes").orElse(4));
        ObjectNode dns = Body.object(props, "dnsSettings", "properties.dnsSettings");
        Body.text(dns, "domainNameLabel", "properties.dnsSettings.domainNameLabel").ifPresent(label ->
                dns.put("fqdn", label.toLowerCase(java.util.Locale.ROOT) + "." + provider.location() + ".cloudapp." + provider.dnsSuffix()));
        if (props.has("dnsSettings") || dns.size() > 0) props.set("dnsSettings", dns);
        String address = existing.map(old -> old.properties().path("ipAddress").asText(null))
                .orElseGet(() -> provider.allocatePublicAddress(id));
        props.put("ipAddress", address);
        ObjectNode spec = Body.NODES.objectNode();
        spec.set("sku", sku);
        spec.set("properties", props);
        if (body.has("zones") && body.get("zones").isArray()) spec.set("zones", body.get("zones"));
        return new NetworkSpec(spec);
    }

    @Override
    public void checkDelete(ResourceId id, NetworkSpec spec) {
        provider.publicAddressUser(id).ifPresent(user -> {
            throw ArmErrorCode.PublicIPAddressCannotBeDeleted.exception("Public IP address " + id + " can not be deleted since it is still allocated to resource "
                    + user + ". In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.");
        });
    }

    @Override
    ObjectNode render(ApiVersion version, ResourceId id, NetworkSpec spec) {
        ObjectNode n = spec.body().deepCopy();
        ObjectNode props = n.with("properties");
        props.put("resourceGuid", resourceGuid(id));
        provider.publicAddressUser(id).ifPresent(user -> props.set("ipConfiguration", Body.NODES.objectNode().put("id", user)));
        if (!props.has("ipTags")) props.putArray("ipTags");
        return n;
    }
}
