package io.strato.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.server.boot.ApplianceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The token service Azure clients talk to, in AD FS style ({@code /adfs/...}) and AAD style
 * ({@code /{tenant}/...}); see WIRE.md §3. Discovery documents are built here; token requests
 * ({@code client_credentials} only) are forwarded to Keycloak's token endpoint of the tenant's realm, and
 * Keycloak's own signed JWT is handed back in the shape MSAL expects.
 *
 * <p>Status codes follow AAD and what MSAL caches: 401 {@code invalid_client} for any bad or missing client
 * credential (never 400: MSAL replays a cached 400 for 60 s), 400 for a malformed request or a foreign
 * resource, 503 + {@code Retry-After} while Keycloak is not there, never 500.
 */
@ApplicationScoped
public class TokenBroker {
    private static final Logger LOG = Logger.getLogger(TokenBroker.class);
    static final Duration DEFAULT_READY_WAIT = Duration.ofSeconds(20);
    static final String RETRY_AFTER_SECONDS = "5";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");
    private static final String DEFAULT_SUFFIX = "/.default";
    private static final DateTimeFormatter AAD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final IdentityService identity;
    private final ApplianceSettings settings;
    private volatile Duration readyWait = DEFAULT_READY_WAIT;

    @Inject
    public TokenBroker(IdentityService identity, ApplianceSettings settings) {
        this.identity = identity;
        this.settings = settings;
    }

    /** How long a token request waits for a starting Keycloak before answering 503 (default 20 s). */
    void readyWait(Duration wait) { this.readyWait = wait; }

    // ------------------------------------------------------------------------------------------------ discovery

    /** {@code GET /adfs/.well-known/openid-configuration}. MSAL takes {@code adfs} (token_endpoint's first segment) as tenant. */
    public Response adfsDiscovery() {
        String base = base() + "/adfs";
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", base);
        d.put("authorization_endpoint", base + "/oauth2/authorize/");
        d.put("token_endpoint", base + "/oauth2/token/");
        d.put("jwks_uri", base + "/discovery/keys");
        commonDiscovery(d);
        return json(200, d).build();
    }

    /** {@code GET /{tenant}/v2.0/.well-known/openid-configuration}; 400 for a tenant that does not exist. */
    public Response aadDiscovery(String tenant) {
        if (!tenantExists(tenant)) return unknownTenant(tenant, null);
        String base = base() + "/" + tenant;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", base + "/v2.0");
        d.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        d.put("token_endpoint", base + "/oauth2/v2.0/token");
        d.put("jwks_uri", base + "/discovery/v2.0/keys");
        commonDiscovery(d);
        d.put("tenant_region_scope", null);
        d.put("cloud_instance_name", hostOf(base()));
        return json(200, d).build();
    }

