package io.strato.server.identity;

import static io.strato.server.identity.TestAppliance.AUDIENCE;
import static io.strato.server.identity.TestAppliance.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.strato.model.ArmError;
import io.strato.model.ArmException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenValidatorTest {
    static final Instant NOW = Instant.parse("2026-11-28T02:21:30Z");
    static final String ISSUER = "http://127.0.0.1:40123/realms/" + TENANT;
    static final String APP_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    static final String OBJECT_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static RSAKey key;
    static RSAKey otherKey;

    private final TokenValidator validator = validator(AUDIENCE);

    @BeforeAll
    static void keys() throws JOSEException {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    static TokenValidator validator(String audience) {
        TokenValidator v = new TokenValidator(() -> audience, () -> TENANT, () -> TestAppliance.BASE_URL, Clock.fixed(NOW, ZoneOffset.UTC));
        v.trust(TENANT, ISSUER, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
        return v;
    }

    /** Claims of a service-principal token as Keycloak issues it. */
    static JWTClaimsSet.Builder servicePrincipalClaims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE, "account"))
                .subject(OBJECT_ID)
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(3540)))
                .jwtID("trrtcc:1")
                .claim("typ", "Bearer")
                .claim("azp", APP_ID)
                .claim("client_id", APP_ID)
                .claim("appid", APP_ID)
                .claim("tid", TENANT)
                .claim("preferred_username", "service-account-" + APP_ID)
                .claim("app_displayname", "ci pipeline");
    }

    static String bearer(JWTClaimsSet claims, RSAKey signer) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(signer));
            return "Bearer " + jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bearer(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder b = servicePrincipalClaims();
        change.accept(b);
        return bearer(b.build(), key);
    }

    private ArmException failure(String header) {
        return catchThrowableOfType(ArmException.class, () -> validator.validate(header));
    }

    @Test
    void aServicePrincipalsTokenGivesItsObjectIdAppIdTenantAndName() {
        Caller caller = validator.validate(bearer(b -> {}));

        assertThat(caller).isEqualTo(new Caller(OBJECT_ID, APP_ID, TENANT, "Application", "ci pipeline"));
        assertThat(caller.isApplication()).isTrue();
    }

    @Test
    void aUsersTokenIsAUserNamedByItsName() {
        String header = bearer(new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject("u-1").expirationTime(Date.from(NOW.plusSeconds(600)))
                .claim("azp", "az-cli").claim("preferred_username", "alice").claim("name", "Alice Liddell")
                .build(), key);

        assertThat(validator.validate(header)).isEqualTo(new Caller("u-1", "az-cli", TENANT, "User", "Alice Liddell"));
    }

    @Test
    void aTokenSeenBeforeIsAcceptedAgainUntilItExpires() {
        String header = bearer(b -> b.expirationTime(Date.from(NOW.plusSeconds(120))));
        MutableClock clock = new MutableClock(NOW);
        TokenValidator v = new TokenValidator(() -> AUDIENCE, () -> TENANT, () -> TestAppliance.BASE_URL, clock);
        v.trust(TENANT, ISSUER, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));

        Caller first = v.validate(header);
        assertThat(v.validate(header)).isEqualTo(first);
        clock.now = NOW.plusSeconds(120 + 61);
        assertThat(catchThrowableOfType(ArmException.class, () -> v.validate(header)).error().code()).isEqualTo("ExpiredAuthenticationToken");
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) { this.now = now; }

        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(java.time.ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        String header = bearer(b -> {}).replaceFirst("Bearer", "bearer");

        assertThat(validator.validate(header).appId()).isEqualTo(APP_ID);
    }

    @Test
    void aTrailingSlashOnEitherAudienceDoesNotMatter() {
        assertThat(validator.validate(bearer(b -> b.audience(AUDIENCE + "/"))).objectId()).isEqualTo(OBJECT_ID);
        assertThat(validator(AUDIENCE + "/").validate(bearer(b -> b.audience(AUDIENCE))).objectId()).isEqualTo(OBJECT_ID);
    }

    @Test
    void aMissingHeaderFailsAuthentication() {
        for (String header : new String[] {null, "", "  "}) {
            ArmException e = failure(header);
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.error().code()).isEqualTo("AuthenticationFailed");
            assertThat(e.error().message()).isEqualTo("Authentication failed. The 'Authorization' header is missing.");
        }
    }

    @Test
    void anythingButABearerJwtIsAnInvalidToken() {
        for (String header : new String[] {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer opaque-0123456789abcdef", "Bearer a.b.c",
                bearer(b -> {}).substring(7)}) {
            ArmException e = failure(header);
            assertThat(e.status()).as(header).isEqualTo(401);
            assertThat(e.error().code()).as(header).isEqualTo("InvalidAuthenticationToken");
            assertThat(e.error().message()).isEqualTo("The access token is invalid.");
        }
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderTheSameKeyIdIsInvalid() {
        assertThat(failure(bearer(servicePrincipalClaims().build(), otherKey)).error().code()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void aTokenNamingAnUnknownKeyIdIsInvalid() throws JOSEException {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k2").generate();

        assertThat(failure(bearer(servicePrincipalClaims().build(), stranger)).error().code()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void aTokenWhosePayloadWasChangedIsInvalid() {
        String[] parts = bearer(b -> {}).substring(7).split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                servicePrincipalClaims().subject("someone-else").build().toString().getBytes(StandardCharsets.UTF_8));

        assertThat(failure("Bearer " + parts[0] + "." + forged + "." + parts[2]).error().code()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void anHmacSignedTokenIsInvalidEvenWithAGoodKeyId() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), servicePrincipalClaims().build());
        jwt.sign(new MACSigner(new byte[32]));

        assertThat(failure("Bearer " + jwt.serialize()).error().code()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void anUnsignedTokenIsInvalid() {
        String plain = new PlainJWT(servicePrincipalClaims().build()).serialize();

        assertThat(failure("Bearer " + plain).error().code()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void anExpiredTokenIsReportedWithItsExpiryAndTheCurrentTimeInAzuresFormat() {
        ArmException e = failure(bearer(b -> b.expirationTime(Date.from(NOW.minusSeconds(120)))));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error().code()).isEqualTo("ExpiredAuthenticationToken");
        assertThat(e.error().message())
                .isEqualTo("The access token expiry UTC time '11/28/2026 2:19:30 AM' is earlier than current UTC time '11/28/2026 2:21:30 AM'.");
    }

    @Test
    void aTokenExpiredLessThanAMinuteAgoIsStillAccepted() {
        assertThat(validator.validate(bearer(b -> b.expirationTime(Date.from(NOW.minusSeconds(50))))).appId()).isEqualTo(APP_ID);
    }

    @Test
    void aTokenWithoutExpiryIsInvalid() {
        assertThat(failure(bearer(b -> b.expirationTime(null))).error().code()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void aTokenNotValidBeforeSomeMinutesFromNowIsInvalid() {
        assertThat(failure(bearer(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(300))))).error().code()).isEqualTo("InvalidAuthenticationToken");
        assertThat(validator.validate(bearer(b -> b.notBeforeTime(Date.from(NOW.plusSeconds(30))))).appId()).isEqualTo(APP_ID);
    }

    @Test
    void aTokenForAnotherAudienceNamesItsAudienceAndTheAllowedOnes() {
        ArmException e = failure(bearer(b -> b.audience(List.of("https://management.azure.com/", "account"))));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error().code()).isEqualTo("InvalidAuthenticationTokenAudience");
        assertThat(e.error().message()).isEqualTo("The access token has been obtained for wrong audience or resource "
                + "'https://management.azure.com/,account'. It should exactly match with one of the allowed audiences '"
                + AUDIENCE + "','" + AUDIENCE + "/'.");
    }

    @Test
    void aTokenWithoutAudienceHasTheWrongAudience() {
        assertThat(failure(bearer(b -> b.audience((String) null))).error().code()).isEqualTo("InvalidAuthenticationTokenAudience");
    }

    @Test
    void aTokenFromAnUntrustedIssuerIsFromTheWrongTenant() {
        ArmException e = failure(bearer(b -> b.issuer("http://127.0.0.1:40123/realms/master")));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error().code()).isEqualTo("InvalidAuthenticationTokenTenant");
        assertThat(e.error().message()).startsWith("The access token is from the wrong issuer 'http://127.0.0.1:40123/realms/master'. "
                + "It must match the tenant '" + ISSUER + "' associated with this subscription. Please use the authority (URL) '"
                + TestAppliance.BASE_URL + "/adfs' to get the token.");
    }

    @Test
    void theIssuerIsCheckedBeforeTheSignature() {
        // an untrusted issuer has no keys to check against: the answer is about the issuer
        assertThat(failure(bearer(servicePrincipalClaims().issuer("https://sts.windows.net/x/").build(), otherKey)).error().code())
                .isEqualTo("InvalidAuthenticationTokenTenant");
    }

    @Test
    void aTokenOfAnotherTrustedTenantBelongsToThatTenant() throws JOSEException {
        RSAKey key2 = new RSAKeyGenerator(2048).keyID("t2").generate();
        validator.trust("tenant-2", "http://127.0.0.1:40123/realms/tenant-2", new ImmutableJWKSet<>(new JWKSet(key2.toPublicJWK())));

        Caller caller = validator.validate(bearer(servicePrincipalClaims().issuer("http://127.0.0.1:40123/realms/tenant-2").build(), key2));

        assertThat(caller.tenantId()).isEqualTo("tenant-2");
        // a key of one tenant does not sign for another
        assertThat(failure(bearer(servicePrincipalClaims().issuer("http://127.0.0.1:40123/realms/tenant-2").build(), key)).error().code())
                .isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void trustingATenantAgainUnderANewIssuerForgetsTheOldIssuer() {
        validator.trust(TENANT, "http://127.0.0.1:50000/realms/" + TENANT, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));

        assertThat(failure(bearer(b -> {})).error().code()).isEqualTo("InvalidAuthenticationTokenTenant");
        assertThat(validator.validate(bearer(b -> b.issuer("http://127.0.0.1:50000/realms/" + TENANT))).tenantId()).isEqualTo(TENANT);
        assertThat(validator.issuerOf(TENANT)).contains("http://127.0.0.1:50000/realms/" + TENANT);
    }

    @Test
    void keysThatCannotBeFetchedAreServiceUnavailableNotARejection() {
        JWKSource<SecurityContext> down = (selector, context) -> {
            throw new KeySourceException("connection refused");
        };
        validator.trust(TENANT, ISSUER, down);

        ArmException e = failure(bearer(b -> {}));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.error().code()).isEqualTo("ServiceUnavailable");
    }

    @Test
    void theWwwAuthenticateHeaderNamesTheAdfsAuthorityAndTheError() {
        ArmError error = new ArmError("InvalidAuthenticationToken", "The access token is invalid.", null);

        assertThat(TokenValidator.wwwAuthenticate("https://127.0.0.1:8443/", TENANT, error)).isEqualTo(
                "Bearer authorization_uri=\"https://127.0.0.1:8443/adfs\", error=\"invalid_token\", error_description=\"The access token is invalid.\"");
        assertThat(TokenValidator.wwwAuthenticate("https://h", TENANT, new ArmError("X", "say \"hi\"\r\nnow", null)))
                .endsWith("error_description=\"say \\\"hi\\\" now\"");
    }

    @Test
    void keysAreFetchedOnceKeptOnDiskAndServedFromThereWhenKeycloakIsDown(@TempDir Path dir) throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        AtomicReference<String> served = new AtomicReference<>(new JWKSet(key.toPublicJWK()).toString());
        HttpServer server = jwksServer(fetches, served);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
        Path copy = dir.resolve("jwks/" + TENANT + ".json");
        try {
            TokenValidator v = new TokenValidator(() -> AUDIENCE, () -> TENANT, () -> TestAppliance.BASE_URL, Clock.fixed(NOW, ZoneOffset.UTC));
            v.trust(TENANT, ISSUER, url, copy);
            for (int i = 0; i < 5; i++) assertThat(v.validate(bearer(b -> {})).appId()).isEqualTo(APP_ID);
            assertThat(fetches.get()).isEqualTo(1);
            assertThat(Files.readString(copy)).contains(key.getModulus().toString()).doesNotContain("\"d\"");
        } finally {
            server.stop(0);
        }
        // Strato restarted, Keycloak not up yet: the copy on disk answers
        TokenValidator restarted = new TokenValidator(() -> AUDIENCE, () -> TENANT, () -> TestAppliance.BASE_URL, Clock.fixed(NOW, ZoneOffset.UTC));
        restarted.trust(TENANT, ISSUER, url, copy);
        assertThat(restarted.validate(bearer(b -> {})).appId()).isEqualTo(APP_ID);
    }

    @Test
    void aTokenSignedWithANewKeyMakesTheValidatorFetchTheKeysAgain(@TempDir Path dir) throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        AtomicReference<String> served = new AtomicReference<>(new JWKSet(key.toPublicJWK()).toString());
        HttpServer server = jwksServer(fetches, served);
        try {
            TokenValidator v = new TokenValidator(() -> AUDIENCE, () -> TENANT, () -> TestAppliance.BASE_URL, Clock.fixed(NOW, ZoneOffset.UTC));
            v.trust(TENANT, ISSUER, "http://127.0.0.1:" + server.getAddress().getPort() + "/certs", dir.resolve("jwks.json"));
            v.validate(bearer(b -> {}));
            RSAKey rotated = new RSAKeyGenerator(2048).keyID("k-rotated").generate();
            served.set(new JWKSet(List.of(key.toPublicJWK(), rotated.toPublicJWK())).toString());

            assertThat(v.validate(bearer(servicePrincipalClaims().build(), rotated)).appId()).isEqualTo(APP_ID);
            assertThat(fetches.get()).isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void trustingTheSameRealmAgainKeepsItsKeyCache(@TempDir Path dir) throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = jwksServer(fetches, new AtomicReference<>(new JWKSet(key.toPublicJWK()).toString()));
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
            TokenValidator v = new TokenValidator(() -> AUDIENCE, () -> TENANT, () -> TestAppliance.BASE_URL, Clock.fixed(NOW, ZoneOffset.UTC));
            v.trust(TENANT, ISSUER, url, dir.resolve("jwks.json"));
            v.validate(bearer(b -> {}));
            v.trust(TENANT, ISSUER, url, dir.resolve("jwks.json"));
            v.validate(bearer(b -> {}));

            assertThat(fetches.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer jwksServer(AtomicInteger fetches, AtomicReference<String> body) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aValidatorWithoutTrustedTenantsRejectsEveryIssuer() {
        TokenValidator empty = new TokenValidator(() -> AUDIENCE, () -> TENANT, () -> TestAppliance.BASE_URL, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> empty.validate(bearer(b -> {})))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("InvalidAuthenticationTokenTenant"));
    }
}
