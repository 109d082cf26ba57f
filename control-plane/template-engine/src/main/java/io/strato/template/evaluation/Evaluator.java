package io.strato.template.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.expression.Expression;
import io.strato.template.expression.Expression.FunctionCall;
import io.strato.template.expression.Expression.IndexAccess;
import io.strato.template.expression.Expression.IntegerLiteral;
import io.strato.template.expression.Expression.PropertyAccess;
import io.strato.template.expression.Expression.StringLiteral;
import io.strato.template.expression.ExpressionParser;
import io.strato.template.function.ArmValues;
import io.strato.template.function.FunctionDefinition;
import io.strato.template.function.FunctionFlag;
import io.strato.template.function.FunctionTable;
import io.strato.template.function.Invocation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Evaluates expressions and JSON values holding expressions (with property copy loops). Stateless. */
public final class Evaluator {
    /** Copy loops hold 0..800 iterations (ARM-CONTRACT.md). */
    public static final int MAX_COPY_COUNT = 800;
    private static final int MAX_CALL_DEPTH = 256;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Evaluator() {}

    public static JsonNode evaluate(Expression e, EvaluationContext ctx) {
        int[] depth = DEPTH.get();
        if (++depth[0] > MAX_CALL_DEPTH) {
            depth[0]--;
            throw error("The template language expression is nested too deeply (more than " + MAX_CALL_DEPTH + " levels of evaluation).");
        }
        try {
            return switch (e) {
                case StringLiteral s -> ArmValues.of(s.value());
                case IntegerLiteral i -> ArmValues.of(i.value());
                case FunctionCall f -> call(f, ctx);
                case PropertyAccess p -> property(evaluate(p.target(), ctx), p.property());
                case IndexAccess i -> index(evaluate(i.target(), ctx), evaluate(i.index(), ctx));
            };
        } finally {
            depth[0]--;
        }
    }

    private static JsonNode call(FunctionCall f, EvaluationContext ctx) {
        if (f.namespace() != null && !f.namespace().equalsIgnoreCase("sys")) {
            List<JsonNode> args = new ArrayList<>();
            for (Expression a : f.arguments()) args.add(evaluate(a, ctx));
            return ctx.callUserFunction(f.qualifiedName(), args);
        }
        Optional<FunctionDefinition> found = FunctionTable.builtIns().find(f.name());
        if (found.isEmpty()) {
            throw error("The template function '" + f.name() + "' is not valid. Please see https://aka.ms/arm-functions for usage details.");
        }
        FunctionDefinition d = found.get();
        int n = f.arguments().size();
        if (n < d.minArgs() || n > d.maxArgs()) {
            throw error("The template language function '" + f.name() + "' must have " + d.arity() + " parameter(s); " + n + " were provided.");
        }
        if (d.has(FunctionFlag.PARAMETER_DEFAULT_ONLY) && !ctx.inParameterDefault()) {
            throw error("The template function '" + f.name() + "' is not expected at this location. It can only be used within the default value of a parameter.");
        }
        JsonNode v = d.evaluator().apply(new Invocation(f.name(), f.arguments(), ctx, a -> evaluate(a, ctx)));
        return v == null ? ArmValues.NULL : v;
    }

    static JsonNode property(JsonNode target, String name) {
        if (target.isObject()) {
            JsonNode v = ArmValues.property(target, name);
            if (v == null) {
                List<String> names = new ArrayList<>();
                target.fieldNames().forEachRemaining(names::add);
                throw error("The language expression property '" + name + "' doesn't exist, available properties are '" + String.join(", ", names) + "'.");
            }
            return v;
        }
        throw error("The language expression property '" + name + "' can't be evaluated, property name must be accessed on an object; the value is of type '" + ArmValues.typeName(target) + "'.");
    }

