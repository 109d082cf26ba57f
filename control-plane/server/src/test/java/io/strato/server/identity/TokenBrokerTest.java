package io.strato.server.identity;

import static io.strato.server.identity.TestAppliance.AUDIENCE;
import static io.strato.server.identity.TestAppliance.BASE_URL;
import static io.strato.server.identity.TestAppliance.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token service's request handling that does not need Keycloak. */
class TokenBrokerTest {
    @TempDir Path data;
    private KeycloakSupervisor keycloak;

    private TokenBroker broker() {
        // a Keycloak that never gets ready
        keycloak = new KeycloakSupervisor(new KeycloakSupervisor.Options(Optional.empty(), data, Optional.of("http://127.0.0.1:9"),
                Optional.of("admin"), Optional.of("pw"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        keycloak.start();
        TestAppliance settings = new TestAppliance(data);
        TokenValidator validator = new TokenValidator(settings::audience, settings::tenantId, settings::baseUrl, Clock.systemUTC());
        TokenBroker broker = new TokenBroker(new IdentityService(keycloak, settings, validator), settings);
        broker.readyWait(Duration.ofMillis(200));
        return broker;
    }

    @AfterEach
    void stop() {
        if (keycloak != null) keycloak.stop();
    }

    static MultivaluedMap<String, String> form(String... pairs) {
        MultivaluedMap<String, String> m = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.add(pairs[i], pairs[i + 1]);
        return m;
    }

    /** What az 2.45 posts (WIRE.md §3.1). */
    static MultivaluedMap<String, String> azForm(String appId, String secret, String scope) {
        return form("client_id", appId, "grant_type", "client_credentials", "client_info", "1", "client_secret", secret,
                "claims", "{\"access_token\": {\"xms_cc\": {\"values\": [\"CP1\"]}}}", "scope", scope);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Response r) {
        return (Map<String, Object>) r.getEntity();
    }

    @Test
    void theAdfsDiscoveryDocumentNamesATokenEndpointWhoseFirstSegmentIsAdfs() {
        Response r = broker().adfsDiscovery();

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(body(r)).containsEntry("issuer", BASE_URL + "/adfs")
                .containsEntry("authorization_endpoint", BASE_URL + "/adfs/oauth2/authorize/")
                .containsEntry("token_endpoint", BASE_URL + "/adfs/oauth2/token/")
                .containsEntry("jwks_uri", BASE_URL + "/adfs/discovery/keys")
                .containsKeys("token_endpoint_auth_methods_supported", "grant_types_supported", "id_token_signing_alg_values_supported");
        assertThat(java.net.URI.create((String) body(r).get("token_endpoint")).getPath().split("/")[1]).isEqualTo("adfs");
    }

    @Test
    void theAadDiscoveryDocumentOfTheAppliancesTenantNamesItsV2Endpoints() {
        Response r = broker().aadDiscovery(TENANT);

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(body(r)).containsEntry("token_endpoint", BASE_URL + "/" + TENANT + "/oauth2/v2.0/token")
                .containsEntry("issuer", BASE_URL + "/" + TENANT + "/v2.0");
    }

    @Test
    void anUnknownTenantHasNoDiscoveryDocumentAndNoTokens() {
        TokenBroker broker = broker();
        String other = "11111111-2222-3333-4444-555555555555";

        Response discovery = broker.aadDiscovery(other);
        Response token = broker.token(other, azForm("a", "s", AUDIENCE + "/.default"), null, null);

        assertThat(discovery.getStatus()).isEqualTo(400);
        assertThat(body(discovery)).containsEntry("error", "invalid_tenant");
        assertThat(token.getStatus()).isEqualTo(400);
        assertThat((String) body(token).get("error_description")).startsWith("AADSTS90002: Tenant '" + other + "' not found.");
    }

    @Test
    void aScopeForAnotherResourceIsAnInvalidResourceNamingItAndTheTenant() {
        Response r = broker().token(null, azForm("app", "secret", "https://management.azure.com/.default"), null, "req-1");

        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(body(r)).containsEntry("error", "invalid_resource").containsEntry("error_codes", List.of(500011))
                .containsEntry("correlation_id", "req-1");
        assertThat((String) body(r).get("error_description")).startsWith("AADSTS500011: The resource principal named https://management.azure.com "
                + "was not found in the tenant named " + TENANT + ".");
        assertThat(r.getHeaderString("client-request-id")).isEqualTo("req-1");
        assertThat(r.getHeaderString("Cache-Control")).contains("no-store");
    }

    @Test
    void theAppliancesAudienceIsAcceptedWithOrWithoutTrailingSlashesAndDefaultSuffix() {
        for (String scope : new String[] {AUDIENCE + "/.default", AUDIENCE + "//.default", AUDIENCE, AUDIENCE + "/",
                "openid " + AUDIENCE + "/.default offline_access", AUDIENCE.toUpperCase().replace("HTTPS", "https") + "/.default"}) {
            assertThat(TokenBroker.foreignResource(scope, null, AUDIENCE)).as(scope).isEmpty();
        }
        assertThat(TokenBroker.foreignResource(null, null, AUDIENCE)).isEmpty();
        assertThat(TokenBroker.foreignResource(null, AUDIENCE + "/", AUDIENCE)).isEmpty();
        assertThat(TokenBroker.foreignResource(AUDIENCE + "/.default", null, AUDIENCE + "/")).isEmpty();
    }

    @Test
    void anyOtherResourceIsForeign() {
        assertThat(TokenBroker.foreignResource("https://management.azure.com/.default", null, AUDIENCE)).contains("https://management.azure.com");
        assertThat(TokenBroker.foreignResource("https://127.0.0.1:8443/.default", null, AUDIENCE)).contains("https://127.0.0.1:8443");
        assertThat(TokenBroker.foreignResource(AUDIENCE + "/user_impersonation", null, AUDIENCE)).contains(AUDIENCE + "/user_impersonation");
        assertThat(TokenBroker.foreignResource(AUDIENCE + "/.default", "https://graph.local/", AUDIENCE)).contains("https://graph.local");
    }

    @Test
    void missingOrBadCredentialFieldsAreRejectedWithoutAsking() {
        TokenBroker broker = broker();

        Response noGrant = broker.token(null, form("client_id", "a", "client_secret", "s"), null, null);
        Response password = broker.token(null, form("grant_type", "password", "client_id", "a", "username", "u", "password", "p"), null, null);
        Response noClient = broker.token(null, form("grant_type", "client_credentials", "client_secret", "s"), null, null);
        Response noSecret = broker.token(null, form("grant_type", "client_credentials", "client_id", "a"), null, null);

        assertThat(noGrant.getStatus()).isEqualTo(400);
        assertThat(password.getStatus()).isEqualTo(400);
        assertThat(body(password)).containsEntry("error", "unsupported_grant_type");
        assertThat(noClient.getStatus()).isEqualTo(400);
        assertThat(noSecret.getStatus()).isEqualTo(401);
        assertThat(body(noSecret)).containsEntry("error", "invalid_client");
    }

    @Test
    void aTokenRequestWhileKeycloakIsNotThereIsA503WithRetryAfter() {
        Response r = broker().token(null, azForm("app", "secret", AUDIENCE + "/.default"), null, null);

        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(body(r)).containsEntry("error", "temporarily_unavailable");
        assertThat(r.getHeaderString("client-request-id")).isNotBlank();
    }

    @Test
    void basicAuthenticationCarriesTheFormEncodedClientIdAndSecret() {
        String header = "Basic " + Base64.getEncoder().encodeToString("my%3Aapp:s3cr%2Bt".getBytes(StandardCharsets.UTF_8));

        assertThat(TokenBroker.basicCredentials(header)).hasValueSatisfying(c -> assertThat(c).containsExactly("my:app", "s3cr+t"));
        assertThat(TokenBroker.basicCredentials("Bearer x")).isEmpty();
        assertThat(TokenBroker.basicCredentials("Basic !!!")).isEmpty();
        assertThat(TokenBroker.basicCredentials(null)).isEmpty();
    }
}
