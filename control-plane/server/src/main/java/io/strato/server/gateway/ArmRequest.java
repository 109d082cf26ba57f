package io.strato.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.server.identity.Caller;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ARM request as the handlers see it: the decoded path segments, the query (keys case-insensitive,
 * as ARM treats {@code $filter}/{@code $skipToken}), the raw body and the authenticated caller.
 */
public record ArmRequest(String method, List<String> segments, Map<String, String> query, HttpHeaders headers,
                         byte[] body, Caller caller, String rawPathAndQuery) {
    public Optional<String> queryParam(String name) { return Optional.ofNullable(query.get(name.toLowerCase())); }

    public String segment(int i) { return segments.get(i); }

    /** The api-version query parameter, required on every ARM request. */
    public String apiVersionText() {
        return queryParam("api-version").filter(s -> !s.isBlank()).orElseThrow(() -> ArmErrorCode.MissingApiVersionParameter
                .exception("The api-version query parameter (?api-version=) is required for all requests.", "api-version"));
    }

    /** The api-version when it is well-formed; a malformed one is reported as Azure reports an unknown one. */
    public Optional<ApiVersion> apiVersion() {
        String text = apiVersionText();
        return ApiVersion.isWellFormed(text) ? Optional.of(ApiVersion.parse(text)) : Optional.empty();
    }

    public JsonNode json() { return Json.readBody(body); }

    public Optional<String> header(String name) { return Optional.ofNullable(headers.getHeaderString(name)); }
}
