package io.strato.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.server.boot.ApplianceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Validates the bearer tokens of ARM requests: Keycloak-signed RS256 JWTs from a trusted tenant's realm,
 * for this appliance's audience, not expired.
 *
 * <p>Tenants are trusted through {@link #trust(String, String, JWKSource)} ({@link IdentityService} does it for
 * every tenant it ensures). Keys come from the realm's JWKS, fetched from Keycloak's internal URL, cached in
 * memory (refreshed ahead of expiry in the background, re-fetched at most every 10 s when a token names an
 * unknown key id) and kept on disk for when Keycloak is down. A validation makes no network call in the
 * steady state.
 *
 * <p>Every failure is an {@link ArmException} with status 401 and Azure's code and message; the one exception
 * is a JWKS that cannot be fetched at all (Keycloak down and no copy yet), which is a 500
 * {@code ServiceUnavailable} (503), because the token may well be valid.
 */
@ApplicationScoped
public class TokenValidator {
    private static final Logger LOG = Logger.getLogger(TokenValidator.class);
    /** Clock skew allowed on {@code exp} and {@code nbf}. */
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final DateTimeFormatter AZURE_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

    /** A trusted tenant: its realm's issuer and keys. */
    record Trusted(String tenantId, String issuer, JWKSource<SecurityContext> keys) {}

    private final Supplier<String> audience;
    private final Supplier<String> defaultTenant;
    private final Supplier<String> baseUrl;
    private final Clock clock;
    private final Map<String, Trusted> byIssuer = new ConcurrentHashMap<>();
    private final Map<String, Trusted> byTenant = new ConcurrentHashMap<>();

    @Inject
    TokenValidator(ApplianceSettings settings) {
        this(settings::audience, settings::tenantId, settings::baseUrl, Clock.systemUTC());
    }

