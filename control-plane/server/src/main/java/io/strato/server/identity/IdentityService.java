package io.strato.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import io.strato.server.boot.ApplianceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Tenants and service principals, kept in Keycloak: one realm per tenant (realm name = tenant id), one
 * confidential client with a service account per service principal (client id = app id).
 *
 * <p>Every realm gets a default client scope {@value #ARM_SCOPE} whose mappers put the appliance's ARM audience
 * into {@code aud}, the tenant id into {@code tid} and the client id into {@code appid} of every access token;
 * its access tokens live {@value #ACCESS_TOKEN_LIFESPAN} s. Once a tenant is ensured, {@link TokenValidator}
 * trusts its tokens.
 *
 * <p>On start-up, and again whenever Keycloak (re)starts, the appliance's own tenant
 * ({@link ApplianceSettings#tenantId()}) and every tenant ensured before are ensured, on the supervisor's
 * thread. Until then the appliance's tenant is trusted provisionally, with the issuer the embedded Keycloak
 * will use, so tokens issued before a restart keep working while Keycloak starts.
 *
 * <p>Methods that talk to Keycloak throw {@link IdentityUnavailableException} when it does not answer.
 * Secrets are never logged.
 */
@ApplicationScoped
public class IdentityService {
    private static final Logger LOG = Logger.getLogger(IdentityService.class);
    /** The realm default client scope that shapes tokens for ARM. */
    public static final String ARM_SCOPE = "strato-arm";
    /** Access-token lifespan of every tenant, in seconds. */
    public static final int ACCESS_TOKEN_LIFESPAN = 3600;
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");

    private final KeycloakSupervisor keycloak;
    private final ApplianceSettings settings;
    private final TokenValidator validator;
    private final KeycloakAdmin admin;
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    @Inject
    public IdentityService(KeycloakSupervisor keycloak, ApplianceSettings settings, TokenValidator validator) {
        this.keycloak = keycloak;
        this.settings = settings;
        this.validator = validator;
        this.admin = new KeycloakAdmin(keycloak);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /**
     * Trusts the appliance's tenant provisionally and arranges for it (and every known tenant) to be ensured
     * each time Keycloak becomes ready. Returns at once.
     */
    public void start() {
        keycloak.onReady(this::ensureKnownTenants);
        keycloak.start();
        try {
            String tenant = settings.tenantId();
            String base = keycloak.internalUrl();
            if (!validator.trusts(tenant)) validator.trust(tenant, base + "/realms/" + tenant, jwksUrl(tenant), jwksCopy(tenant));
        } catch (RuntimeException e) {
            LOG.debugf("no provisional trust: %s", e.getMessage());
        }
        if (keycloak.isReady()) Thread.ofPlatform().daemon().name("identity-bootstrap").start(this::ensureKnownTenants);
    }

    /** Ensures the appliance's tenant and every known one; three tries, as Keycloak may still be settling. */
    private void ensureKnownTenants() {
        for (int attempt = 1; ; attempt++) {
            try {
                ensureTenant(settings.tenantId());
                for (String t : List.copyOf(tenants)) ensureTenant(t);
                return;
            } catch (RuntimeException e) {
                if (attempt == 3 || !keycloak.isReady()) {
                    if (e instanceof IdentityUnavailableException) {
                        LOG.infof("Identity tenants not set up, Keycloak is gone again (%s); will retry when it is back", e.getMessage());
                    } else {
                        LOG.errorf("Cannot set up the identity tenants in Keycloak: %s", e.getMessage());
                    }
                    return;
                }
                LOG.debugf("setting up the identity tenants failed (%s); trying again", e.getMessage());
                try {
                    Thread.sleep(2_000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whether {@code tenantId} has been ensured (is served and trusted). */
    public boolean isKnownTenant(String tenantId) {
        return tenantId != null && tenants.contains(tenantId);
    }

    /**
     * Creates the tenant's realm and its {@value #ARM_SCOPE} client scope when missing, fixes them when they
     * differ from what they should be, and trusts the realm's tokens. Idempotent; safe to race.
     *
     * @throws IllegalArgumentException when {@code tenantId} cannot be a realm name
     */
    public void ensureTenant(String tenantId) {
        requireTenantName(tenantId);
        synchronized (locks.computeIfAbsent(tenantId, t -> new Object())) {
            ensureTenantLocked(tenantId);
        }
    }

    private void ensureTenantLocked(String tenantId) {
        String realm = "/admin/realms/" + tenantId;
        Optional<JsonNode> existing = admin.get(realm);
        if (existing.isEmpty()) {
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("realm", tenantId);
            rep.put("enabled", true);
            rep.put("accessTokenLifespan", ACCESS_TOKEN_LIFESPAN);
            KeycloakAdmin.Reply r = admin.post("/admin/realms", rep);
            if (r.status() == 201) {
                LOG.infof("Created the Keycloak realm of tenant %s", tenantId);
            } else if (admin.get(realm).isEmpty()) {
                // a concurrent creation (another replica) gets 409, or 400 "Database operation failed" on H2
                KeycloakAdmin.expectOk(r, "POST", "/admin/realms");
            }
        } else if (existing.get().path("accessTokenLifespan").asInt() != ACCESS_TOKEN_LIFESPAN) {
            admin.put(realm, Map.of("accessTokenLifespan", ACCESS_TOKEN_LIFESPAN));
        }
        ensureArmScope(tenantId);

        JsonNode discovery = KeycloakAdmin.expectOk(KeycloakAdmin.getPublic(keycloak, "/realms/" + tenantId + "/.well-known/openid-configuration"),
                "GET", "/realms/" + tenantId + "/.well-known/openid-configuration").json();
        String issuer = discovery.path("issuer").asText();
        validator.trust(tenantId, issuer, jwksUrl(tenantId), jwksCopy(tenantId));
        if (tenants.add(tenantId)) LOG.infof("Tenant %s is served by Keycloak (issuer %s)", tenantId, issuer);
    }

    private void ensureArmScope(String tenantId) {
        String scopes = "/admin/realms/" + tenantId + "/client-scopes";
        List<Map<String, Object>> wanted = armMappers(tenantId);
        Optional<JsonNode> scope = findByField(admin.get(scopes).orElseThrow(), "name", ARM_SCOPE);
        String scopeId;
        if (scope.isEmpty()) {
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("name", ARM_SCOPE);
            rep.put("description", "Strato: ARM audience, tid and appid claims");
            rep.put("protocol", "openid-connect");
            rep.put("attributes", Map.of("include.in.token.scope", "false", "display.on.consent.screen", "false"));
            rep.put("protocolMappers", wanted);
            KeycloakAdmin.Reply r = admin.post(scopes, rep);
            if (r.ok()) {
                scopeId = r.createdId();
            } else {
                // created concurrently? then use that one
                scopeId = findByField(admin.get(scopes).orElseThrow(), "name", ARM_SCOPE)
                        .orElseThrow(() -> new IllegalStateException("Keycloak admin POST " + scopes + " answered HTTP " + r.status()))
                        .path("id").asText();
            }
        } else {
            scopeId = scope.get().path("id").asText();
            String models = scopes + "/" + scopeId + "/protocol-mappers/models";
            JsonNode have = scope.get().path("protocolMappers");
            for (Map<String, Object> m : wanted) {
                Optional<JsonNode> current = findByField(have, "name", (String) m.get("name"));
                if (current.isEmpty()) {
                    KeycloakAdmin.expectOk(admin.post(models, m), "POST", models);
                } else if (!sameMapper(current.get(), m)) {
                    Map<String, Object> update = new LinkedHashMap<>(m);
                    update.put("id", current.get().path("id").asText());
                    admin.put(models + "/" + current.get().path("id").asText(), update);
                }
            }
        }
        String defaults = "/admin/realms/" + tenantId + "/default-default-client-scopes";
        if (findByField(admin.get(defaults).orElseThrow(), "id", scopeId).isEmpty()) admin.put(defaults + "/" + scopeId, null);
    }

    /** The protocol mappers of the {@value #ARM_SCOPE} scope. */
    List<Map<String, Object>> armMappers(String tenantId) {
        return List.of(
                mapper("arm-audience", "oidc-audience-mapper", Map.of(
                        "included.custom.audience", settings.audience(),
                        "access.token.claim", "true",
                        "id.token.claim", "false",
                        "introspection.token.claim", "true")),
                mapper("tenant-id", "oidc-hardcoded-claim-mapper", Map.of(
                        "claim.name", "tid",
                        "claim.value", tenantId,
                        "jsonType.label", "String",
                        "access.token.claim", "true",
                        "id.token.claim", "true",
                        "introspection.token.claim", "true",
                        "userinfo.token.claim", "false")),
                // Keycloak keeps the client id of a client-credentials login in this session note
                mapper("app-id", "oidc-usersessionmodel-note-mapper", Map.of(
                        "user.session.note", "client_id",
                        "claim.name", "appid",
                        "jsonType.label", "String",
                        "access.token.claim", "true",
                        "id.token.claim", "false",
                        "introspection.token.claim", "true")));
    }

    private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("protocol", "openid-connect");
        m.put("protocolMapper", type);
        m.put("config", config);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static boolean sameMapper(JsonNode have, Map<String, Object> want) {
        if (!want.get("protocolMapper").equals(have.path("protocolMapper").asText())) return false;
        Map<String, String> config = (Map<String, String>) want.get("config");
        return config.entrySet().stream().allMatch(e -> e.getValue().equals(have.path("config").path(e.getKey()).asText(null)));
    }

    /**
     * Creates a service principal in {@code tenantId}, or returns the one whose app id is {@code existingAppId}
     * (creating it with that app id if it does not exist). A new one gets a new GUID as app id and a random
     * 40-character secret; an existing one keeps its secret, and its display name is updated.
     */
    public ServicePrincipal ensureServicePrincipal(String tenantId, String displayName, Optional<String> existingAppId) {
        requireTenantName(tenantId);
        Objects.requireNonNull(displayName, "displayName");
        existingAppId.ifPresent(IdentityService::requireAppId);
        if (!isKnownTenant(tenantId)) ensureTenant(tenantId);
        String clients = "/admin/realms/" + tenantId + "/clients";
        String appId = existingAppId.orElseGet(() -> UUID.randomUUID().toString());

        Optional<JsonNode> found = existingAppId.isPresent() ? findClient(tenantId, appId) : Optional.empty();
        String internalId;
        String secret;
        if (found.isPresent()) {
            internalId = found.get().path("id").asText();
            if (!displayName.equals(found.get().path("name").asText())) updateDisplayName(tenantId, found.get(), displayName);
            String path = clients + "/" + internalId + "/client-secret";
            secret = admin.get(path).orElseThrow(() -> new IllegalStateException("no secret for app " + appId)).path("value").asText();
        } else {
            secret = Secrets.random(40);
            KeycloakAdmin.Reply r = admin.post(clients, clientRepresentation(appId, displayName, secret));
            if (r.status() == 409) {
                // created concurrently by someone else: take theirs
                return ensureServicePrincipal(tenantId, displayName, Optional.of(appId));
            }
            internalId = KeycloakAdmin.expectOk(r, "POST", clients).createdId();
            LOG.infof("Created service principal %s (%s) in tenant %s", appId, displayName, tenantId);
        }
        String objectId = admin.get(clients + "/" + internalId + "/service-account-user")
                .orElseThrow(() -> new IllegalStateException("app " + appId + " has no service account"))
                .path("id").asText();
        return new ServicePrincipal(appId, objectId, secret);
    }

    /** Deletes the service principal with app id {@code appId}; does nothing when there is none. */
    public void deleteServicePrincipal(String tenantId, String appId) {
        requireTenantName(tenantId);
        requireAppId(appId);
        findClient(tenantId, appId).ifPresent(c -> admin.delete("/admin/realms/" + tenantId + "/clients/" + c.path("id").asText()));
    }

    private Optional<JsonNode> findClient(String tenantId, String appId) {
        String q = "/admin/realms/" + tenantId + "/clients?clientId=" + URLEncoder.encode(appId, StandardCharsets.UTF_8);
        return findByField(admin.get(q).orElseThrow(), "clientId", appId);
    }

    private void updateDisplayName(String tenantId, JsonNode client, String displayName) {
        String id = client.path("id").asText();
        admin.put("/admin/realms/" + tenantId + "/clients/" + id, Map.of("name", displayName));
        String models = "/admin/realms/" + tenantId + "/clients/" + id + "/protocol-mappers/models";
        Map<String, Object> m = displayNameMapper(displayName);
        Optional<JsonNode> current = findByField(client.path("protocolMappers"), "name", (String) m.get("name"));
        if (current.isEmpty()) {
            KeycloakAdmin.expectOk(admin.post(models, m), "POST", models);
        } else {
            Map<String, Object> update = new LinkedHashMap<>(m);
            update.put("id", current.get().path("id").asText());
            admin.put(models + "/" + current.get().path("id").asText(), update);
        }
    }

    private static Map<String, Object> clientRepresentation(String appId, String displayName, String secret) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("clientId", appId);
        rep.put("name", displayName);
        rep.put("protocol", "openid-connect");
        rep.put("enabled", true);
        rep.put("publicClient", false);
        rep.put("clientAuthenticatorType", "client-secret");
        rep.put("secret", secret);
        rep.put("serviceAccountsEnabled", true);
        rep.put("standardFlowEnabled", false);
        rep.put("implicitFlowEnabled", false);
        rep.put("directAccessGrantsEnabled", false);
        rep.put("protocolMappers", List.of(displayNameMapper(displayName)));
        return rep;
    }

    /** Puts the app's display name into {@code app_displayname}, as Azure AD does. */
    private static Map<String, Object> displayNameMapper(String displayName) {
        return mapper("app-displayname", "oidc-hardcoded-claim-mapper", Map.of(
                "claim.name", "app_displayname",
                "claim.value", displayName,
                "jsonType.label", "String",
                "access.token.claim", "true",
                "id.token.claim", "false",
                "introspection.token.claim", "true",
                "userinfo.token.claim", "false"));
    }

    /** What Keycloak answered to a client-credentials token request. */
    public record TokenReply(int status, JsonNode body) {}

    /**
     * Asks Keycloak for a client-credentials token of {@code tenantId}'s realm (no scope: Keycloak's default
     * scopes add the ARM audience). The secret goes to Keycloak only.
     *
     * @throws IdentityUnavailableException when Keycloak does not answer
     */
    public TokenReply clientCredentialsToken(String tenantId, String clientId, String clientSecret) {
        requireTenantName(tenantId);
        KeycloakAdmin.Reply r = KeycloakAdmin.postForm(keycloak, "/realms/" + tenantId + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials",
                "client_id", clientId,
                "client_secret", clientSecret));
        JsonNode body;
        try {
            body = r.json();
        } catch (IllegalStateException notJson) {
            body = KeycloakAdmin.JSON.nullNode();
        }
        return new TokenReply(r.status(), body);
    }

    /** The realm's JWKS as Keycloak serves it (public keys), as JSON text. */
    public String jwks(String tenantId) {
        requireTenantName(tenantId);
        return KeycloakAdmin.expectOk(KeycloakAdmin.getPublic(keycloak, "/realms/" + tenantId + "/protocol/openid-connect/certs"),
                "GET", "certs").body();
    }

    /** Keycloak's readiness, for callers that want to wait (see {@link KeycloakSupervisor#awaitReady(Duration)}). */
    public KeycloakSupervisor keycloak() { return keycloak; }

    private String jwksUrl(String tenantId) {
        return keycloak.internalUrl() + "/realms/" + tenantId + "/protocol/openid-connect/certs";
    }

    private java.nio.file.Path jwksCopy(String tenantId) {
        return keycloak.dataDir().resolve("keycloak/jwks/" + tenantId + ".json");
    }

    private static Optional<JsonNode> findByField(JsonNode array, String field, String value) {
        if (array == null || !array.isArray()) return Optional.empty();
        for (JsonNode n : array) if (value.equals(n.path(field).asText(null))) return Optional.of(n);
        return Optional.empty();
    }

    static void requireTenantName(String tenantId) {
        if (tenantId == null || !TENANT.matcher(tenantId).matches()) throw new IllegalArgumentException("not a valid tenant id: " + tenantId);
    }

    private static void requireAppId(String appId) {
        if (appId == null || !APP_ID.matcher(appId).matches()) throw new IllegalArgumentException("not a valid app id: " + appId);
    }
}
