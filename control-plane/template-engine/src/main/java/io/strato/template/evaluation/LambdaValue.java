package io.strato.template.evaluation;

import io.strato.template.expression.Expression;
import java.util.List;

/** A lambda() value: parameter names, body, and the context it was created in. Lives inside a Jackson POJONode. */
record LambdaValue(List<String> parameters, Expression body, EvaluationContext captured) {
    @Override
    public String toString() { return "lambda(" + String.join(", ", parameters) + ")"; }
}
