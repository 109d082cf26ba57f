package io.strato.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A small client for Keycloak's admin REST API ({@code /admin/realms/...}), logged in as the master-realm
 * admin through {@code admin-cli}.
 *
 * <p>Plain {@code java.net.http} and Jackson rather than {@code org.keycloak.admin.client.Keycloak}: the Quarkus
 * flavour of that client only works inside a running Quarkus application (its JSON providers come from ArC
 * and its proxies are generated at build time), so it could not be used from plain unit tests; and the
 * handful of calls needed here do not justify it.
 *
 * <p>Error messages carry Keycloak's error bodies, which never hold secrets; bodies of successful
 * responses (a client secret, for one) are never put into messages or logs.
 */
final class KeycloakAdmin {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, body (may be empty) and the {@code Location} header when there is one. */
    record Reply(int status, String body, Optional<String> location) {
        boolean ok() { return status >= 200 && status < 300; }

        JsonNode json() {
            try {
                return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Keycloak answered something that is not JSON (HTTP " + status + ")");
            }
        }

        /** The last path segment of {@code Location}: the id of what a POST created. */
        String createdId() {
            String l = location.orElseThrow(() -> new IllegalStateException("Keycloak sent no Location for a created object"));
            return l.substring(l.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() { return "Reply[status=" + status + "]"; }
    }

    private final KeycloakSupervisor keycloak;
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    KeycloakAdmin(KeycloakSupervisor keycloak) {
        this.keycloak = keycloak;
    }

    /** GET an admin resource; empty on 404. */
    Optional<JsonNode> get(String path) {
        Reply r = send("GET", path, null);
        if (r.status() == 404) return Optional.empty();
        return Optional.of(expectOk(r, "GET", path).json());
    }

    /** POST a JSON object; the reply as it is (a 409 is the caller's business). */
    Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    /** PUT a JSON object (or nothing), expecting 2xx. */
    void put(String path, Object body) {
        expectOk(send("PUT", path, body), "PUT", path);
    }

    /** DELETE, expecting 2xx or 404. */
    void delete(String path) {
        Reply r = send("DELETE", path, null);
        if (r.status() != 404) expectOk(r, "DELETE", path);
    }

    static Reply expectOk(Reply r, String method, String path) {
        if (!r.ok()) {
            throw new IllegalStateException("Keycloak admin " + method + " " + path + " answered HTTP " + r.status() + ": " + abbreviate(r.body()));
        }
        return r;
    }

    /** Sends a request with the admin token; on 401 logs in again and retries once. */
    Reply send(String method, String path, Object body) {
        Reply r = sendOnce(method, path, body, token(false));
        if (r.status() == 401) r = sendOnce(method, path, body, token(true));
        return r;
    }

    private Reply sendOnce(String method, String path, Object body, String bearer) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(keycloak.internalUrl() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Accept", "application/json");
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            return toReply(keycloak.http().send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IdentityUnavailableException("Keycloak does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityUnavailableException("interrupted while calling Keycloak");
        }
    }

    private synchronized String token(boolean renew) {
        if (!renew && token != null && Instant.now().isBefore(tokenExpiry)) return token;
        KeycloakSupervisor.AdminCredentials admin = keycloak.adminCredentials();
        Reply r = postForm(keycloak, "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password",
                "client_id", "admin-cli",
                "username", admin.username(),
                "password", admin.password()));
        if (!r.ok()) {
            throw new IllegalStateException("cannot log in to Keycloak as " + admin.username() + ": HTTP " + r.status() + " " + abbreviate(r.body()));
        }
        JsonNode t = r.json();
        token = t.path("access_token").asText();
        // master-realm admin tokens live 60 s by default; renew a little early
        tokenExpiry = Instant.now().plusSeconds(Math.max(5, t.path("expires_in").asLong(60) - 15));
        return token;
    }

    /** POSTs a form to Keycloak (no admin token): for token requests. */
    static Reply postForm(KeycloakSupervisor keycloak, String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(keycloak.internalUrl() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return toReply(keycloak.http().send(req, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IdentityUnavailableException("Keycloak does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityUnavailableException("interrupted while calling Keycloak");
        }
    }

    /** GETs a public (non-admin) Keycloak resource. */
    static Reply getPublic(KeycloakSupervisor keycloak, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(keycloak.internalUrl() + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            return toReply(keycloak.http().send(req, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IdentityUnavailableException("Keycloak does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityUnavailableException("interrupted while calling Keycloak");
        }
    }

    private static Reply toReply(HttpResponse<String> r) {
        return new Reply(r.statusCode(), r.body() == null ? "" : r.body(), r.headers().firstValue("Location"));
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
