package io.strato.template.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.text.Collator;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The ARM value model on top of Jackson: type names, conversions, equality and ordering as Azure does them. */
public final class ArmValues {
    public static final JsonNodeFactory FACTORY = JsonNodeFactory.withExactBigDecimals(true);
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Parses JSON as Newtonsoft does for json()/base64ToJson(): single quotes and unquoted names allowed. */
    public static final ObjectMapper LENIENT_MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_SINGLE_QUOTES)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_COMMENTS);
    public static final JsonNode NULL = NullNode.getInstance();
    // Azure compares strings with the invariant culture: case-insensitive first, lower case before upper case on ties.
    private static final Collator COLLATOR = Collator.getInstance(Locale.ROOT);

    static {
        COLLATOR.setStrength(Collator.TERTIARY);
    }

    private ArmValues() {}

    public static JsonNode of(long v) { return LongNode.valueOf(v); }

    public static JsonNode of(String v) { return v == null ? NULL : TextNode.valueOf(v); }

    public static JsonNode of(boolean v) { return BooleanNode.valueOf(v); }

    public static ArrayNode array() { return FACTORY.arrayNode(); }

    public static ObjectNode object() { return FACTORY.objectNode(); }

    public static boolean isNull(JsonNode v) { return v == null || v.isNull() || v.isMissingNode(); }

    /** The type name ARM uses in its messages. */
    public static String typeName(JsonNode v) {
        if (isNull(v)) return "Null";
        if (v.isTextual()) return "String";
        if (v.isIntegralNumber()) return "Integer";
        if (v.isNumber()) return "Float";
        if (v.isBoolean()) return "Boolean";
        if (v.isArray()) return "Array";
        if (v.isObject()) return "Object";
        if (v instanceof POJONode) return "Lambda";
        return v.getNodeType().name();
    }

    /** Text of a value as concat()/format()/string() render it: booleans as True/False, structures as compact JSON. */
    public static String text(JsonNode v) {
        if (isNull(v)) return "";
        if (v.isTextual()) return v.textValue();
        if (v.isBoolean()) return v.booleanValue() ? "True" : "False";
        if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
        if (v.isNumber()) return v.decimalValue().stripTrailingZeros().toPlainString();
        return json(v);
    }

    /** Compact JSON (no whitespace), as Newtonsoft's Formatting.None writes it. */
    public static String json(JsonNode v) {
        try {
            return MAPPER.writeValueAsString(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Normalises parsed JSON: every integral number becomes a 64-bit LongNode (when it fits). */
    public static JsonNode normalize(JsonNode v) {
        if (v == null) return NULL;
        if (v.isIntegralNumber() && !(v instanceof LongNode) && v.canConvertToLong()) return LongNode.valueOf(v.longValue());
        if (v.isArray()) {
            ArrayNode a = array();
            for (JsonNode e : v) a.add(normalize(e));
            return a;
        }
        if (v.isObject()) {
            ObjectNode o = object();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), normalize(e.getValue()));
            }
            return o;
        }
        return v;
    }

    /** Deep equality: strings case-sensitive, numbers by value, object keys case-insensitive. */
    public static boolean deepEquals(JsonNode a, JsonNode b) {
        if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber()) return a.bigIntegerValue().equals(b.bigIntegerValue());
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) return false;
        if (a.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!deepEquals(a.get(i), b.get(i))) return false;
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) return false;
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = property(b, e.getKey());
                if (other == null || !deepEquals(e.getValue(), other)) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    /** Object property lookup, exact first then ignoring case (ARM property access is case-insensitive). */
    public static JsonNode property(JsonNode object, String name) {
        JsonNode v = object.get(name);
        if (v != null) return v;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }

    /** The key as stored in the object (first case-insensitive match), or null. */
    public static String propertyName(JsonNode object, String name) {
        if (object.has(name)) return name;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) return k;
        }
        return null;
    }

    /** Invariant-culture string ordering, as ARM's less/greater use it. */
    public static int compareStrings(String a, String b) {
        return Integer.signum(COLLATOR.compare(a, b));
    }
}
