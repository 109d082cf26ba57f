package io.strato.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * TEST TOOL, never to be enabled in production. When {@code strato.traffic.dir} is set, every ARM request and
 * its final response (status, headers, body, errors of filters and exception mappers included) is written to
 * that folder as one {@code oav validate-traffic} exchange file ({@code {"liveRequest":..,"liveResponse":..}},
 * see shared/specs/README.md), so {@code tests/oav/validate.sh} can check the traffic against Azure's OpenAPI
 * specs. Token and metadata endpoints are not recorded and the {@code Authorization} header is redacted, but
 * the folder does hold secrets (listKeys/regenerateKey responses carry account keys): it is created 0700 and
 * every file is written 0600.
 */
@Provider
// response filters run by descending priority: below the gateway's, this one runs after it and sees the final headers
@Priority(Priorities.AUTHENTICATION - 100)
public class TrafficRecorder implements ContainerResponseFilter, ReaderInterceptor {
    private static final Logger LOG = Logger.getLogger(TrafficRecorder.class);
    static final String BODY = "strato.traffic.request-body";
    /** Token, metadata, health and other non-ARM paths. */
    static final Pattern SKIP = Pattern.compile(
            "^/*(metadata(/.*)?|adfs(/.*)?|q(/.*)?|[^/]+/oauth2(/.*)?|[^/]+/v2\\.0(/.*)?|favicon\\.ico)?$", Pattern.CASE_INSENSITIVE);
    static final Set<String> REDACTED = Set.of("authorization", "x-ms-authorization-auxiliary", "cookie", "proxy-authorization");
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    @ConfigProperty(name = "strato.traffic.dir") Optional<String> dir;

    /** Keeps a copy of the request body the endpoint reads ({@code byte[]}), for the response filter. */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
        Object body = ctx.proceed();
        if (dir.isPresent() && body instanceof byte[] b) ctx.setProperty(BODY, b);
        return body;
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        if (dir.isEmpty() || dir.get().isBlank()) return;
        String path = req.getUriInfo().getRequestUri().getRawPath();
        if (SKIP.matcher(path).matches()) return;
        try {
            ObjectNode exchange = exchange(req.getMethod(), req.getUriInfo().getRequestUri().toString(), req.getHeaders(),
                    (byte[]) req.getProperty(BODY), res.getStatus(), res.getStringHeaders(), res.getEntity());
            write(Path.of(dir.get()), String.format("%s-%06d-%s-%d.json", RUN, SEQUENCE.incrementAndGet(), req.getMethod(), res.getStatus()),
                    exchange);
        } catch (RuntimeException | IOException e) {
            LOG.warnf("traffic recorder: cannot record %s %s: %s", req.getMethod(), path, e.toString());
        }
    }

    /** One exchange in oav's traffic format; bodies are parsed JSON values and left out when empty. */
    static ObjectNode exchange(String method, String url, Map<String, List<String>> requestHeaders, byte[] requestBody,
                               int status, Map<String, List<String>> responseHeaders, Object responseEntity) {
        ObjectNode exchange = Json.object();
        ObjectNode request = exchange.putObject("liveRequest");
        request.put("url", url);
        request.put("method", method);
        request.set("headers", headers(requestHeaders));
        JsonNode body = requestBody == null ? null : parse(new String(requestBody, StandardCharsets.UTF_8));
        if (body != null) request.set("body", body);
        ObjectNode response = exchange.putObject("liveResponse");
        response.put("statusCode", Integer.toString(status));
        response.set("headers", headers(responseHeaders));
        JsonNode entity = switch (responseEntity) {
            case null -> null;
            case String s -> parse(s);
            case byte[] b -> parse(new String(b, StandardCharsets.UTF_8));
            case JsonNode n -> n;
            default -> Json.STRICT.valueToTree(responseEntity);
        };
        if (entity != null) response.set("body", entity);
        return exchange;
    }

    private static ObjectNode headers(Map<String, List<String>> headers) {
        ObjectNode out = Json.object();
        if (headers == null) return out;
        Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sorted.putAll(headers);
        sorted.forEach((name, values) -> out.put(name,
                REDACTED.contains(name.toLowerCase(java.util.Locale.ROOT)) ? "REDACTED" : String.join(", ", values)));
        return out;
    }

    /** JSON text as a JSON value (read leniently, as the server reads requests); other text as a string; blank as null. */
    private static JsonNode parse(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (t.isBlank()) return null;
        try {
            return Json.readBody(t.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return TextNode.valueOf(text);
        }
    }

    /** Writes atomically (oav must never read half a file) and readable by the owner only. */
    static void write(Path dir, String name, JsonNode exchange) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(dir, ".traffic", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, Json.STRICT.writerWithDefaultPrettyPrinter().writeValueAsBytes(exchange));
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
