package io.strato.server.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Json;
import io.strato.server.gateway.Responses;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.server.persistence.SubscriptionEntity;
import io.strato.spi.Observation;
import io.strato.spi.ResourceTypeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Type-independent views: the generic resource list of a subscription or group (with $filter, $top and paging)
 * and {@code Microsoft.Resources/tags} at any scope.
 */
@ApplicationScoped
public class GenericResources {
    @Inject Subscriptions subscriptions;
    @Inject ResourceGroups groups;
    @Inject ResourceStore store;
    @Inject ProviderCatalog catalog;
    @Inject ApplianceSettings settings;

    @Transactional
    Response list(ArmRequest req, Map<String, String> vars) {
        BuiltInApis.require(req, BuiltInApis.RESOURCES);
        SubscriptionEntity s = subscriptions.require(vars.get("s"));
        ResourceStore.Filter f = ResourceStore.Filter.subscription(s.id);
        if (vars.containsKey("rg")) {
            groups.require(vars.get("s"), vars.get("rg"));
            f = f.withGroup(vars.get("rg").toLowerCase(Locale.ROOT));
        }
        f = ODataFilter.apply(req.queryParam("$filter").orElse(null), f, false);
        String expand = req.queryParam("$expand").orElse("").toLowerCase(Locale.ROOT);
        return Paging.list(store, settings, req, f, e -> render(e, expand));
    }

    private ObjectNode render(ResourceEntity e, String expand) {
        ResourceId id = ResourceId.parse(e.id);
        ObjectNode n = Json.object();
        n.put("id", e.id);
        n.put("name", id.name());
        ResourceTypeHandler<?> h = catalog.handler(id.type()).orElse(null);
        n.put("type", h == null ? id.type().toString() : h.type().toString());
        if (h != null) {
            JsonNode typed = typed(e, h, id);
            for (String member : List.of("sku", "kind", "managedBy", "plan", "identity")) {
                if (typed.has(member)) n.set(member, typed.get(member));
            }
        }
        if (e.location != null) n.put("location", e.location);
        n.set("tags", Envelope.tagsNode(e));
        if (expand.contains("createdtime")) n.put("createdTime", DateTimeFormatter.ISO_INSTANT.format(e.createdAt));
        if (expand.contains("changedtime")) n.put("changedTime", DateTimeFormatter.ISO_INSTANT.format(e.modifiedAt));
        if (expand.contains("provisioningstate")) n.put("provisioningState", e.provisioningState);
        return n;
    }

    private static <S> JsonNode typed(ResourceEntity e, ResourceTypeHandler<S> h, ResourceId id) {
        return h.toResponse(h.apiVersions().newest(), id, Specs.read(e.spec, h.specClass()), Observation.notObserved());
    }

    /** {@code {scope}/providers/Microsoft.Resources/tags/default}: GET, PUT (replace), PATCH (Merge/Replace/Delete), DELETE. */
    @Transactional
    Response tags(ArmRequest req, List<String> scopeSegments) {
        BuiltInApis.require(req, BuiltInApis.RESOURCES);
        String scope = "/" + String.join("/", scopeSegments);
        ResourceId scopeId = ResourceId.tryParse(scope).orElseThrow(() -> ArmErrorCode.InvalidRequestUri.exception("The scope '" + scope + "' is not a valid resource id."));
        SubscriptionEntity sub = subscriptions.require(scopeId.subscriptionId());
        TagHolder holder;
        if (scopeId.isSubscription()) {
            holder = new TagHolder(() -> Envelope.readJson(sub.tags), t -> sub.tags = t);
        } else {
            if (scopeId.isResource()) groups.require(scopeId.subscriptionId(), scopeId.resourceGroup().orElseThrow());
            ResourceEntity e = store.findForUpdate(scopeId.key()).orElseThrow(() -> scopeId.isResourceGroup()
                    ? ResourceGroups.notFound(scopeId.name()) : Resources.notFound(scopeId));
            holder = new TagHolder(() -> Envelope.tagsNode(e), t -> {
                e.tags = t;
                Envelope.stampModified(e, req.caller());
            });
        }
        Map<String, String> current = toMap(holder.read.get());
        switch (req.method()) {
            case "GET" -> { }
            case "DELETE" -> {
                holder.write.accept("{}");
                return Response.ok().build();
            }
            case "PUT" -> {
                current = Envelope.tags(properties(req.json()));
                holder.write.accept(Json.write(current));
            }
            case "PATCH" -> {
                JsonNode body = req.json();
                String operation = body.path("operation").asText("");
                Map<String, String> given = Envelope.tags(properties(body));
                switch (operation.toLowerCase(Locale.ROOT)) {
                    case "merge" -> given.forEach(current::put);
                    case "replace" -> current = given;
                    case "delete" -> {
                        Map<String, String> remaining = current;
                        given.forEach((k, v) -> remaining.entrySet().removeIf(c -> c.getKey().equalsIgnoreCase(k) && (v.isEmpty() || c.getValue().equals(v))));
                    }
                    default -> throw ArmErrorCode.InvalidRequestContent.exception("The operation '" + operation
                            + "' is not valid. Valid operations are 'Merge', 'Replace' and 'Delete'.", "operation");
                }
                if (current.size() > Envelope.MAX_TAGS) throw ArmErrorCode.TooManyTags.exception("The number of tags exceeds the limit of " + Envelope.MAX_TAGS + ".", "tags");
                holder.write.accept(Json.write(current));
            }
            default -> throw ArmErrorCode.MethodNotAllowed.exception("The method '" + req.method() + "' is not allowed on tags.");
        }
        ObjectNode n = Json.object();
        n.put("id", scopeId + "/providers/Microsoft.Resources/tags/default");
        n.put("name", "default");
        n.put("type", "Microsoft.Resources/tags");
        n.putObject("properties").set("tags", Json.STRICT.valueToTree(current));
        return Responses.ok(n);
    }

    private static JsonNode properties(JsonNode body) {
        JsonNode p = body.path("properties");
        if (!p.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("The request content must carry 'properties.tags'.", "properties");
        return p;
    }

    private static Map<String, String> toMap(JsonNode tags) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private record TagHolder(java.util.function.Supplier<JsonNode> read, java.util.function.Consumer<String> write) {}
}