    static JsonNode index(JsonNode target, JsonNode index) {
        if (target.isArray()) {
            if (!index.isIntegralNumber()) throw error("The language expression array index must be an integer; provided a value of type '" + ArmValues.typeName(index) + "'.");
            long i = index.longValue();
            if (i < 0 || i >= target.size()) {
                throw error("The language expression property array index '" + i + "' is out of bounds (the array has " + target.size() + " element(s)).");
            }
            return target.get((int) i);
        }
        if (target.isObject()) {
            if (!index.isTextual()) throw error("The language expression property name must be a string; provided a value of type '" + ArmValues.typeName(index) + "'.");
            return property(target, index.textValue());
        }
        throw error("The language expression '[...]' can only be applied to arrays and objects; the value is of type '" + ArmValues.typeName(target) + "'.");
    }

    /** Evaluates a JSON string: an expression, or a literal with the {@code [[} escape undone. */
    public static JsonNode evaluateString(String s, EvaluationContext ctx, String path) {
        if (!ExpressionParser.isExpression(s)) return ArmValues.of(ExpressionParser.unescape(s));
        try {
            return evaluate(ExpressionParser.parse(s.substring(1, s.length() - 1)), ctx);
        } catch (TemplateException e) {
            throw e.at(path);
        }
    }

    /** Deep-evaluates a JSON value: every expression string evaluated, property {@code copy} arrays expanded. */
    public static JsonNode evaluateValue(JsonNode raw, EvaluationContext ctx, String path) {
        if (raw == null || raw.isNull() || raw.isMissingNode()) return ArmValues.NULL;
        if (raw.isTextual()) return evaluateString(raw.textValue(), ctx, path);
        if (raw.isArray()) {
            ArrayNode out = ArmValues.array();
            for (int i = 0; i < raw.size(); i++) out.add(evaluateValue(raw.get(i), ctx, path + "[" + i + "]"));
            return out;
        }
        if (raw.isObject()) {
            ObjectNode out = ArmValues.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String childPath = path + "." + e.getKey();
                if (e.getKey().equalsIgnoreCase("copy") && isPropertyCopy(e.getValue())) {
                    for (int i = 0; i < e.getValue().size(); i++) {
                        JsonNode loop = e.getValue().get(i);
                        out.set(loop.get("name").asText(), expandCopy(loop, ctx, childPath + "[" + i + "]"));
                    }
                    continue;
                }
                String key = e.getKey();
                if (ExpressionParser.isExpression(key)) key = ArmValues.text(evaluateString(key, ctx, childPath));
                else key = ExpressionParser.unescape(key);
                out.set(key, evaluateValue(e.getValue(), ctx, childPath));
            }
            return out;
        }
        return ArmValues.normalize(raw);
    }

    /** A property/variable copy element {@code {"name", "count", "input"}} (output copies have no name). */
    static boolean isPropertyCopy(JsonNode v) {
        if (!v.isArray() || v.isEmpty()) return false;
        for (JsonNode loop : v) if (!loop.isObject() || !loop.has("name") || !loop.has("count") || !loop.has("input")) return false;
        return true;
    }

    /** Evaluates {@code input} {@code count} times with copyIndex(name) bound; the result array. */
    public static ArrayNode expandCopy(JsonNode loop, EvaluationContext ctx, String path) {
        String name = loop.path("name").asText(null);
        long count = copyCount(loop.get("count"), ctx, path + ".count");
        ArrayNode out = ArmValues.array();
        for (long i = 0; i < count; i++) {
            EvaluationContext c = name == null ? ctx.withLoop(null, i) : ctx.withPropertyLoop(name, i);
            out.add(evaluateValue(loop.get("input"), c, path + ".input"));
        }
        return out;
    }

    public static long copyCount(JsonNode raw, EvaluationContext ctx, String path) {
        JsonNode v = evaluateValue(raw, ctx, path);
        if (v.isTextual()) {
            try {
                v = ArmValues.of(Long.parseLong(v.textValue().trim()));
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        if (!v.isIntegralNumber()) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The copy count must be an integer; the value is of type '" + ArmValues.typeName(v) + "'.", path);
        }
        long count = v.longValue();
        if (count < 0 || count > MAX_COPY_COUNT) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The copy count '" + count + "' is not valid: it must be between 0 and " + MAX_COPY_COUNT + ".", path);
        }
        return count;
    }

    private static TemplateException error(String message) {
        return new TemplateException(DiagnosticCode.InvalidTemplateExpression, message);
    }
}