    /**
     * @param audience the audience tokens must carry
     * @param defaultTenant the tenant named in wrong-issuer messages (the appliance's)
     * @param baseUrl the appliance's external base URL, for the authority named in messages
     */
    TokenValidator(Supplier<String> audience, Supplier<String> defaultTenant, Supplier<String> baseUrl, Clock clock) {
        this.audience = audience;
        this.defaultTenant = defaultTenant;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * Trusts tokens from {@code issuer} as tokens of {@code tenantId}, verified with {@code keys}. Replaces what
     * was trusted for that tenant before (its issuer may have changed).
     */
    public void trust(String tenantId, String issuer, JWKSource<SecurityContext> keys) {
        Trusted t = new Trusted(tenantId, issuer, keys);
        Trusted old = byTenant.put(tenantId, t);
        if (old != null && !old.issuer().equals(issuer)) byIssuer.remove(old.issuer(), old);
        byIssuer.put(issuer, t);
    }

    /**
     * Trusts {@code tenantId}'s realm: tokens from {@code issuer}, keys from {@code jwksUrl}, with the caching
     * described on the class. Does nothing when exactly this is trusted already (keeps the key cache).
     *
     * @param jwksCopy where to keep the last good JWKS, or {@code null}
     */
    public void trust(String tenantId, String issuer, String jwksUrl, Path jwksCopy) {
        Trusted current = byTenant.get(tenantId);
        if (current != null && current.issuer().equals(issuer) && jwksUrl.equals(jwksUrlOf(current))) return;
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUrl).toURL(), new PersistentJwksRetriever(jwksCopy))
                    .cache(Duration.ofHours(1).toMillis(), Duration.ofSeconds(15).toMillis())
                    .refreshAheadCache(true)
                    .rateLimited(Duration.ofSeconds(10).toMillis())
                    .retrying(true)
                    .build();
            trust(tenantId, issuer, new NamedSource(keys, jwksUrl));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + jwksUrl, e);
        }
    }

    /** The issuer trusted for {@code tenantId}, if any. */
    public Optional<String> issuerOf(String tenantId) {
        return Optional.ofNullable(byTenant.get(tenantId)).map(Trusted::issuer);
    }

    /** Whether tokens of {@code tenantId} are accepted. */
    public boolean trusts(String tenantId) { return byTenant.containsKey(tenantId); }

    /**
     * Validates an {@code Authorization} header value.
     *
     * @return the caller the token was issued to
     * @throws ArmException 401 {@code AuthenticationFailed} (no header), {@code InvalidAuthenticationToken} (not a
     *     bearer JWT, not RS256, bad signature, unknown key, not yet valid, no {@code exp}),
     *     {@code InvalidAuthenticationTokenTenant} (issuer of no trusted tenant), {@code ExpiredAuthenticationToken},
     *     {@code InvalidAuthenticationTokenAudience}; 503 {@code ServiceUnavailable} when the keys cannot be had
     */
    public Caller validate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw ArmErrorCode.AuthenticationFailed.exception("Authentication failed. The 'Authorization' header is missing.");
        }
        String h = authorizationHeader.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) throw invalid();
        String token = h.substring(7).trim();
        Verified known = verified.get(token);
        if (known != null && known.expires().plus(SKEW).isAfter(clock.instant()) && byIssuer.containsKey(known.issuer())) return known.caller();
        Verified fresh = verify(token);
        if (verified.size() >= VERIFIED_CACHE_SIZE) verified.clear();
        verified.put(token, fresh);
        return fresh.caller();
    }

    /**
     * Tokens already verified, by their text: a client sends the same token for an hour, and checking its RS256
     * signature again on every request costs more than the rest of a GET. Expiry and the issuer's trust are
     * re-checked on every hit; the map is bounded and simply emptied when full.
     */
    private static final int VERIFIED_CACHE_SIZE = 4096;
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

    private record Verified(Caller caller, Instant expires, String issuer) {}

    private Verified verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw invalid();
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) throw invalid();

        String issuer = claims.getIssuer();
        Trusted trusted = issuer == null ? null : byIssuer.get(issuer);
        if (trusted == null) throw wrongIssuer(issuer);

        if (!signatureValid(jwt, trusted)) throw invalid();

        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) throw invalid();
        if (exp.toInstant().plus(SKEW).isBefore(now)) {
            throw ArmErrorCode.ExpiredAuthenticationToken.exception("The access token expiry UTC time '" + AZURE_TIME.format(exp.toInstant())
                    + "' is earlier than current UTC time '" + AZURE_TIME.format(now) + "'.");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(SKEW).isAfter(now)) throw invalid();

        String expected = stripSlashes(audience.get());
        List<String> aud = claims.getAudience();
        if (aud == null || aud.stream().noneMatch(a -> stripSlashes(a).equals(expected))) {
            throw ArmErrorCode.InvalidAuthenticationTokenAudience.exception("The access token has been obtained for wrong audience or resource '"
                    + (aud == null ? "" : String.join(",", aud)) + "'. It should exactly match with one of the allowed audiences '"
                    + expected + "','" + expected + "/'.");
        }
        return new Verified(caller(claims, trusted.tenantId()), exp.toInstant(), issuer);
    }

    private boolean signatureValid(SignedJWT jwt, Trusted trusted) {
        JWSHeader header = jwt.getHeader();
        List<JWK> keys;
        try {
            keys = trusted.keys().get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
        } catch (RateLimitReachedException e) {
            return false; // an unknown key id again within the rate limit: nothing new to learn
        } catch (KeySourceException e) {
            LOG.warnf("Cannot get the signing keys of tenant %s: %s", trusted.tenantId(), e.getMessage());
            throw ArmErrorCode.ServiceUnavailable.exception("The identity service is not available. Retry the request later.");
        }
        for (JWK k : keys) {
            if (!(k instanceof RSAKey rsa)) continue;
            try {
                if (jwt.verify(new RSASSAVerifier(rsa))) return true;
            } catch (JOSEException e) {
                LOG.debugf("key %s cannot verify: %s", k.getKeyID(), e.getMessage());
            }
        }
        return false;
    }

    private static Caller caller(JWTClaimsSet c, String tenantId) {
        String sub = str(c, "sub");
        String appId = first(str(c, "azp"), str(c, "client_id"), str(c, "appid"));
        String username = str(c, "preferred_username");
        boolean application = str(c, "client_id") != null || (username != null && username.startsWith("service-account-"));
        String displayName = first(str(c, "app_displayname"), str(c, "name"), username, appId);
        return new Caller(sub, appId, tenantId, application ? Caller.APPLICATION : Caller.USER, displayName);
    }

    private static String str(JWTClaimsSet c, String name) {
        Object v = c.getClaim(name);
        return v instanceof String s && !s.isBlank() ? s : null;
    }

    private static String first(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }

    private ArmException wrongIssuer(String issuer) {
        String tenant = defaultTenant.get();
        String expected = issuerOf(tenant).orElse(tenant);
        return ArmErrorCode.InvalidAuthenticationTokenTenant.exception("The access token is from the wrong issuer '" + (issuer == null ? "" : issuer)
                + "'. It must match the tenant '" + expected + "' associated with this subscription. Please use the authority (URL) '"
                + baseUrl.get() + "/adfs' to get the token. Note, if the subscription is transferred to another tenant there is no impact to "
                + "the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your "
                + "subscription and see this error message, please try back later.");
    }

    private static ArmException invalid() {
        return ArmErrorCode.InvalidAuthenticationToken.exception("The access token is invalid.");
    }

    static String stripSlashes(String s) {
        return s == null ? "" : s.replaceAll("/+$", "");
    }

    /**
     * The {@code WWW-Authenticate} value for a 401 of this appliance:
     * {@code Bearer authorization_uri="{baseUrl}/adfs", error="invalid_token", error_description="..."}.
     * Takes the base URL from the {@link ApplianceSettings} bean, so it needs a running application; outside
     * one, use {@link #wwwAuthenticate(String, String, ArmError)}.
     *
     * @param tenantId the tenant of the request (not part of an AD FS authority; kept for an AAD-style one)
     */
    public static String wwwAuthenticate(String tenantId, ArmError error) {
        return wwwAuthenticate(CDI.current().select(ApplianceSettings.class).get().baseUrl(), tenantId, error);
    }

    /** {@link #wwwAuthenticate(String, ArmError)} with the appliance's external base URL given. */
    public static String wwwAuthenticate(String baseUrl, String tenantId, ArmError error) {
        return "Bearer authorization_uri=\"" + stripSlashes(baseUrl) + "/adfs\", error=\"invalid_token\", error_description=\""
                + quote(error.message()) + "\"";
    }

    private static String quote(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]+", " ");
    }

    private static String jwksUrlOf(Trusted t) {
        return t.keys() instanceof NamedSource n ? n.url() : null;
    }

    /** A JWK source that remembers its URL (to tell whether a tenant's trust changed). */
    private record NamedSource(JWKSource<SecurityContext> delegate, String url) implements JWKSource<SecurityContext> {
        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            return delegate.get(selector, context);
        }
    }

    @Override
    public String toString() {
        return "TokenValidator[tenants=" + byTenant.keySet().stream().sorted().collect(Collectors.joining(",")) + "]";
    }
}
