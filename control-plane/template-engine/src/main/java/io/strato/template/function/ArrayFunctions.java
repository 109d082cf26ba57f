package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.UNBOUNDED;
import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Array functions (and their string/object overloads), learn.microsoft.com .../template-functions-array. */
public final class ArrayFunctions {
    private ArrayFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("length", 1, 1, ArrayFunctions::length),
                fn("empty", 1, 1, ArrayFunctions::empty),
                fn("contains", 2, 2, ArrayFunctions::contains),
                fn("first", 1, 1, c -> firstOrLast(c, true)),
                fn("last", 1, 1, c -> firstOrLast(c, false)),
                fn("take", 2, 2, c -> takeOrSkip(c, true)),
                fn("skip", 2, 2, c -> takeOrSkip(c, false)),
                fn("union", 1, UNBOUNDED, ArrayFunctions::union),
                fn("intersection", 1, UNBOUNDED, ArrayFunctions::intersection),
                fn("createArray", 0, UNBOUNDED, c -> {
                    ArrayNode a = ArmValues.array();
                    c.args().forEach(a::add);
                    return a;
                }),
                fn("array", 1, 1, c -> {
                    if (c.arg(0).isArray()) return c.arg(0);
                    ArrayNode a = ArmValues.array();
                    a.add(c.arg(0));
                    return a;
                }),
                fn("range", 2, 2, ArrayFunctions::range),
                fn("min", 1, UNBOUNDED, c -> minMax(c, true)),
                fn("max", 1, UNBOUNDED, c -> minMax(c, false)),
                fn("indexOf", 2, 2, c -> indexOf(c, false)),
                fn("lastIndexOf", 2, 2, c -> indexOf(c, true)),
                fn("flatten", 1, 1, ArrayFunctions::flatten),
                fn("distinct", 1, 1, ArrayFunctions::distinct),
                fn("indexFromEnd", 2, 2, c -> fromEnd(c, false)),
                fn("tryIndexFromEnd", 2, 2, c -> fromEnd(c, true)));
    }

    static JsonNode length(Invocation c) {
        JsonNode v = c.arg(0);
        if (v.isTextual()) return ArmValues.of(v.textValue().length());
        if (v.isArray() || v.isObject()) return ArmValues.of(v.size());
        throw c.error("The template language function 'length' expects its parameter to be an array, object or string. The provided value is of type '" + ArmValues.typeName(v) + "'.");
    }

    static JsonNode empty(Invocation c) {
        JsonNode v = c.arg(0);
        if (ArmValues.isNull(v)) return ArmValues.of(true);
        if (v.isTextual()) return ArmValues.of(v.textValue().isEmpty());
        if (v.isArray() || v.isObject()) return ArmValues.of(v.size() == 0);
        throw c.error("The template language function 'empty' expects its parameter to be an array, object or string. The provided value is of type '" + ArmValues.typeName(v) + "'.");
    }

    static JsonNode contains(Invocation c) {
        JsonNode container = c.arg(0), item = c.arg(1);
        if (container.isTextual()) return ArmValues.of(container.textValue().contains(ArmValues.text(item)));
        if (container.isArray()) {
            for (JsonNode e : container) if (ArmValues.deepEquals(e, item)) return ArmValues.of(true);
            return ArmValues.of(false);
        }
        if (container.isObject()) return ArmValues.of(ArmValues.property(container, ArmValues.text(item)) != null);
        if (ArmValues.isNull(container)) return ArmValues.of(false);
        throw c.error("The template language function 'contains' expects its first parameter to be an array, object or string. The provided value is of type '" + ArmValues.typeName(container) + "'.");
    }

    static JsonNode firstOrLast(Invocation c, boolean first) {
        JsonNode v = c.arg(0);
        if (v.isTextual()) {
            String s = v.textValue();
            if (s.isEmpty()) return ArmValues.of("");
            return ArmValues.of(first ? s.substring(0, 1) : s.substring(s.length() - 1));
        }
        if (v.isArray()) {
            if (v.isEmpty()) return ArmValues.NULL;
            return first ? v.get(0) : v.get(v.size() - 1);
        }
        if (ArmValues.isNull(v)) return ArmValues.NULL;
        throw c.error("The template language function '" + c.name() + "' expects its parameter to be an array or a string. The provided value is of type '" + ArmValues.typeName(v) + "'.");
    }

    static JsonNode takeOrSkip(Invocation c, boolean take) {
        JsonNode v = c.arg(0);
        long n = c.integer(1);
        if (v.isTextual()) {
            String s = v.textValue();
            int k = (int) Math.max(0, Math.min(n, s.length()));
            return ArmValues.of(take ? s.substring(0, k) : s.substring(k));
        }
        if (v.isArray()) {
            int k = (int) Math.max(0, Math.min(n, v.size()));
            ArrayNode out = ArmValues.array();
            for (int i = take ? 0 : k; i < (take ? k : v.size()); i++) out.add(v.get(i));
            return out;
        }
        if (ArmValues.isNull(v)) return ArmValues.NULL;
        throw c.error("The template language function '" + c.name() + "' expects its first parameter to be an array or a string. The provided value is of type '" + ArmValues.typeName(v) + "'.");
    }

    static JsonNode union(Invocation c) {
        JsonNode first = c.arg(0);
        if (first.isArray()) {
            ArrayNode out = ArmValues.array();
            for (JsonNode a : c.args()) {
                if (ArmValues.isNull(a)) continue;
                if (!a.isArray()) throw c.error("The template language function 'union' expects all its parameters to be arrays or all to be objects.");
                for (JsonNode e : a) if (!containsEqual(out, e)) out.add(e);
            }
            return out;
        }
        if (first.isObject()) {
            ObjectNode out = ArmValues.object();
            for (JsonNode o : c.args()) {
                if (ArmValues.isNull(o)) continue;
                if (!o.isObject()) throw c.error("The template language function 'union' expects all its parameters to be arrays or all to be objects.");
                mergeDeep(out, (ObjectNode) o);
            }
            return out;
        }
        throw c.error("The template language function 'union' expects its parameters to be arrays or objects. The provided value is of type '" + ArmValues.typeName(first) + "'.");
    }

    /** Later objects win; nested objects are merged recursively (Azure's union behaviour since 2022). */
    static void mergeDeep(ObjectNode target, ObjectNode source) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String existingKey = ArmValues.propertyName(target, e.getKey());
            JsonNode existing = existingKey == null ? null : target.get(existingKey);
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                ObjectNode merged = ((ObjectNode) existing).deepCopy();
                mergeDeep(merged, (ObjectNode) e.getValue());
                target.set(existingKey, merged);
            } else {
                if (existingKey != null) target.remove(existingKey);
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    static JsonNode intersection(Invocation c) {
        JsonNode first = c.arg(0);
        if (first.isArray()) {
            ArrayNode out = ArmValues.array();
            for (JsonNode e : first) {
                boolean inAll = true;
                for (int i = 1; i < c.count(); i++) if (!c.arg(i).isArray() || !containsEqual((ArrayNode) c.arg(i), e)) inAll = false;
                if (inAll && !containsEqual(out, e)) out.add(e);
            }
            return out;
        }
        if (first.isObject()) {
            ObjectNode out = ArmValues.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = first.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean inAll = true;
                for (int i = 1; i < c.count(); i++) {
                    JsonNode other = c.arg(i).isObject() ? ArmValues.property(c.arg(i), e.getKey()) : null;
                    if (other == null || !ArmValues.deepEquals(other, e.getValue())) inAll = false;
                }
                if (inAll) out.set(e.getKey(), e.getValue());
            }
            return out;
        }
        throw c.error("The template language function 'intersection' expects its parameters to be arrays or objects.");
    }

    static boolean containsEqual(ArrayNode a, JsonNode v) {
        for (JsonNode e : a) if (ArmValues.deepEquals(e, v)) return true;
        return false;
    }

    static JsonNode range(Invocation c) {
        long start = c.integer(0), count = c.integer(1);
        if (count < 0 || count > 10_000) throw c.error("The template language function 'range' expects its count to be between 0 and 10000; provided " + count + ".");
        if (start + count > Integer.MAX_VALUE + 1L || start < Integer.MIN_VALUE) throw c.error("The template language function 'range' expects startIndex + count to be at most 2147483647.");
        ArrayNode out = ArmValues.array();
        for (long i = 0; i < count; i++) out.add(start + i);
        return out;
    }

    static JsonNode minMax(Invocation c, boolean min) {
        java.util.List<JsonNode> values = new java.util.ArrayList<>();
        for (JsonNode v : c.args()) {
            if (v.isArray()) v.forEach(values::add);
            else values.add(v);
        }
        if (values.isEmpty()) throw c.error("The template language function '" + c.name() + "' expects at least one value.");
        JsonNode best = null;
        for (JsonNode v : values) {
            if (!v.isNumber()) throw c.error("The template language function '" + c.name() + "' expects integers; provided a value of type '" + ArmValues.typeName(v) + "'.");
            if (best == null || (min ? v.decimalValue().compareTo(best.decimalValue()) < 0 : v.decimalValue().compareTo(best.decimalValue()) > 0)) best = v;
        }
        return best;
    }

    static JsonNode indexOf(Invocation c, boolean last) {
        JsonNode v = c.arg(0), item = c.arg(1);
        if (v.isTextual()) {
            String s = v.textValue().toLowerCase(Locale.ROOT), f = ArmValues.text(item).toLowerCase(Locale.ROOT);
            return ArmValues.of(last ? s.lastIndexOf(f) : s.indexOf(f));
        }
        if (v.isArray()) {
            int found = -1;
            for (int i = 0; i < v.size(); i++) {
                if (ArmValues.deepEquals(v.get(i), item)) {
                    found = i;
                    if (!last) break;
                }
            }
            return ArmValues.of(found);
        }
        throw c.error("The template language function '" + c.name() + "' expects its first parameter to be an array or a string. The provided value is of type '" + ArmValues.typeName(v) + "'.");
    }

    static JsonNode flatten(Invocation c) {
        ArrayNode out = ArmValues.array();
        for (JsonNode e : c.array(0)) {
            if (e.isArray()) out.addAll((ArrayNode) e);
            else if (ArmValues.isNull(e)) continue;
            else throw c.error("The template language function 'flatten' expects an array of arrays.");
        }
        return out;
    }

    static JsonNode distinct(Invocation c) {
        ArrayNode out = ArmValues.array();
        for (JsonNode e : c.array(0)) if (!containsEqual(out, e)) out.add(e);
        return out;
    }

    static JsonNode fromEnd(Invocation c, boolean lenient) {
        ArrayNode a = c.array(0);
        long i = c.integer(1);
        if (i < 1 || i > a.size()) {
            if (lenient) return ArmValues.NULL;
            throw c.error("The index " + i + " is out of range for an array of length " + a.size() + ".");
        }
        return a.get((int) (a.size() - i));
    }
}
