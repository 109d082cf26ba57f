package io.strato.server.arm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Json;
import io.strato.server.gateway.Responses;
import io.strato.spi.ApiVersions;
import io.strato.spi.ResourceProvider;
import io.strato.spi.ResourceTypeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resource providers as ARM lists them: namespaces with their types, api-versions and locations; registration per
 * subscription; and each namespace's operations list. Microsoft.Resources is built in and always registered.
 */
@ApplicationScoped
public class Providers {
    static final String RESOURCES_NS = "Microsoft.Resources";
    private static final List<String> RESOURCES_TYPES = List.of("resourceGroups", "deployments", "deployments/operations", "subscriptions", "tenants", "resources",
            "providers", "operations", "operationResults", "tags", "locations");

    /** First api-version whose ProviderResourceType has defaultApiVersion (the hybrid profile's 2019-10-01 has not). */
    private static final ApiVersion DEFAULT_API_VERSION_SINCE = ApiVersion.parse("2020-06-01");

    @Inject ProviderCatalog catalog;
    @Inject Subscriptions subscriptions;
    @Inject ProviderRegistrations registrations;
    @Inject ApplianceSettings settings;

    @Transactional
    Response list(ArmRequest req, Map<String, String> vars) {
        ApiVersion v = BuiltInApis.require(req, BuiltInApis.RESOURCES);
        String sub = vars.get("s");
        if (sub != null) subscriptions.require(sub);
        List<ObjectNode> all = new ArrayList<>();
        all.add(builtIn(sub, v));
        all.add(authorization(sub, v));
        for (ResourceProvider p : catalog.providers()) all.add(render(p, sub, v));
        return Responses.page(all, null);
    }

    @Transactional
    Response get(ArmRequest req, Map<String, String> vars) {
        ApiVersion v = BuiltInApis.require(req, BuiltInApis.RESOURCES);
        String sub = vars.get("s");
        if (sub != null) subscriptions.require(sub);
        String ns = vars.get("ns");
        if (ns.equalsIgnoreCase(RESOURCES_NS)) return Responses.ok(builtIn(sub, v));
        if (ns.equalsIgnoreCase(ManagementLocks.NAMESPACE)) return Responses.ok(authorization(sub, v));
        return Responses.ok(render(require(ns), sub, v));
    }

    @Transactional
    Response register(ArmRequest req, Map<String, String> vars) { return setState(req, vars, ProviderRegistrations.REGISTERED); }

    @Transactional
    Response unregister(ArmRequest req, Map<String, String> vars) { return setState(req, vars, ProviderRegistrations.NOT_REGISTERED); }

    private Response setState(ArmRequest req, Map<String, String> vars, String state) {
        ApiVersion v = BuiltInApis.require(req, BuiltInApis.RESOURCES);
        String sub = vars.get("s");
        subscriptions.require(sub);
        String ns = vars.get("ns");
        if (ns.equalsIgnoreCase(RESOURCES_NS)) {
            if (state.equals(ProviderRegistrations.NOT_REGISTERED)) {
                throw ArmErrorCode.Conflict.exception("The namespace 'Microsoft.Resources' is required by every subscription and cannot be unregistered.");
            }
            return Responses.ok(builtIn(sub, v));
        }
        if (ns.equalsIgnoreCase(ManagementLocks.NAMESPACE)) {
            if (state.equals(ProviderRegistrations.NOT_REGISTERED)) {
                throw ArmErrorCode.Conflict.exception("The namespace 'Microsoft.Authorization' is required by every subscription and cannot be unregistered.");
            }
            return Responses.ok(authorization(sub, v));
        }
        ResourceProvider p = require(ns);
        registrations.set(sub, p.namespace(), state);
        return Responses.ok(render(p, sub, v));
    }

    Response operations(ArmRequest req, Map<String, String> vars) {
        String ns = vars.get("ns");
        ArrayNode value = Json.object().putArray("value");
        List<ObjectNode> ops = new ArrayList<>();
        if (ns.equalsIgnoreCase(RESOURCES_NS)) {
            BuiltInApis.require(req, BuiltInApis.RESOURCES);
            for (String t : List.of("resourceGroups", "deployments", "tags", "resources")) {
                for (String verb : List.of("read", "write", "delete")) ops.add(op(RESOURCES_NS, t, verb, false));
            }
        } else {
            ResourceProvider p = require(ns);
            if (p.resourceTypes().stream().noneMatch(h -> req.apiVersion().filter(h.apiVersions()::isPublished).isPresent())) {
                ApiVersions apis = p.resourceTypes().get(0).apiVersions();
                throw ArmErrorCode.NoRegisteredProviderFound.exception("No registered resource provider found for location '" + settings.location()
                        + "' and API version '" + req.apiVersionText() + "' for type 'operations'. The supported api-versions are '"
                        + apis.describe() + "'. The supported locations are ''.", "api-version");
            }
            for (ResourceTypeHandler<?> h : p.resourceTypes()) {
                for (String verb : List.of("read", "write", "delete")) ops.add(op(p.namespace(), h.type().typePath(), verb, false));
                h.actions().forEach(a -> ops.add(op(p.namespace(), h.type().typePath(), a.name(), true)));
            }
            p.actions().forEach(a -> ops.add(op(p.namespace(), "", a.name(), true)));
        }
        ops.forEach(value::add);
        ObjectNode body = Json.object();
        body.set("value", value);
        return Responses.ok(body);
    }

