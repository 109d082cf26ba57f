package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.UNBOUNDED;
import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.IntPredicate;

/** Comparison functions, learn.microsoft.com .../template-functions-comparison. */
public final class ComparisonFunctions {
    private ComparisonFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("equals", 2, 2, c -> ArmValues.of(ArmValues.deepEquals(c.arg(0), c.arg(1)))),
                fn("greater", 2, 2, c -> compare(c, r -> r > 0)),
                fn("greaterOrEquals", 2, 2, c -> compare(c, r -> r >= 0)),
                fn("less", 2, 2, c -> compare(c, r -> r < 0)),
                fn("lessOrEquals", 2, 2, c -> compare(c, r -> r <= 0)),
                fn("coalesce", 1, UNBOUNDED, c -> {
                    for (int i = 0; i < c.count(); i++) if (!ArmValues.isNull(c.arg(i))) return c.arg(i);
                    return ArmValues.NULL;
                }));
    }

    static JsonNode compare(Invocation c, IntPredicate test) {
        JsonNode a = c.arg(0), b = c.arg(1);
        int r;
        if (a.isNumber() && b.isNumber()) r = a.decimalValue().compareTo(b.decimalValue());
        else if (a.isTextual() && b.isTextual()) r = ArmValues.compareStrings(a.textValue(), b.textValue());
        else throw c.error("The template language function '" + c.name() + "' expects two integers or two strings; provided values of type '"
                + ArmValues.typeName(a) + "' and '" + ArmValues.typeName(b) + "'.");
        return ArmValues.of(test.test(Integer.signum(r)));
    }
}
