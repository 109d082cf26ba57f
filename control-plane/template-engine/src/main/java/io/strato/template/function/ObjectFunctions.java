package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.UNBOUNDED;
import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Object functions, learn.microsoft.com .../template-functions-object. */
public final class ObjectFunctions {
    private ObjectFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("json", 1, 1, c -> parseJson(c, c.string(0))),
                fn("createObject", 0, UNBOUNDED, ObjectFunctions::createObject),
                fn("null", 0, 0, c -> ArmValues.NULL),
                fn("items", 1, 1, ObjectFunctions::items),
                fn("objectKeys", 1, 1, c -> {
                    ArrayNode out = ArmValues.array();
                    c.object(0).fieldNames().forEachRemaining(out::add);
                    return out;
                }),
                fn("shallowMerge", 1, 1, c -> {
                    ObjectNode out = ArmValues.object();
                    for (JsonNode o : c.array(0)) {
                        if (o.isObject()) o.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
                    }
                    return out;
                }),
                fn("tryGet", 2, UNBOUNDED, ObjectFunctions::tryGet));
    }

    static JsonNode parseJson(Invocation c, String text) {
        try {
            JsonNode v = ArmValues.LENIENT_MAPPER.readTree(text);
            return v == null ? ArmValues.NULL : ArmValues.normalize(v);
        } catch (Exception e) {
            throw c.error("The template language function '" + c.name() + "' received an invalid JSON string: " + abbreviate(text) + ".");
        }
    }

    private static String abbreviate(String s) { return s.length() > 100 ? s.substring(0, 100) + "..." : s; }

    static JsonNode createObject(Invocation c) {
        if (c.count() % 2 != 0) throw c.error("The template language function 'createObject' expects an even number of parameters.");
        ObjectNode out = ArmValues.object();
        for (int i = 0; i < c.count(); i += 2) out.set(c.string(i), c.arg(i + 1));
        return out;
    }

    static JsonNode items(Invocation c) {
        ObjectNode o = c.object(0);
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        // Azure returns the entries ordered by key (ordinal, ignoring case)
        keys.sort(String.CASE_INSENSITIVE_ORDER);
        ArrayNode out = ArmValues.array();
        for (String k : keys) {
            ObjectNode e = out.addObject();
            e.put("key", k);
            e.set("value", o.get(k));
        }
        return out;
    }

    static JsonNode tryGet(Invocation c) {
        JsonNode v = c.arg(0);
        for (int i = 1; i < c.count(); i++) {
            JsonNode key = c.arg(i);
            if (v.isObject() && key.isTextual()) {
                JsonNode next = ArmValues.property(v, key.textValue());
                if (next == null) return ArmValues.NULL;
                v = next;
            } else if (v.isArray() && key.isIntegralNumber()) {
                long k = key.longValue();
                if (k < 0 || k >= v.size()) return ArmValues.NULL;
                v = v.get((int) k);
            } else {
                return ArmValues.NULL;
            }
        }
        return v;
    }

    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode o) { return o.fields(); }
}
