package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.EmbeddedChild;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A child kept in an array of its parent's {@code properties} ({@code subnets}, {@code securityRules}, {@code routes},
 * the parts of a load balancer): a PUT replaces or appends the element and re-validates the whole parent, a DELETE
 * removes it after {@code inUse} had its say, and a GET is the element of the rendered parent.
 */
final class ArrayChild implements EmbeddedChild<NetworkSpec> {
    private final NetworkTypeHandler parent;
    private final ResourceType type;
    private final String property;
    private final BiConsumer<ResourceId, NetworkSpec> inUse;

    ArrayChild(NetworkTypeHandler parent, String childType, String property, BiConsumer<ResourceId, NetworkSpec> inUse) {
        this.parent = parent;
        this.type = ResourceType.parse(parent.type() + "/" + childType);
        this.property = property;
        this.inUse = inUse;
    }

    @Override public ResourceType type() { return type; }

    @Override
    public List<String> names(NetworkSpec spec) {
        List<String> names = new ArrayList<>();
        spec.body().path("properties").path(property).forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    @Override
    public Optional<ObjectNode> render(ApiVersion version, ResourceId childId, NetworkSpec spec) {
        ObjectNode rendered = parent.render(version, childId.parent(), spec);
        for (JsonNode e : rendered.path("properties").path(property)) {
            if (e.path("name").asText().equalsIgnoreCase(childId.name())) return Optional.of(((ObjectNode) e).deepCopy());
        }
        return Optional.empty();
    }

    @Override
    public NetworkSpec put(ApiVersion version, ResourceId childId, JsonNode body, NetworkSpec spec) {
        ObjectNode whole = spec.body().deepCopy();
        ArrayNode items = whole.with("properties").withArray(property);
        ObjectNode element = Body.NODES.objectNode().put("name", childId.name());
        element.set("properties", Body.object(body, "properties", "properties"));
        int at = indexOf(items, childId.name());
        if (at < 0) items.add(element); else items.set(at, element);
        return parent.normalize(version, childId.parent(), whole, Optional.of(spec));
    }

    @Override
    public NetworkSpec remove(ResourceId childId, NetworkSpec spec) {
        ObjectNode whole = spec.body().deepCopy();
        ArrayNode items = whole.with("properties").withArray(property);
        int at = indexOf(items, childId.name());
        if (at < 0) return spec;
        inUse.accept(childId, spec);
        items.remove(at);
        return new NetworkSpec(whole);
    }

    private static int indexOf(ArrayNode items, String name) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).path("name").asText().equalsIgnoreCase(name)) return i;
        }
        return -1;
    }
}
