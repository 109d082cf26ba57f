package io.strato.template.expression;

import io.strato.template.expression.Expression.FunctionCall;
import io.strato.template.expression.Expression.IndexAccess;
import io.strato.template.expression.Expression.PropertyAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Walks expression trees. */
public final class Expressions {
    private Expressions() {}

    /** Every function call in {@code e}, outermost first. */
    public static List<FunctionCall> calls(Expression e) {
        List<FunctionCall> out = new ArrayList<>();
        visit(e, x -> {
            if (x instanceof FunctionCall f) out.add(f);
        });
        return out;
    }

    public static void visit(Expression e, Consumer<Expression> visitor) {
        visitor.accept(e);
        switch (e) {
            case FunctionCall f -> f.arguments().forEach(a -> visit(a, visitor));
            case PropertyAccess p -> visit(p.target(), visitor);
            case IndexAccess i -> {
                visit(i.target(), visitor);
                visit(i.index(), visitor);
            }
            default -> { }
        }
    }
}
