package io.strato.provider.storage.blob;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What authentication reads of one Blob request, independent of the HTTP server.
 *
 * @param method  the HTTP verb
 * @param rawPath the path exactly as sent (still percent-encoded), e.g. {@code /acct/container/a%20b}
 * @param query   decoded query parameters by name as sent, in order
 * @param headers header names (any case) to values, in order
 */
public record SignedRequest(String method, String rawPath, Map<String, List<String>> query, List<Map.Entry<String, String>> headers) {
    /** The first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) return Optional.of(h.getValue());
        }
        return Optional.empty();
    }

    /** The first value of a query parameter, matched case-insensitively. */
    public Optional<String> param(String name) {
        for (Map.Entry<String, List<String>> q : query.entrySet()) {
            if (q.getKey().equalsIgnoreCase(name) && !q.getValue().isEmpty()) return Optional.of(q.getValue().get(0));
        }
        return Optional.empty();
    }
}
