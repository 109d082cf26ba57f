package io.strato.server.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.ApiVersions;
import io.strato.spi.EmbeddedChild;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.ResourceTypeHandler;
import java.util.Optional;

/**
 * The catalogue's entry for a child type kept inside its parent ({@link EmbeddedChild}): it answers what routing,
 * preflight and api-version checks ask of any type, while {@link Resources} sends reads and writes to the parent.
 * It has no spec or driver of its own.
 */
public final class EmbeddedChildHandler<P> implements ResourceTypeHandler<JsonNode> {
    private final ResourceTypeHandler<P> parent;
    private final EmbeddedChild<P> child;

    EmbeddedChildHandler(ResourceTypeHandler<P> parent, EmbeddedChild<P> child) {
        this.parent = parent;
        this.child = child;
    }

    public ResourceTypeHandler<P> parent() { return parent; }

    public EmbeddedChild<P> child() { return child; }

    @Override public ResourceType type() { return child.type(); }

    @Override public ApiVersions apiVersions() { return parent.apiVersions(); }

    @Override public Class<JsonNode> specClass() { return JsonNode.class; }

    @Override
    public JsonNode toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<JsonNode> existing) {
        throw new UnsupportedOperationException(type() + " is stored inside its parent");
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, JsonNode spec, Observation seen) {
        throw new UnsupportedOperationException(type() + " is rendered by its parent");
    }

    @Override
    public ExternalClient<JsonNode> connect() { throw new UnsupportedOperationException(type() + " has no driver of its own"); }

    @Override
    public void validateName(ResourceId id) { parent.validateName(id); }

    @Override
    public boolean hasLocation() { return false; }
}