    private static void commonDiscovery(Map<String, Object> d) {
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        d.put("grant_types_supported", List.of("client_credentials"));
        d.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        d.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        d.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        d.put("subject_types_supported", List.of("pairwise"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("claims_supported", List.of("aud", "iss", "iat", "nbf", "exp", "sub", "azp", "appid", "tid", "app_displayname"));
    }

    /** The signing keys (JWKS) of a tenant's realm; {@code null} = the appliance's tenant. */
    public Response keys(String tenant) {
        String t = tenant == null ? settings.tenantId() : tenant;
        if (tenant != null && !tenantExists(t)) return unknownTenant(t, null);
        try {
            return Response.ok(identity.jwks(t), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "max-age=300").build();
        } catch (IdentityUnavailableException | IllegalStateException e) {
            return unavailable(null);
        }
    }

    // ------------------------------------------------------------------------------------------------ tokens

    /**
     * A token request (form fields as posted; unknown ones are ignored).
     *
     * @param tenant the tenant of an AAD-style request, or {@code null} for AD FS (= the appliance's tenant)
     * @param authorization the {@code Authorization} header, for {@code client_secret_basic}; may be null
     * @param clientRequestId the {@code client-request-id} header or query parameter, echoed; may be null
     */
    public Response token(String tenant, MultivaluedMap<String, String> form, String authorization, String clientRequestId) {
        String correlation = clientRequestId != null && !clientRequestId.isBlank() ? clientRequestId : UUID.randomUUID().toString();
        String t = tenant == null ? settings.tenantId() : tenant;
        if (tenant != null && !tenantExists(t)) return unknownTenant(t, correlation);

        String grant = field(form, "grant_type");
        if (grant == null) {
            return error(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.", correlation);
        }
        if (!"client_credentials".equals(grant)) {
            return error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + grant + "'.", correlation);
        }
        String clientId = field(form, "client_id");
        String secret = field(form, "client_secret");
        Optional<String[]> basic = basicCredentials(authorization);
        if (basic.isPresent()) {
            if (clientId == null) clientId = basic.get()[0];
            if (secret == null) secret = basic.get()[1];
        }
        if (clientId == null) {
            return error(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.", correlation);
        }
        if (secret == null) {
            return error(401, "invalid_client", 7000216,
                    "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.", correlation);
        }
        Optional<String> foreign = foreignResource(field(form, "scope"), field(form, "resource"), settings.audience());
        if (foreign.isPresent()) {
            return error(400, "invalid_resource", 500011, "The resource principal named " + foreign.get() + " was not found in the tenant named "
                    + t + ". This can happen if the application has not been installed by the administrator of the tenant or consented to by "
                    + "any user in the tenant. You might have sent your authentication request to the wrong tenant.", correlation);
        }

        IdentityService.TokenReply reply;
        try {
            if (!identity.keycloak().isReady()) identity.keycloak().awaitReady(readyWait);
            reply = identity.clientCredentialsToken(t, clientId, secret);
        } catch (IdentityUnavailableException e) {
            LOG.debugf("token request for %s while Keycloak is unavailable: %s", clientId, e.getMessage());
            return unavailable(correlation);
        }
        return answer(reply, t, clientId, correlation);
    }

    private Response answer(IdentityService.TokenReply reply, String tenant, String clientId, String correlation) {
        JsonNode body = reply.body();
        int status = reply.status();
        if (status == 200 && body.hasNonNull("access_token")) {
            long expiresIn = body.path("expires_in").asLong(IdentityService.ACCESS_TOKEN_LIFESPAN);
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("token_type", "Bearer");
            ok.put("expires_in", expiresIn);
            ok.put("ext_expires_in", expiresIn);
            ok.put("access_token", body.get("access_token").asText());
            LOG.debugf("issued a token to %s in tenant %s", clientId, tenant);
            return noStore(json(200, ok), correlation).build();
        }
        String kcError = body.path("error").asText("");
        if (status == 401 || (status == 400 && (kcError.equals("unauthorized_client") || kcError.equals("invalid_client")))) {
            return error(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the "
                    + "client secret value, not the client secret ID, for a secret added to app '" + clientId + "'.", correlation);
        }
        if (status == 404 || status >= 500) {
            // the realm is not there yet (Keycloak just started) or Keycloak has trouble: try again shortly
            LOG.warnf("Keycloak answered HTTP %d to a token request in tenant %s", status, tenant);
            return unavailable(correlation);
        }
        return error(400, "invalid_request", 90000, "The token request was rejected: " + body.path("error_description").asText(kcError), correlation);
    }

    /**
     * The requested resource that is not this appliance's audience, if any. {@code scope} may list several
     * space-separated scopes; {@code <resource>/.default} and a bare resource count, a trailing slash (even a
     * double one, {@code aud//.default}) does not matter, OIDC scopes are ignored. No scope and no resource is fine.
     */
    static Optional<String> foreignResource(String scope, String resource, String audience) {
        String want = TokenValidator.stripSlashes(audience);
        List<String> asked = new ArrayList<>();
        if (scope != null) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty() && !OIDC_SCOPES.contains(s.toLowerCase(Locale.ROOT))) asked.add(s);
            }
        }
        if (resource != null && !resource.isBlank()) asked.add(resource.trim());
        for (String s : asked) {
            String r = s.endsWith(DEFAULT_SUFFIX) ? s.substring(0, s.length() - DEFAULT_SUFFIX.length()) : s;
            if (!TokenValidator.stripSlashes(r).equalsIgnoreCase(want)) return Optional.of(TokenValidator.stripSlashes(r));
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private boolean tenantExists(String tenant) {
        if (tenant == null) return false;
        if (identity.isKnownTenant(tenant)) return true;
        try {
            return tenant.equals(settings.tenantId());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Response unknownTenant(String tenant, String correlation) {
        return error(400, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID "
                + "and are signing into the correct cloud.", correlation == null ? UUID.randomUUID().toString() : correlation);
    }

    private static Response unavailable(String correlation) {
        Response.ResponseBuilder b = json(503, Map.of(
                "error", "temporarily_unavailable",
                "error_description", "AADSTS90006: The identity service is starting or unavailable. Retry the request after a few seconds."))
                .header("Retry-After", RETRY_AFTER_SECONDS);
        return noStore(b, correlation).build();
    }

    private static Response error(int status, String error, int code, String message, String correlation) {
        String trace = UUID.randomUUID().toString();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("error", error);
        e.put("error_description", "AADSTS" + code + ": " + message);
        e.put("error_codes", List.of(code));
        e.put("timestamp", AAD_TIME.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        e.put("trace_id", trace);
        e.put("correlation_id", correlation);
        return noStore(json(status, e), correlation).header("x-ms-request-id", trace).build();
    }

    private static Response.ResponseBuilder json(int status, Object entity) {
        return Response.status(status).entity(entity).type(MediaType.APPLICATION_JSON_TYPE);
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder b, String correlation) {
        b.header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
        if (correlation != null) b.header("client-request-id", correlation);
        return b;
    }

    private static String field(MultivaluedMap<String, String> form, String name) {
        if (form == null) return null;
        String v = form.getFirst(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** {@code client_secret_basic}: the id and secret of a {@code Basic} header (form-url-encoded, per RFC 6749). */
    static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) return Optional.empty();
            return Optional.of(new String[] {
                    java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String base() {
        return TokenValidator.stripSlashes(settings.baseUrl());
    }

    private static String hostOf(String url) {
        try {
            return java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
