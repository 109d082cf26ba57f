package io.strato.template.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.expression.Expression;
import java.util.List;
import java.util.function.Function;

/** One call being evaluated: its name, raw argument expressions (evaluated on demand, once) and the context. */
public final class Invocation {
    private final String name;
    private final List<Expression> arguments;
    private final FunctionContext context;
    private final Function<Expression, JsonNode> evaluator;
    private final JsonNode[] values;
    private final boolean[] evaluated;

    public Invocation(String name, List<Expression> arguments, FunctionContext context, Function<Expression, JsonNode> evaluator) {
        this.name = name;
        this.arguments = arguments;
        this.context = context;
        this.evaluator = evaluator;
        this.values = new JsonNode[arguments.size()];
        this.evaluated = new boolean[arguments.size()];
    }

    public String name() { return name; }

    public int count() { return arguments.size(); }

    public Expression expression(int i) { return arguments.get(i); }

    public FunctionContext context() { return context; }

    /** The value of argument {@code i} (JSON null is returned as {@code NullNode}). */
    public JsonNode arg(int i) {
        if (!evaluated[i]) {
            JsonNode v = evaluator.apply(arguments.get(i));
            values[i] = v == null ? ArmValues.NULL : v;
            evaluated[i] = true;
        }
        return values[i];
    }

    public List<JsonNode> args() {
        return java.util.stream.IntStream.range(0, count()).mapToObj(this::arg).toList();
    }

    public String string(int i) {
        JsonNode v = arg(i);
        if (!v.isTextual()) throw typeError(i, "String", v);
        return v.textValue();
    }

    public long integer(int i) {
        JsonNode v = arg(i);
        if (v.isIntegralNumber()) return v.longValue();
        throw typeError(i, "Integer", v);
    }

    public int smallInteger(int i) {
        long v = integer(i);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw error("The argument " + (i + 1) + " of '" + name + "' is out of range: " + v + ".");
        return (int) v;
    }

    public boolean bool(int i) {
        JsonNode v = arg(i);
        if (!v.isBoolean()) throw typeError(i, "Boolean", v);
        return v.booleanValue();
    }

    public ArrayNode array(int i) {
        JsonNode v = arg(i);
        if (!v.isArray()) throw typeError(i, "Array", v);
        return (ArrayNode) v;
    }

    public ObjectNode object(int i) {
        JsonNode v = arg(i);
        if (!v.isObject()) throw typeError(i, "Object", v);
        return (ObjectNode) v;
    }

    public TemplateException typeError(int i, String expected, JsonNode actual) {
        return error("The template language function '" + name + "' expects its argument " + (i + 1) + " to be of type '"
                + expected + "'. The provided value is of type '" + ArmValues.typeName(actual) + "'.");
    }

    public TemplateException error(String message) {
        return new TemplateException(DiagnosticCode.InvalidTemplateExpression, message);
    }
}
