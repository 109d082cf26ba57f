package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.util.List;
import java.util.function.LongBinaryOperator;

/** Numeric functions (64-bit integers), learn.microsoft.com .../template-functions-numeric. */
public final class NumericFunctions {
    private NumericFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("add", 2, 2, c -> arithmetic(c, Math::addExact)),
                fn("sub", 2, 2, c -> arithmetic(c, Math::subtractExact)),
                fn("mul", 2, 2, c -> arithmetic(c, Math::multiplyExact)),
                fn("div", 2, 2, c -> arithmetic(c, (a, b) -> a / nonZero(c, b))),
                fn("mod", 2, 2, c -> arithmetic(c, (a, b) -> a % nonZero(c, b))),
                fn("int", 1, 1, NumericFunctions::toInt),
                fn("float", 1, 1, NumericFunctions::toFloat),
                fn("copyIndex", 0, 2, NumericFunctions::copyIndex, FunctionFlag.COPY_ONLY));
    }

    static JsonNode arithmetic(Invocation c, LongBinaryOperator op) {
        long a = c.integer(0), b = c.integer(1);
        try {
            return ArmValues.of(op.applyAsLong(a, b));
        } catch (ArithmeticException e) {
            throw c.error("The template language function '" + c.name() + "' overflowed the 64-bit integer range.");
        }
    }

    private static long nonZero(Invocation c, long b) {
        if (b == 0) throw c.error("The template language function '" + c.name() + "' cannot divide by zero.");
        return b;
    }

    static JsonNode toInt(Invocation c) {
        JsonNode v = c.arg(0);
        if (v.isIntegralNumber()) return ArmValues.of(v.longValue());
        if (v.isNumber()) return ArmValues.of((long) v.doubleValue());
        if (v.isTextual()) {
            try {
                return ArmValues.of(Long.parseLong(v.textValue().trim()));
            } catch (NumberFormatException e) {
                throw c.error("The template language function 'int' cannot convert '" + v.textValue() + "' to an integer.");
            }
        }
        throw c.typeError(0, "String", v);
    }

    static JsonNode toFloat(Invocation c) {
        JsonNode v = c.arg(0);
        if (v.isNumber()) return DoubleNode.valueOf(v.doubleValue());
        if (v.isTextual()) {
            try {
                return DoubleNode.valueOf(Double.parseDouble(v.textValue().trim()));
            } catch (NumberFormatException e) {
                throw c.error("The template language function 'float' cannot convert '" + v.textValue() + "' to a number.");
            }
        }
        throw c.typeError(0, "String", v);
    }

    static JsonNode copyIndex(Invocation c) {
        String loop = null;
        long offset = 0;
        if (c.count() == 1) {
            if (c.arg(0).isTextual()) loop = c.string(0);
            else offset = c.integer(0);
        } else if (c.count() == 2) {
            loop = c.string(0);
            offset = c.integer(1);
        }
        return ArmValues.of(c.context().copyIndex(loop) + offset);
    }
}
