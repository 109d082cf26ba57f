package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.UNBOUNDED;
import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** Logical functions, learn.microsoft.com .../template-functions-logical. */
public final class LogicalFunctions {
    private LogicalFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                // only the selected branch is evaluated (Invocation evaluates arguments on demand)
                fn("if", 3, 3, c -> c.bool(0) ? c.arg(1) : c.arg(2)),
                fn("and", 1, UNBOUNDED, c -> {
                    for (int i = 0; i < c.count(); i++) if (!c.bool(i)) return ArmValues.of(false);
                    return ArmValues.of(true);
                }),
                fn("or", 1, UNBOUNDED, c -> {
                    for (int i = 0; i < c.count(); i++) if (c.bool(i)) return ArmValues.of(true);
                    return ArmValues.of(false);
                }),
                fn("not", 1, 1, c -> ArmValues.of(!c.bool(0))),
                fn("bool", 1, 1, LogicalFunctions::bool),
                fn("true", 0, 0, c -> ArmValues.of(true)),
                fn("false", 0, 0, c -> ArmValues.of(false)));
    }

    static JsonNode bool(Invocation c) {
        JsonNode v = c.arg(0);
        if (v.isBoolean()) return v;
        if (v.isTextual()) {
            String s = v.textValue().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true")) return ArmValues.of(true);
            if (s.equals("false")) return ArmValues.of(false);
            throw c.error("The template language function 'bool' cannot convert '" + v.textValue() + "' to a boolean.");
        }
        if (v.isIntegralNumber()) return ArmValues.of(v.longValue() != 0);
        throw c.typeError(0, "String", v);
    }
}