    private static ObjectNode op(String ns, String type, String verb, boolean action) {
        ObjectNode o = Json.object();
        String name = ns + (type.isEmpty() ? "" : "/" + type) + "/" + verb + (action ? "/action" : "");
        o.put("name", name);
        o.put("isDataAction", false);
        ObjectNode d = o.putObject("display");
        d.put("provider", ns);
        d.put("resource", type.isEmpty() ? ns : type);
        d.put("operation", verb);
        d.put("description", (action ? "Runs the " + verb + " action on " : verb.substring(0, 1).toUpperCase(Locale.ROOT) + verb.substring(1) + "s ")
                + (type.isEmpty() ? ns : type) + ".");
        o.put("origin", "user,system");
        return o;
    }

    ResourceProvider require(String ns) {
        return catalog.provider(ns).orElseThrow(() -> ArmErrorCode.InvalidResourceNamespace.exception("The resource namespace '" + ns + "' is invalid."));
    }

    private ObjectNode render(ResourceProvider p, String sub, ApiVersion v) {
        ObjectNode n = Json.object();
        n.put("id", (sub == null ? "" : "/subscriptions/" + sub) + "/providers/" + p.namespace());
        n.put("namespace", p.namespace());
        if (sub != null) {
            n.put("registrationState", registrations.state(sub, p.namespace()));
            n.put("registrationPolicy", "RegistrationRequired");
        }
        ArrayNode types = n.putArray("resourceTypes");
        for (ResourceTypeHandler<?> h : p.resourceTypes()) {
            types.add(type(h.type().typePath(), h.hasLocation() ? (h.locations().isEmpty() ? List.of(settings.location()) : h.locations()) : List.of(), h.apiVersions(), v));
        }
        ApiVersions main = p.resourceTypes().isEmpty() ? BuiltInApis.RESOURCES : p.resourceTypes().get(0).apiVersions();
        types.add(type("operations", List.of(), main, v));
        types.add(type("locations", List.of(), main, v));
        types.add(type("locations/asyncoperations", List.of(settings.location()), main, v));
        p.actions().forEach(a -> types.add(type(a.name(), List.of(), a.apiVersions(), v)));
        return n;
    }

    private ObjectNode builtIn(String sub, ApiVersion v) {
        ObjectNode n = Json.object();
        n.put("id", (sub == null ? "" : "/subscriptions/" + sub) + "/providers/" + RESOURCES_NS);
        n.put("namespace", RESOURCES_NS);
        if (sub != null) {
            n.put("registrationState", ProviderRegistrations.REGISTERED);
            n.put("registrationPolicy", "RegistrationFree");
        }
        ArrayNode types = n.putArray("resourceTypes");
        for (String t : RESOURCES_TYPES) {
            types.add(type(t, List.of(), t.equals("subscriptions") || t.equals("tenants") || t.equals("locations") ? BuiltInApis.SUBSCRIPTIONS : BuiltInApis.RESOURCES, v));
        }
        return n;
    }

    /** Microsoft.Authorization, built in as on Azure: its management locks. */
    private ObjectNode authorization(String sub, ApiVersion v) {
        ObjectNode n = Json.object();
        n.put("id", (sub == null ? "" : "/subscriptions/" + sub) + "/providers/" + ManagementLocks.NAMESPACE);
        n.put("namespace", ManagementLocks.NAMESPACE);
        if (sub != null) {
            n.put("registrationState", ProviderRegistrations.REGISTERED);
            n.put("registrationPolicy", "RegistrationFree");
        }
        n.putArray("resourceTypes").add(type("locks", List.of(), ManagementLocks.APIS, v));
        return n;
    }

    private static ObjectNode type(String name, List<String> locations, ApiVersions apis, ApiVersion version) {
        ObjectNode t = Json.object();
        t.put("resourceType", name);
        ArrayNode l = t.putArray("locations");
        locations.forEach(l::add);
        ArrayNode v = t.putArray("apiVersions");
        apis.published().descendingSet().forEach(x -> v.add(x.toString()));
        if (version.compareTo(DEFAULT_API_VERSION_SINCE) >= 0) t.put("defaultApiVersion", apis.newest().toString());
        t.put("capabilities", "None");
        return t;
    }
}
