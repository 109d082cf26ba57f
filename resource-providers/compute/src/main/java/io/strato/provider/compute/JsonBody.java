package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed, path-aware reads from a request body. Problems become {@link ArmException}s whose {@code target}
 * is the JSON path ({@code sku.name}, {@code properties.accessTier}). A JSON {@code null} counts as absent,
 * and booleans may arrive as the strings {@code "true"}/{@code "false"}, as Azure's deserializer allows.
 */
final class JsonBody {
    private final JsonNode root;

    private JsonBody(JsonNode root) { this.root = root; }

    /** Wraps a request body, which must be a JSON object. */
    static JsonBody of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalidContent("The request content was invalid and could not be deserialized: 'an object is required'.", "");
        }
        return new JsonBody(body);
    }

    /** The node at a dotted path, when present and not null. */
    Optional<JsonNode> node(String path) {
        JsonNode n = root;
        for (String segment : path.split("\\.")) {
            if (!n.isObject()) return Optional.empty();
            n = n.get(segment);
            if (n == null || n.isNull()) return Optional.empty();
        }
        return Optional.of(n);
    }

    boolean has(String path) { return node(path).isPresent(); }

    Optional<JsonNode> object(String path) {
        return node(path).map(n -> expect(n.isObject(), n, "Object", path));
    }

    Optional<String> text(String path) {
        return node(path).map(n -> expect(n.isTextual(), n, "String", path).asText());
    }

    String requiredText(String path) {
        return text(path).orElseThrow(() -> missing(path));
    }

    Optional<Boolean> bool(String path) {
        return node(path).map(n -> {
            if (n.isBoolean()) return n.booleanValue();
            if (n.isTextual() && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(n.asText().toLowerCase(Locale.ROOT));
            }
            throw conversion(n, "Boolean", path);
        });
    }

    /** The elements of an array, or an empty list when absent. */
    List<JsonNode> array(String path) {
        return node(path).map(n -> {
            List<JsonNode> items = new ArrayList<>();
            expect(n.isArray(), n, "Array", path).forEach(items::add);
            return items;
        }).orElse(List.of());
    }

    /** A text value that must be one of {@code allowed} (compared ignoring case), returned in canonical spelling. */
    Optional<String> oneOf(String path, Collection<String> allowed) {
        return text(path).map(value -> canonical(value, allowed).orElseThrow(() -> notAllowed(path, value)));
    }

    static Optional<String> canonical(String value, Collection<String> allowed) {
        return allowed.stream().filter(a -> a.equalsIgnoreCase(value.trim())).findFirst();
    }

    /** A property is absent that Azure requires. */
    static ArmException missing(String path) {
        int dot = path.lastIndexOf('.');
        String parent = dot < 0 ? "" : path.substring(0, dot);
        return invalidContent("The request content was invalid and could not be deserialized: 'Required property '"
                + path.substring(dot + 1) + "' not found in JSON. Path '" + parent + "'.'", path);
    }

    /**
     * A value Azure does not accept for a property ({@code InvalidRequestPropertyValue}).
     */
    static ArmException notAllowed(String path, String value) {
        String property = path.substring(path.lastIndexOf('.') + 1);
        return ArmErrorCode.InvalidRequestPropertyValue.exception(
                "The value '" + value + "' is not allowed for property " + property + ".", path);
    }

    /** Azure's answer to values that are wrong together or on their own: {@code Values for request parameters are invalid: kind, sku.} */
    static ArmException invalidParameters(String target, String... names) {
        return ArmErrorCode.InvalidValuesForRequestParameters.exception(
                "Values for request parameters are invalid: " + String.join(", ", names) + ".", target);
    }

    private static <T extends JsonNode> T expect(boolean ok, T node, String type, String path) {
        if (!ok) throw conversion(node, type, path);
        return node;
    }

    private static ArmException conversion(JsonNode node, String type, String path) {
        return invalidContent("The request content was invalid and could not be deserialized: 'Error converting value "
                + node + " to type '" + type + "'. Path '" + path + "'.'", path);
    }

    private static ArmException invalidContent(String message, String path) {
        return ArmErrorCode.InvalidRequestContent.exception(message, path.isEmpty() ? null : path);
    }
}
