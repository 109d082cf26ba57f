package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.UNBOUNDED;
import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.expression.Expression;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Lambda functions, learn.microsoft.com .../template-functions-lambda. */
public final class LambdaFunctions {
    private LambdaFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("lambda", 1, UNBOUNDED, LambdaFunctions::lambda),
                fn("lambdaVariables", 1, 1, c -> c.context().lambdaVariable(c.string(0))),
                fn("filter", 2, 2, LambdaFunctions::filter),
                fn("map", 2, 2, LambdaFunctions::map),
                fn("reduce", 3, 3, LambdaFunctions::reduce),
                fn("sort", 2, 2, LambdaFunctions::sort),
                fn("toObject", 2, 3, LambdaFunctions::toObject),
                fn("groupBy", 2, 3, LambdaFunctions::groupBy),
                fn("mapValues", 2, 2, LambdaFunctions::mapValues));
    }

    static JsonNode lambda(Invocation c) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c.count() - 1; i++) {
            if (!(c.expression(i) instanceof Expression.StringLiteral s)) {
                throw c.error("The lambda parameter names must be string literals.");
            }
            names.add(s.value());
        }
        return c.context().lambda(names, c.expression(c.count() - 1));
    }

    private static JsonNode call(Invocation c, JsonNode lambda, JsonNode... args) {
        return c.context().invokeLambda(lambda, List.of(args));
    }

    private static JsonNode items(Invocation c) {
        JsonNode v = c.arg(0);
        if (ArmValues.isNull(v)) return ArmValues.array();
        if (!v.isArray()) throw c.typeError(0, "Array", v);
        return v;
    }

    static JsonNode filter(Invocation c) {
        ArrayNode out = ArmValues.array();
        JsonNode f = c.arg(1);
        int i = 0;
        for (JsonNode e : items(c)) {
            JsonNode keep = call(c, f, e, ArmValues.of(i++));
            if (!keep.isBoolean()) throw c.error("The lambda given to 'filter' must return a boolean.");
            if (keep.booleanValue()) out.add(e);
        }
        return out;
    }

    static JsonNode map(Invocation c) {
        ArrayNode out = ArmValues.array();
        JsonNode f = c.arg(1);
        int i = 0;
        for (JsonNode e : items(c)) out.add(call(c, f, e, ArmValues.of(i++)));
        return out;
    }

    static JsonNode reduce(Invocation c) {
        JsonNode acc = c.arg(1);
        JsonNode f = c.arg(2);
        int i = 0;
        for (JsonNode e : items(c)) acc = call(c, f, acc, e, ArmValues.of(i++));
        return acc;
    }

    static JsonNode sort(Invocation c) {
        List<JsonNode> list = new ArrayList<>();
        items(c).forEach(list::add);
        JsonNode f = c.arg(1);
        // a stable insertion sort driven by the "a before b" lambda (tolerates inconsistent comparers)
        List<JsonNode> sorted = new ArrayList<>();
        for (JsonNode e : list) {
            int pos = sorted.size();
            while (pos > 0 && isTrue(c, call(c, f, e, sorted.get(pos - 1)))) pos--;
            sorted.add(pos, e);
        }
        ArrayNode out = ArmValues.array();
        sorted.forEach(out::add);
        return out;
    }

    private static boolean isTrue(Invocation c, JsonNode v) {
        if (!v.isBoolean()) throw c.error("The lambda given to '" + c.name() + "' must return a boolean.");
        return v.booleanValue();
    }

    static JsonNode toObject(Invocation c) {
        ObjectNode out = ArmValues.object();
        JsonNode keyF = c.arg(1);
        for (JsonNode e : items(c)) {
            JsonNode key = call(c, keyF, e);
            if (!key.isTextual()) throw c.error("The key lambda given to 'toObject' must return a string.");
            out.set(key.textValue(), c.count() > 2 ? call(c, c.arg(2), e) : e);
        }
        return out;
    }

    static JsonNode groupBy(Invocation c) {
        ObjectNode out = ArmValues.object();
        JsonNode keyF = c.arg(1);
        for (JsonNode e : items(c)) {
            JsonNode key = call(c, keyF, e);
            String k = ArmValues.text(key);
            String existing = ArmValues.propertyName(out, k);
            ArrayNode group = existing == null ? out.putArray(k) : (ArrayNode) out.get(existing);
            group.add(c.count() > 2 ? call(c, c.arg(2), e) : e);
        }
        return out;
    }

    static JsonNode mapValues(Invocation c) {
        ObjectNode out = ArmValues.object();
        JsonNode f = c.arg(1);
        for (Iterator<Map.Entry<String, JsonNode>> it = c.object(0).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), call(c, f, e.getValue()));
        }
        return out;
    }
}
