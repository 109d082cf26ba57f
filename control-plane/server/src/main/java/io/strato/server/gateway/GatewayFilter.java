package io.strato.server.gateway;

import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.identity.Caller;
import io.strato.server.identity.TokenValidator;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The gateway in front of every route: request and correlation ids, the 4 MB request limit, and bearer-token
 * authentication on every ARM route (metadata, token and health endpoints are public).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class GatewayFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String CALLER = "strato.caller";
    public static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    private static final Pattern PUBLIC = Pattern.compile(
            "^/*(metadata/.*|content/.*|adfs(/.*)?|q/.*|healthz|[^/]+/oauth2/.*|[^/]+/v2\\.0/.*|[^/]+/discovery/.*|favicon\\.ico)$", Pattern.CASE_INSENSITIVE);

    @Inject TokenValidator tokens;
    @Inject ApplianceSettings settings;
    @Inject RequestState state;

    @Override
    public void filter(ContainerRequestContext req) {
        String requestId = UUID.randomUUID().toString();
        req.setProperty("strato.request-id", requestId);
        String correlation = req.getHeaderString("x-ms-correlation-request-id");
        req.setProperty("strato.correlation-id", correlation == null || correlation.isBlank() ? requestId : correlation);
        String length = req.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_REQUEST_BYTES) {
                    req.abortWith(Responses.error(413, new ArmError(ArmErrorCode.RequestEntityTooLarge.name(),
                            "The request content size exceeds the maximum allowed size of 4194304 bytes.", null)));
                    return;
                }
            } catch (NumberFormatException ignored) {
                // the HTTP layer rejects malformed lengths itself
            }
        }
        String path = req.getUriInfo().getPath();
        if (PUBLIC.matcher(path).matches()) return;
        try {
            Caller caller = tokens.validate(req.getHeaderString("Authorization"));
            state.caller(caller);
        } catch (ArmException e) {
            Response.ResponseBuilder r = Response.fromResponse(Responses.error(e.status(), e.error()));
            if (e.status() == 401) r.header("WWW-Authenticate", TokenValidator.wwwAuthenticate(settings.tenantId(), e.error()));
            else r.header("Retry-After", "5");
            req.abortWith(r.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        Object id = req.getProperty("strato.request-id");
        if (id != null) {
            res.getHeaders().putSingle("x-ms-request-id", id);
            res.getHeaders().putSingle("x-ms-correlation-request-id", req.getProperty("strato.correlation-id"));
        }
        String clientId = req.getHeaderString("x-ms-client-request-id");
        if (clientId != null) res.getHeaders().putSingle("x-ms-client-request-id", clientId);
    }
}
