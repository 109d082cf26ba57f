package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.EmbeddedChild;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.ResourceTypeHandler;
import io.strato.testkit.InMemoryStoredResources;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Drives {@link NetworkProvider} as the server does: validate with the handler, store, call the driver; children kept
 * inside a parent go through its {@link EmbeddedChild}. Specs live in an {@link InMemoryStoredResources}.
 */
final class Harness {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ApiVersion V = ApiVersion.parse("2022-01-01");
    static final String SUB = "00000000-0000-0000-0000-000000000001";

    final InMemoryStoredResources store = new InMemoryStoredResources();
    final NetworkProvider provider = new NetworkProvider();
    final NetworkDriver driver;

    Harness(Path data, NetworkDriver driver) { this(data, driver, "t00001"); }

    Harness(Path data, NetworkDriver driver, String tag) {
        this.driver = driver;
        provider.configure(TestProviderContext.of(data).withResources(store).withApplianceTag(tag), driver);
    }

    static ResourceId id(String typeAndName) { return ResourceId.parse("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Network/" + typeAndName); }

    static ObjectNode body(String json) {
        try {
            return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @SuppressWarnings("unchecked")
    ResourceTypeHandler<NetworkSpec> handler(ResourceType type) {
        for (ResourceTypeHandler<?> h : provider.resourceTypes()) if (h.type().equals(type)) return (ResourceTypeHandler<NetworkSpec>) h;
        for (ResourceTypeHandler<?> h : provider.resourceTypes()) {
            for (EmbeddedChild<?> c : h.embeddedChildren()) if (c.type().equals(type)) return (ResourceTypeHandler<NetworkSpec>) h;
        }
        throw new IllegalArgumentException(type.toString());
    }

    Optional<NetworkSpec> spec(ResourceId id) { return store.find(id).map(r -> r.spec(NetworkSpec.class)); }

    /** PUT: a top-level resource, a plain child row, or a child kept inside its parent. */
    ObjectNode put(ResourceId id, String json) {
        ObjectNode body = body(json);
        EmbeddedChild<NetworkSpec> child = embedded(id.type());
        if (child != null) {
            ResourceTypeHandler<NetworkSpec> parent = handler(id.parent().type());
            NetworkSpec before = spec(id.parent()).orElseThrow();
            NetworkSpec after = child.put(V, id, body, before);
            store.put(id.parent(), after);
            ok(parent.connect().update(id.parent(), after));
            return child.render(V, id, after).orElseThrow();
        }
        ResourceTypeHandler<NetworkSpec> h = handler(id.type());
        h.validateName(id);
        NetworkSpec spec = h.toSpec(V, id, body, spec(id));
        store.put(id, spec);
        ok(h.connect().create(id, spec));
        return h.toResponse(V, id, spec, Observation.present(java.util.Map.of()));
    }

    ObjectNode get(ResourceId id) {
        EmbeddedChild<NetworkSpec> child = embedded(id.type());
        if (child != null) return child.render(V, id, spec(id.parent()).orElseThrow()).orElseThrow();
        ResourceTypeHandler<NetworkSpec> h = handler(id.type());
        return h.toResponse(V, id, spec(id).orElseThrow(), Observation.present(java.util.Map.of()));
    }

    void delete(ResourceId id) {
        EmbeddedChild<NetworkSpec> child = embedded(id.type());
        if (child != null) {
            NetworkSpec after = child.remove(id, spec(id.parent()).orElseThrow());
            store.put(id.parent(), after);
            ok(handler(id.parent().type()).connect().update(id.parent(), after));
            return;
        }
        ResourceTypeHandler<NetworkSpec> h = handler(id.type());
        h.checkDelete(id, spec(id).orElseThrow());
        ok(h.connect().delete(id));
        store.remove(id);
    }

    private EmbeddedChild<NetworkSpec> embedded(ResourceType type) {
        for (ResourceTypeHandler<?> h : provider.resourceTypes()) {
            for (EmbeddedChild<?> c : h.embeddedChildren()) {
                if (c.type().equals(type)) {
                    @SuppressWarnings("unchecked") EmbeddedChild<NetworkSpec> e = (EmbeddedChild<NetworkSpec>) c;
                    return e;
                }
            }
        }
        return null;
    }

    private static void ok(Outcome o) {
        if (!(o instanceof Outcome.Done)) throw new AssertionError("driver answered " + o);
    }

    static String text(JsonNode n, String path) {
        JsonNode cur = n;
        for (String p : path.split("\\.")) cur = p.matches("\\d+") ? cur.path(Integer.parseInt(p)) : cur.path(p);
        return cur.asText();
    }
}
