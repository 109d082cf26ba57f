package io.strato.provider.network;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The desired state of one {@code Microsoft.Network} resource: its validated, defaulted body without the envelope
 * ({@code properties}, and {@code sku}/{@code zones} where the type has them). Kept as JSON because ARM round-trips
 * properties Strato only stores (service endpoints, delegations); what the host needs is read from it into a
 * {@link Topology} by {@link TopologyBuilder}.
 */
public record NetworkSpec(ObjectNode body) {
    public ObjectNode properties() {
        return body.has("properties") && body.get("properties").isObject() ? (ObjectNode) body.get("properties") : body.putObject("properties");
    }
}
