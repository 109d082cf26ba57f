package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.fn;

import java.util.List;

/** Scope functions, learn.microsoft.com .../template-functions-scope. */
public final class ScopeFunctions {
    private ScopeFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("resourceGroup", 0, 0, c -> c.context().resourceGroup()),
                fn("subscription", 0, 0, c -> c.context().subscription()),
                fn("tenant", 0, 0, c -> c.context().tenant()),
                fn("managementGroup", 0, 1, c -> {
                    throw c.error("The template function 'managementGroup' is only valid in templates deployed to a management group.");
                }));
    }
}
