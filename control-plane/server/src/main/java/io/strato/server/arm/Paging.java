package io.strato.server.arm;

import io.strato.model.ArmErrorCode;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** {@code $top} and {@code $skipToken} of list routes; the token is the last id of the previous page. */
public final class Paging {
    public static final int MAX_PAGE = 1000;

    private Paging() {}

    public static int pageSize(ArmRequest req, int defaultSize) {
        String top = req.queryParam("$top").orElse(null);
        if (top == null || top.isBlank()) return defaultSize;
        try {
            int n = Integer.parseInt(top.trim());
            if (n < 1) throw new NumberFormatException();
            return Math.min(n, MAX_PAGE);
        } catch (NumberFormatException e) {
            throw ArmErrorCode.InvalidRequestParameter.exception("The value '" + top + "' of query parameter '$top' is invalid: it must be a positive integer.", "$top");
        }
    }

    /** The id key the page starts after, or null for the first page. */
    public static String after(ArmRequest req) {
        String token = req.queryParam("$skiptoken").orElse(null);
        if (token == null || token.isBlank()) return null;
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ArmErrorCode.InvalidRequestParameter.exception("The value of query parameter '$skipToken' is invalid.", "$skipToken");
        }
    }

    /**
     * One list page of stored rows, rendered: at most {@code $top} (or the appliance's page size) rows after the
     * request's {@code $skipToken}, and a nextLink when more follow.
     */
    public static jakarta.ws.rs.core.Response list(io.strato.server.persistence.ResourceStore store, ApplianceSettings settings, ArmRequest req,
                                                   io.strato.server.persistence.ResourceStore.Filter filter,
                                                   java.util.function.Function<io.strato.server.persistence.ResourceEntity, ? extends com.fasterxml.jackson.databind.JsonNode> render) {
        int size = pageSize(req, settings.pageSize());
        java.util.List<io.strato.server.persistence.ResourceEntity> rows = store.page(filter, after(req), size);
        boolean more = rows.size() > size;
        java.util.List<io.strato.server.persistence.ResourceEntity> page = more ? rows.subList(0, size) : rows;
        return io.strato.server.gateway.Responses.page(page.stream().map(render).toList(),
                more ? nextLink(settings, req, page.get(page.size() - 1).idKey) : null);
    }

    /** The absolute nextLink for the page after {@code lastIdKey}, keeping the request's other query parameters. */
    public static String nextLink(ApplianceSettings settings, ArmRequest req, String lastIdKey) {
        StringBuilder b = new StringBuilder(settings.baseUrl()).append('/').append(String.join("/", req.segments().stream()
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")).toList())).append('?');
        for (Map.Entry<String, String> q : req.query().entrySet()) {
            if (q.getKey().equals("$skiptoken")) continue;
            b.append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8).replace("+", "%20")).append('&');
        }
        b.append("%24skipToken=").append(Base64.getUrlEncoder().withoutPadding().encodeToString(lastIdKey.getBytes(StandardCharsets.UTF_8)));
        return b.toString();
    }
}
