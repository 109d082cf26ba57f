package io.strato.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.server.arm.ProviderCatalog;
import io.strato.server.arm.Resources;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Json;
import io.strato.server.gateway.Responses;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.spi.ResourceTypeHandler;
import io.strato.template.PlannedResource;
import io.strato.template.RuntimeLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a deployment would change, without changing anything: Create, Modify (with property-level deltas),
 * NoChange, Delete (Complete mode), Ignore (resources the template does not declare), Deploy (nested deployments),
 * Unsupported (an existing resource whose new properties need values only the run knows).
 */
@ApplicationScoped
public class WhatIf {
    private static final Set<String> COMPARED = Set.of("location", "tags", "sku", "kind", "properties", "identity", "zones", "plan");

    @Inject ResourceStore store;
    @Inject ProviderCatalog catalog;
    @Inject Resources resources;
    @Inject StoreLookup lookup;

    @Transactional
    Response run(ArmRequest req, DeploymentScopeRef scope, String name, Deployments.Prepared p, JsonNode body) {
        ArrayNode changes = Json.STRICT.createArrayNode();
        Set<String> declared = new HashSet<>();
        RuntimeLookup tolerant = new RuntimeLookup() {
            @Override public JsonNode reference(String id, String v, boolean full) {
                try {
                    return lookup.reference(id, v, full);
                } catch (RuntimeException e) {
                    return Json.STRICT.getNodeFactory().textNode("[reference('" + id + "')]");
                }
            }

            @Override public JsonNode list(String action, String id, String v, JsonNode b) {
                try {
                    return lookup.list(action, id, v, b);
                } catch (RuntimeException e) {
                    return Json.STRICT.getNodeFactory().textNode("[" + action + "('" + id + "')]");
                }
            }
        };
        for (PlannedResource r : p.prepared().resources()) {
            // a scope that cannot exist here fails what-if as it fails validation (Azure cannot predict into it either)
            Deployments.managementGroupOf(r.resourceId()).ifPresent(mg -> { throw Deployments.managementGroupNotFound(mg, r.resourceId()); });
            declared.add(r.resourceId().toLowerCase(Locale.ROOT));
            if (r.existing()) continue;
            ObjectNode change = changes.addObject();
            change.put("resourceId", r.resourceId());
            if (r.type().equalsIgnoreCase("Microsoft.Resources/deployments")) {
                change.put("changeType", "Deploy");
                continue;
            }
            JsonNode after;
            String unevaluated = null;
            try {
                after = p.prepared().render(r, tolerant);
            } catch (RuntimeException e) {
                // a value only the run knows (reference() to a resource this deployment creates, then a property of it):
                // as on Azure, the declaration's expressions are shown unevaluated rather than failing the whole what-if
                after = declaration(p.prepared().template(), r.path());
                unevaluated = e.getMessage();
            }
            ObjectNode afterBody = body(r, after);
            ResourceEntity existing = ResourceId.tryParse(r.resourceId()).flatMap(id -> store.find(id.key())).orElse(null);
            ResourceTypeHandler<?> h = catalog.handler(ResourceType.parse(r.type())).orElse(null);
            if (existing != null && unevaluated != null) {
                change.put("changeType", "Unsupported");
                change.put("unsupportedReason", "The resource's properties need values known only when the deployment runs: " + unevaluated);
                change.set("after", afterBody);
                continue;
            }
            if (existing == null || h == null) {
                change.put("changeType", "Create");
                change.set("after", afterBody);
                continue;
            }
            ObjectNode before = resources.render(existing, h, ApiVersion.parse(r.apiVersion()), false);
            ArrayNode delta = Json.STRICT.createArrayNode();
            for (String member : COMPARED) {
                if (afterBody.has(member)) diff(member, before.get(member), afterBody.get(member), delta);
            }
            change.put("changeType", delta.isEmpty() ? "NoChange" : "Modify");
            change.set("before", before);
            change.set("after", afterBody);
            if (!delta.isEmpty()) change.set("delta", delta);
        }
        if (scope.resourceGroup() != null) {
            boolean complete = "Complete".equals(p.mode());
            for (ResourceEntity e : store.contentsOfGroup(scope.subscriptionId().toLowerCase(Locale.ROOT), scope.resourceGroup().toLowerCase(Locale.ROOT))) {
                if (e.typeKey.chars().filter(c -> c == '/').count() > 1) continue;   // a child goes with its parent
                if (declared.contains(e.idKey) || declared.stream().anyMatch(k -> e.idKey.startsWith(k + "/"))) continue;
                changes.addObject().put("resourceId", e.id).put("changeType", complete ? "Delete" : "Ignore");
            }
        }
        ObjectNode result = Json.object();
        result.put("status", "Succeeded");
        result.putObject("properties").set("changes", changes);
        return Responses.ok(result);
    }

    /** The declaration at a plan path such as {@code $.resources[2]}, {@code $.resources.vnet} or {@code $.resources[0].resources[1]}. */
    static JsonNode declaration(JsonNode template, String path) {
        JsonNode n = template;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]").matcher(path == null ? "" : path);
        while (n != null && m.find()) n = m.group(1) != null ? n.get(m.group(1)) : n.get(Integer.parseInt(m.group(2)));
        return n != null && n.isObject() ? n : Json.object();
    }

    private static ObjectNode body(PlannedResource r, JsonNode rendered) {
        ObjectNode b = Json.object();
        b.put("id", r.resourceId());
        b.put("name", r.name());
        b.put("type", r.type());
        b.put("apiVersion", r.apiVersion());
        for (Iterator<Map.Entry<String, JsonNode>> it = rendered.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (COMPARED.contains(f.getKey())) b.set(f.getKey(), f.getValue());
        }
        return b;
    }

    /** Property-level changes of what the template states; what it does not state is not a change. */
    static void diff(String path, JsonNode before, JsonNode after, ArrayNode out) {
        if (after == null || after.isNull()) return;
        if (before == null || before.isNull() || before.isMissingNode()) {
            out.addObject().put("path", path).put("propertyChangeType", "Create").set("after", after);
            return;
        }
        if (after.isObject() && before.isObject()) {
            after.fields().forEachRemaining(f -> diff(path + "." + f.getKey(), before.get(f.getKey()), f.getValue(), out));
            return;
        }
        if (!sameValue(before, after)) {
            ObjectNode d = out.addObject().put("path", path).put("propertyChangeType", after.isArray() ? "Array" : "Modify");
            d.set("before", before);
            d.set("after", after);
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isTextual() && b.isTextual()) return a.asText().equalsIgnoreCase(b.asText()) && (a.asText().equals(b.asText()) || a.asText().length() < 64);
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    static List<String> changeTypes() { return List.of("Create", "Delete", "Modify", "NoChange", "Ignore", "Deploy", "Unsupported"); }
}
