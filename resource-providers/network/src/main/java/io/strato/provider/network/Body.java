package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads of request bodies with Azure's errors; a JSON {@code null} counts as absent. */
final class Body {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Body() {}

    static ObjectNode object(JsonNode parent, String field, String path) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return NODES.objectNode();
        if (!n.isObject()) throw conversion(n, "Object", path);
        return ((ObjectNode) n).deepCopy();
    }

    static List<JsonNode> array(JsonNode parent, String field, String path) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) throw conversion(n, "Array", path);
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    static Optional<String> text(JsonNode parent, String field, String path) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isValueNode()) throw conversion(n, "String", path);
        return Optional.of(n.asText());
    }

    static List<String> texts(JsonNode parent, String field, String path) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array(parent, field, path)) {
            if (!n.isValueNode()) throw conversion(n, "String", path);
            out.add(n.asText());
        }
        return out;
    }

    static Optional<Integer> integer(JsonNode parent, String field, String path) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return Optional.empty();
        if (n.isIntegralNumber()) return Optional.of(n.intValue());
        if (n.isTextual()) {
            try {
                return Optional.of(Integer.parseInt(n.asText().trim()));
            } catch (NumberFormatException e) {
                throw conversion(n, "Int32", path);
            }
        }
        throw conversion(n, "Int32", path);
    }

    /** A value that must be one of {@code allowed} (ignoring case), returned in canonical spelling. */
    static Optional<String> oneOf(JsonNode parent, String field, String path, Collection<String> allowed) {
        return text(parent, field, path).map(v -> allowed.stream().filter(a -> a.equalsIgnoreCase(v.trim())).findFirst().orElseThrow(() ->
                ArmErrorCode.InvalidRequestPropertyValue.exception("The value '" + v + "' is not allowed for property " + field
                        + ". Allowed values are: " + String.join(", ", allowed) + ".", path)));
    }

    /** The id inside a reference object {@code {"id": "..."}}, if present. */
    static Optional<ResourceId> reference(JsonNode parent, String field, String path) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return Optional.empty();
        Optional<String> id = text(n, "id", path + ".id");
        if (id.isEmpty()) return Optional.empty();
        return Optional.of(ResourceId.tryParse(id.get()).orElseThrow(() -> ArmErrorCode.LinkedInvalidPropertyId.exception(
                "Property id '" + id.get() + "' at path '" + path + ".id' is invalid. Expect fully qualified resource Id that start with "
                        + "'/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.", path + ".id")));
    }

    static ObjectNode ref(ResourceId id) { return NODES.objectNode().put("id", id.toString()); }

    static ArmException missing(String path) {
        int dot = path.lastIndexOf('.');
        return ArmErrorCode.InvalidRequestContent.exception("The request content was invalid and could not be deserialized: 'Required property '"
                + path.substring(dot + 1) + "' not found in JSON. Path '" + (dot < 0 ? "" : path.substring(0, dot)) + "'.'", path);
    }

    static ArmException conversion(JsonNode node, String type, String path) {
        return ArmErrorCode.InvalidRequestContent.exception("The request content was invalid and could not be deserialized: 'Error converting value "
                + node + " to type '" + type + "'. Path '" + path + "'.'", path);
    }

    static ArmException notFoundReference(ResourceId ref, ResourceId by) {
        return ArmErrorCode.InvalidResourceReference.exception("Resource " + ref + " referenced by resource " + by
                + " was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.", ref.toString());
    }

    static ArrayNode arrayOf(Collection<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** A child element's name, required. */
    static String name(JsonNode element, String path) {
        return text(element, "name", path + ".name").filter(s -> !s.isBlank()).orElseThrow(() -> missing(path + ".name"));
    }
}
