package io.strato.server.identity;

import static io.strato.server.identity.TestAppliance.AUDIENCE;
import static io.strato.server.identity.TestAppliance.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jwt.SignedJWT;
import io.strato.model.ArmException;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real Keycloak, started through the supervisor from the distribution in {@code strato.keycloak.home}
 * (system property or environment {@code STRATO_KEYCLOAK_HOME}; default {@code /root/.cache/strato/keycloak-26.7.3}),
 * with its H2 files in {@code target/keycloak-it}, emptied at each run except for Keycloak's private home. Slow
 * (about 80 s the first time, when Keycloak builds itself; about 45 s after):
 * select it with {@code -Dgroups=keycloak}, leave it out with {@code -DexcludedGroups=keycloak}. Skipped when
 * there is no distribution.
 */
@Tag("keycloak")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakIdentityTest {
    private Path data;
    private KeycloakSupervisor keycloak;
    private TestAppliance settings;
    private TokenValidator validator;
    private IdentityService identity;
    private TokenBroker broker;
    private ServicePrincipal sp;

    static Path distribution() {
        String configured = System.getProperty("strato.keycloak.home", System.getenv("STRATO_KEYCLOAK_HOME"));
        return Path.of(configured != null ? configured : "/root/.cache/strato/keycloak-26.7.3");
    }

    @BeforeAll
    void startKeycloak() throws Exception {
        Path dist = distribution();
        assumeTrue(Files.isExecutable(dist.resolve("bin/kc.sh")), "no Keycloak distribution at " + dist);
        // a fresh data folder, except for Keycloak's private home: its build survives, saving ~30-60 s a run
        data = Path.of("target/keycloak-it").toAbsolutePath();
        // (and the pid file, so that a Keycloak left behind by an aborted run is stopped)
        clean(data, List.of(data.resolve("keycloak/runtime"), data.resolve("keycloak/keycloak.pid")));
        settings = new TestAppliance(data);
        keycloak = new KeycloakSupervisor(KeycloakSupervisor.Options.embedded(dist, data));
        validator = new TokenValidator(settings);
        identity = new IdentityService(keycloak, settings, validator);
        broker = new TokenBroker(identity, settings);

        long t0 = System.nanoTime();
        identity.start();
        keycloak.awaitReady(Duration.ofMinutes(10));
        System.out.printf("Keycloak ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    void stopKeycloak() {
        if (keycloak != null) keycloak.stop();
    }

    /** Deletes everything under {@code dir} except the paths in {@code keep} and what is inside them. */
    private static void clean(Path dir, List<Path> keep) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder())
                    .filter(p -> !p.equals(dir) && keep.stream().noneMatch(k -> p.startsWith(k) || k.startsWith(p)))
                    .forEach(p -> p.toFile().delete());
        }
    }

    private Response adfsToken(String appId, String secret, String scope) {
        return broker.token(null, TokenBrokerTest.azForm(appId, secret, scope), null, "it-1");
    }

    @Test
    @Order(1)
    void ensuringATenantTwiceCreatesItsRealmOnceAndTrustsItsIssuer() {
        identity.ensureTenant(TENANT);
        identity.ensureTenant(TENANT);

        assertThat(identity.isKnownTenant(TENANT)).isTrue();
        assertThat(validator.issuerOf(TENANT)).contains(keycloak.internalUrl() + "/realms/" + TENANT);
    }

    @Test
    @Order(2)
    void aNewServicePrincipalHasAGuidAppIdItsServiceAccountAsObjectIdAndASecret() {
        long t0 = System.nanoTime();
        sp = identity.ensureServicePrincipal(TENANT, "ci pipeline", Optional.empty());
        System.out.printf("service principal created in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(sp.appId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(sp.objectId()).isNotBlank().isNotEqualTo(sp.appId());
        assertThat(sp.secret()).hasSize(40).matches("[A-Za-z0-9]+");
        assertThat(sp.toString()).doesNotContain(sp.secret());
    }

    @Test
    @Order(3)
    void ensuringAnExistingServicePrincipalReturnsItWithItsSecretAndNewName() {
        ServicePrincipal again = identity.ensureServicePrincipal(TENANT, "ci pipeline (renamed)", Optional.of(sp.appId()));

        assertThat(again).isEqualTo(sp);
    }

    @Test
    @Order(4)
    void azGetsAKeycloakSignedTokenForTheApplianceThatTheValidatorAccepts() throws Exception {
        long t0 = System.nanoTime();
        Response r = adfsToken(sp.appId(), sp.secret(), AUDIENCE + "//.default");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.getStatus()).isEqualTo(200);
        Map<String, Object> body = TokenBrokerTest.body(r);
        assertThat(body).containsOnlyKeys("token_type", "access_token", "expires_in", "ext_expires_in").containsEntry("token_type", "Bearer");
        assertThat(body.get("expires_in")).isInstanceOf(Number.class);
        assertThat(((Number) body.get("expires_in")).longValue()).isBetween(3500L, 3600L);
        String token = (String) body.get("access_token");

        SignedJWT jwt = SignedJWT.parse(token);
        System.out.printf("token in %d ms; claims %s%n", ms, jwt.getJWTClaimsSet().toJSONObject().keySet());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getJWTClaimsSet().getAudience()).contains(AUDIENCE);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("tid")).isEqualTo(TENANT);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("appid")).isEqualTo(sp.appId());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(keycloak.internalUrl() + "/realms/" + TENANT);

        Caller caller = validator.validate("Bearer " + token);
        assertThat(caller).isEqualTo(new Caller(sp.objectId(), sp.appId(), TENANT, "Application", "ci pipeline (renamed)"));
        long v0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) validator.validate("Bearer " + token);
        System.out.printf("validation: %.3f ms each%n", (System.nanoTime() - v0) / 1e9);
        assertThat(data.resolve("keycloak/jwks/" + TENANT + ".json")).exists();
    }

    @Test
    @Order(5)
    void aWrongSecretIsA401InvalidClient() {
        Response r = adfsToken(sp.appId(), "not-the-secret", AUDIENCE + "/.default");

        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(TokenBrokerTest.body(r)).containsEntry("error", "invalid_client");
        assertThat((String) TokenBrokerTest.body(r).get("error_description")).startsWith("AADSTS7000215: Invalid client secret provided.");
    }

    @Test
    @Order(6)
    void anUnknownAppIsA401InvalidClientToo() {
        Response r = adfsToken("00000000-0000-0000-0000-000000000000", "whatever", AUDIENCE + "/.default");

        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(TokenBrokerTest.body(r)).containsEntry("error", "invalid_client");
    }

    @Test
    @Order(7)
    void theJavascriptDefaultScopeIsAnInvalidResource() {
        Response r = adfsToken(sp.appId(), sp.secret(), "https://management.azure.com/.default");

        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(TokenBrokerTest.body(r)).containsEntry("error", "invalid_resource");
    }

    @Test
    @Order(8)
    void theAadStyleEndpointsServeTheSameTenant() throws Exception {
        Response r = broker.token(TENANT, TokenBrokerTest.form("grant_type", "client_credentials", "client_id", sp.appId(),
                "client_secret", sp.secret(), "scope", AUDIENCE + "/.default"), null, null);
        Response keys = broker.keys(TENANT);

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(validator.validate("Bearer " + TokenBrokerTest.body(r).get("access_token")).tenantId()).isEqualTo(TENANT);
        assertThat(keys.getStatus()).isEqualTo(200);
        assertThat(com.nimbusds.jose.jwk.JWKSet.parse((String) keys.getEntity()).getKeys()).isNotEmpty();
    }

    @Test
    @Order(9)
    void aSecondTenantGetsItsOwnRealmAndItsTokensAreItsOwn() {
        String other = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d";
        ServicePrincipal otherSp = identity.ensureServicePrincipal(other, "other", Optional.empty());
        Response r = broker.token(other, TokenBrokerTest.azForm(otherSp.appId(), otherSp.secret(), AUDIENCE + "/.default"), null, null);

        Caller caller = validator.validate("Bearer " + TokenBrokerTest.body(r).get("access_token"));
        // the first tenant's app does not exist in the second tenant
        Response cross = broker.token(other, TokenBrokerTest.azForm(sp.appId(), sp.secret(), AUDIENCE + "/.default"), null, null);

        assertThat(caller.tenantId()).isEqualTo(other);
        assertThat(caller.appId()).isEqualTo(otherSp.appId());
        assertThat(cross.getStatus()).isEqualTo(401);
    }

    @Test
    @Order(10)
    void aDeletedServicePrincipalGetsNoMoreTokens() {
        ServicePrincipal doomed = identity.ensureServicePrincipal(TENANT, "doomed", Optional.empty());
        identity.deleteServicePrincipal(TENANT, doomed.appId());
        identity.deleteServicePrincipal(TENANT, doomed.appId());

        assertThat(adfsToken(doomed.appId(), doomed.secret(), AUDIENCE + "/.default").getStatus()).isEqualTo(401);
    }

    @Test
    @Order(11)
    void aTokenOfTheMasterRealmIsFromTheWrongIssuer() throws Exception {
        KeycloakSupervisor.AdminCredentials admin = keycloak.adminCredentials();
        KeycloakAdmin.Reply r = KeycloakAdmin.postForm(keycloak, "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", admin.username(), "password", admin.password()));
        String token = r.json().path("access_token").asText();

        ArmException e = catchThrowableOfType(ArmException.class, () -> validator.validate("Bearer " + token));

        assertThat(e.error().code()).isEqualTo("InvalidAuthenticationTokenTenant");
    }

    @Test
    @Order(12)
    void keycloakComesBackAfterACrashAndTokensIssuedBeforeStillValidate() throws Exception {
        String before = (String) TokenBrokerTest.body(adfsToken(sp.appId(), sp.secret(), AUDIENCE + "/.default")).get("access_token");
        ProcessHandle p = keycloak.process().orElseThrow();

        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.onExit().get();
        long t0 = System.nanoTime();
        while (keycloak.isReady() && System.nanoTime() - t0 < 10_000_000_000L) Thread.sleep(50);
        // down: tokens still validate from the cached keys
        assertThat(validator.validate("Bearer " + before).appId()).isEqualTo(sp.appId());

        keycloak.awaitReady(Duration.ofMinutes(6));
        System.out.printf("Keycloak restarted after a crash in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Response after = adfsToken(sp.appId(), sp.secret(), AUDIENCE + "/.default");
        assertThat(after.getStatus()).isEqualTo(200);
        assertThat(validator.validate("Bearer " + TokenBrokerTest.body(after).get("access_token")).appId()).isEqualTo(sp.appId());
        assertThat(validator.validate("Bearer " + before).appId()).isEqualTo(sp.appId());
    }

    @Test
    @Order(13)
    void stoppingEndsKeycloak() {
        ProcessHandle p = keycloak.process().orElseThrow();
        long t0 = System.nanoTime();

        keycloak.stop();

        System.out.printf("Keycloak stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(p.isAlive()).isFalse();
        assertThat(p.descendants()).isEmpty();
    }
}
