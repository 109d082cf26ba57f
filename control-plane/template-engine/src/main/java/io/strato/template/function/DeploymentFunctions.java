package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.fn;

import java.util.List;

/** Deployment functions, learn.microsoft.com .../template-functions-deployment. */
public final class DeploymentFunctions {
    private DeploymentFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("parameters", 1, 1, c -> c.context().parameter(c.string(0))),
                fn("variables", 1, 1, c -> c.context().variable(c.string(0))),
                fn("deployment", 0, 0, c -> c.context().deployment()),
                fn("environment", 0, 0, c -> c.context().environment()));
    }
}
