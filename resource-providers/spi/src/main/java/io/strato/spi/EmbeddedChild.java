package io.strato.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * A child type that Azure keeps inside its parent's body rather than as a resource of its own: subnets in a
 * virtual network, security rules in a network security group, routes in a route table. The child's own URL
 * ({@code PUT .../virtualNetworks/v/subnets/s}) and the parent's inline array ({@code properties.subnets}) are one
 * state: the server stores only the parent, routes child requests here, stores the parent spec this returns,
 * and runs the parent's driver update.
 *
 * <p>Implementations are pure functions of the parent spec: they never touch persistence or the host.
 *
 * @param <P> the parent's spec type
 */
public interface EmbeddedChild<P> {
    /** The child type, e.g. {@code Microsoft.Network/virtualNetworks/subnets}. */
    ResourceType type();

    /** The names of the children in the parent, in the parent's order. */
    List<String> names(P parent);

    /**
     * The child's full response body ({@code id, name, type, etag, properties}) as Azure renders it on its own
     * URL and inside the parent; empty when the parent has no child of that name (compared ignoring case).
     */
    Optional<ObjectNode> render(ApiVersion version, ResourceId childId, P parent);

    /**
     * Creates or replaces the child from a PUT body and returns the parent spec that holds it, validated as a
     * whole (overlaps, priorities, ...). Throws an {@link io.strato.model.ArmException} with Azure's code.
     */
    P put(ApiVersion version, ResourceId childId, JsonNode body, P parent);

    /**
     * Returns the parent spec without the child, or throws Azure's in-use error (e.g.
     * {@code InUseSubnetCannotBeDeleted}) when other resources still refer to it. A missing child is not an error:
     * the parent comes back unchanged.
     */
    P remove(ResourceId childId, P parent);
}
