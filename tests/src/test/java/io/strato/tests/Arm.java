package io.strato.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A thin HTTP client for the ARM API, for checks the SDKs cannot express (bad input, raw headers). */
public final class Arm {
    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return body.isEmpty() ? Appliance.JSON.createObjectNode() : Appliance.JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String errorCode() { return json().path("error").path("code").asText(null); }

        public String header(String name) { return headers.firstValue(name).orElse(null); }
    }

    private final Appliance a = Appliance.get();

    public Reply send(String method, String pathAndQuery, String body, Map<String, String> headers, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("https://") ? pathAndQuery : a.armEndpoint + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (withToken) b.header("Authorization", "Bearer " + a.token());
        headers.forEach(b::header);
        HttpResponse<String> r = a.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers());
    }

    public Reply send(String method, String pathAndQuery, String body) throws Exception { return send(method, pathAndQuery, body, Map.of(), true); }

    public Reply get(String pathAndQuery) throws Exception { return send("GET", pathAndQuery, null); }

    public Reply put(String pathAndQuery, String body) throws Exception { return send("PUT", pathAndQuery, body); }

    public Reply delete(String pathAndQuery) throws Exception { return send("DELETE", pathAndQuery, null); }

    public String sub() { return "/subscriptions/" + a.subscriptionId; }

    /** Polls a Location URL until it stops answering 202; returns the final reply. */
    public Reply pollLocation(String location) throws Exception {
        for (int i = 0; i < 120; i++) {
            Reply r = get(location);
            if (r.status() != 202) return r;
            Thread.sleep(250);
        }
        throw new AssertionError("operation did not finish: " + location);
    }
}
