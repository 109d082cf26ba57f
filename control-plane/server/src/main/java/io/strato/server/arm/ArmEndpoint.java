package io.strato.server.arm;

import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.server.deploy.DeploymentScopeRef;
import io.strato.server.deploy.Deployments;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.RouteTable;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ARM front door: every method on every path lands here and is dispatched through one route table.
 * Paths are matched case-insensitively and tolerate empty segments (az sends {@code //metadata}).
 */
@Path("/")
public class ArmEndpoint {
    @Inject ManagementLocks locks;
    @Inject Subscriptions subscriptions;
    @Inject ResourceGroups groups;
    @Inject GenericResources generic;
    @Inject Providers providers;
    @Inject Resources resources;
    @Inject OperationResults results;
    @Inject ProviderActions providerActions;
    @Inject Deployments deployments;
    @Inject io.strato.server.boot.ApplianceSettings settings;
    @Inject ProviderQueries providerQueries;
    @Inject io.strato.server.gateway.RequestState state;
    @Inject io.vertx.core.http.HttpServerRequest vertxRequest;

    private RouteTable routes;

    @PostConstruct
    void routes() {
        routes = new RouteTable()
                .route("GET", "subscriptions", subscriptions::list)
                .route("GET", "subscriptions/{s}", subscriptions::get)
                .route("GET", "tenants", subscriptions::tenants)
                .route("GET", "subscriptions/{s}/locations", subscriptions::locations)
                .route("GET", "subscriptions/{s}/resourcegroups", groups::list)
                .route("PUT", "subscriptions/{s}/resourcegroups/{rg}", groups::put)
                .route("GET", "subscriptions/{s}/resourcegroups/{rg}", groups::get)
                .route("HEAD", "subscriptions/{s}/resourcegroups/{rg}", groups::head)
                .route("PATCH", "subscriptions/{s}/resourcegroups/{rg}", groups::patch)
                .route("DELETE", "subscriptions/{s}/resourcegroups/{rg}", groups::delete)
                .route("GET", "subscriptions/{s}/resources", generic::list)
                .route("GET", "subscriptions/{s}/resourcegroups/{rg}/resources", generic::list)
                .route("GET", "providers", providers::list)
                .route("GET", "providers/{ns}", providers::get)
                .route("GET", "providers/{ns}/operations", providers::operations)
                .route("GET", "subscriptions/{s}/providers", providers::list)
                .route("GET", "subscriptions/{s}/providers/{ns}", providers::get)
                .route("POST", "subscriptions/{s}/providers/{ns}/register", providers::register)
                .route("POST", "subscriptions/{s}/providers/{ns}/unregister", providers::unregister)
                .route("GET", "subscriptions/{s}/providers/Microsoft.Resources/operationResults/{id}", results::location)
                .route("GET", "subscriptions/{s}/providers/{ns}/locations/{loc}/asyncoperations/{id}", results::location)
                .route("GET", "subscriptions/{s}/providers/{ns}/locations/{loc}/operationResults/{id}", results::location)
                .route("GET", "subscriptions/{s}/providers/{ns}/locations/{loc}/operationStatuses/{id}", results::status)
                .route("POST", "subscriptions/{s}/providers/{ns}/{action}", providerActions::invoke)
                .route("GET", "subscriptions/{s}/providers/{ns}/{type}",
                        (r, v) -> resources.list(r, v.get("s"), null, ResourceType.of(v.get("ns"), v.get("type")), null));
    }

    private static final byte[] NONE = new byte[0];

    @GET @Path("{path: .*}") public Response get(@Context UriInfo uri, @Context HttpHeaders headers) { return dispatch("GET", uri, headers, NONE); }
    @PUT @Path("{path: .*}") public Response put(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) { return dispatch("PUT", uri, headers, body); }
    @POST @Path("{path: .*}") public Response post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) { return dispatch("POST", uri, headers, body); }
    @PATCH @Path("{path: .*}") public Response patch(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) { return dispatch("PATCH", uri, headers, body); }
    @DELETE @Path("{path: .*}") public Response delete(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) { return dispatch("DELETE", uri, headers, body); }
    @HEAD @Path("{path: .*}") public Response head(@Context UriInfo uri, @Context HttpHeaders headers) { return dispatch("HEAD", uri, headers, NONE); }

    private Response dispatch(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        if (body == null) body = NONE;
        List<String> segments = new ArrayList<>();
        // split the raw path ourselves: JAX-RS would drop ';' as matrix parameters, but ';' may be part of an ARM name
        for (String s : vertxRequest.path().split("/")) {
            if (!s.isEmpty()) segments.add(java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, String> query = new LinkedHashMap<>();
        uri.getQueryParameters(true).forEach((k, v) -> query.putIfAbsent(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        String raw = uri.getRequestUri().getRawPath() + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        ArmRequest req = new ArmRequest(method, segments, query, headers, body, state.caller(), raw);

        int n = segments.size();
        int lockPath = ManagementLocks.lockPathStart(segments);
        if (lockPath >= 0) return locks.route(req, segments, lockPath);
        if (n >= 4 && segments.get(n - 1).equalsIgnoreCase("default") && segments.get(n - 2).equalsIgnoreCase("tags")
                && segments.get(n - 3).equalsIgnoreCase("Microsoft.Resources") && segments.get(n - 4).equalsIgnoreCase("providers")) {
            return generic.tags(req, segments.subList(0, n - 4));
        }
        if (n >= 7 && isGroupResourcePath(segments) && segments.get(5).equalsIgnoreCase("Microsoft.Resources")
                && segments.get(6).equalsIgnoreCase("deployments")) {
            return deployments.route(req, new DeploymentScopeRef(segments.get(1), segments.get(3)), segments.subList(7, n));
        }
        if (n >= 5 && segments.get(0).equalsIgnoreCase("subscriptions") && segments.get(2).equalsIgnoreCase("providers")
                && segments.get(3).equalsIgnoreCase("Microsoft.Resources") && segments.get(4).equalsIgnoreCase("deployments")) {
            return deployments.route(req, new DeploymentScopeRef(segments.get(1), null), segments.subList(5, n));
        }
        if (n >= 3 && segments.get(0).equalsIgnoreCase("providers") && segments.get(1).equalsIgnoreCase("Microsoft.Resources")
                && segments.get(2).equalsIgnoreCase("deployments")) {
            String tenant = req.caller() != null && req.caller().tenantId() != null ? req.caller().tenantId() : settings.tenantId();
            return deployments.route(req, DeploymentScopeRef.tenant(tenant), segments.subList(3, n));
        }
        if (n >= 6 && segments.get(0).equalsIgnoreCase("providers") && segments.get(1).equalsIgnoreCase("Microsoft.Management")
                && segments.get(2).equalsIgnoreCase("managementGroups") && segments.get(4).equalsIgnoreCase("providers")) {
            // no management groups here (as on Azure Stack Hub): whatever is asked of one, it is not found
            throw Deployments.managementGroupNotFound(segments.get(3), null);
        }
        if (method.equals("GET") && n >= 5 && segments.get(0).equalsIgnoreCase("subscriptions") && segments.get(2).equalsIgnoreCase("providers")) {
            Optional<Response> answered = providerQueries.answer(req, segments.get(1), segments.get(3), segments.subList(4, n));
            if (answered.isPresent()) return answered.get();
        }
        var match = routes.match(method, segments);
        if (match.isPresent()) return match.get().handler().handle(req, match.get().vars());
        if (isGroupResourcePath(segments)) return resourceRoute(req, segments);
        if (routes.matchesAnyMethod(segments)) {
            throw ArmErrorCode.MethodNotAllowed.exception("The requested method '" + method + "' is not allowed on this resource.");
        }
        throw ArmErrorCode.InvalidRequestUri.exception("The request URI '/" + String.join("/", segments) + "' is not a valid ARM route.");
    }

    private static boolean isGroupResourcePath(List<String> s) {
        return s.size() >= 7 && s.get(0).equalsIgnoreCase("subscriptions") && s.get(2).equalsIgnoreCase("resourcegroups")
                && s.get(4).equalsIgnoreCase("providers");
    }

    /** {@code subscriptions/{s}/resourcegroups/{rg}/providers/{ns}/{type}[/{name}[/{type}[/{name}...]]][/{action}]}. */
    private Response resourceRoute(ArmRequest req, List<String> s) {
        String sub = s.get(1), group = s.get(3), ns = s.get(5);
        List<String> rest = s.subList(6, s.size());
        if (req.method().equals("GET")) {
            Optional<Response> view = resources.view(req, sub, group, ns, rest);
            if (view.isPresent()) return view.get();
        }
        if (req.method().equals("POST") || req.method().equals("DELETE")) {
            Optional<Response> command = resources.command(req, sub, group, ns, rest);
            if (command.isPresent()) return command.get();
        }
        boolean even = rest.size() % 2 == 0;
        if (req.method().equals("POST") && !even) {
            Resources.Target t = resources.resolve(req, sub, group, ns, rest.subList(0, rest.size() - 1));
            return resources.action(req, t, rest.get(rest.size() - 1));
        }
        if (!even) {
            if (!req.method().equals("GET")) {
                throw ArmErrorCode.MethodNotAllowed.exception("The requested method '" + req.method() + "' is not allowed on a collection.");
            }
            List<String> types = new ArrayList<>();
            for (int i = 0; i < rest.size(); i += 2) types.add(rest.get(i));
            ResourceType type = ResourceType.of(ns, types.toArray(String[]::new));
            ResourceId parent = null;
            if (types.size() > 1) {
                String[] names = new String[types.size() - 1];
                for (int i = 1; i < rest.size(); i += 2) names[i / 2] = rest.get(i);
                parent = ResourceId.resource(sub, group, ResourceType.of(ns, types.subList(0, types.size() - 1).toArray(String[]::new)), names);
            }
            return resources.list(req, sub, group, type, parent);
        }
        Resources.Target t = resources.resolve(req, sub, group, ns, rest);
        return switch (req.method()) {
            case "PUT" -> resources.put(req, t);
            case "GET" -> resources.get(req, t);
            case "HEAD" -> {
                Response r = resources.get(req, t);
                yield Response.status(r.getStatus() == 200 ? 204 : r.getStatus()).build();
            }
            case "PATCH" -> resources.patch(req, t);
            case "DELETE" -> resources.delete(req, t);
            default -> throw ArmErrorCode.MethodNotAllowed.exception("The requested method '" + req.method() + "' is not allowed on this resource.");
        };
    }

}
