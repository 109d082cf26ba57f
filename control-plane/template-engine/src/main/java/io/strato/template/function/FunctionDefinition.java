package io.strato.template.function;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Set;

/**
 * One entry of the function table: name (matched case-insensitively), arity, flags and the evaluator.
 * {@code maxArgs} is {@link #UNBOUNDED} for variadic functions.
 */
public record FunctionDefinition(String name, int minArgs, int maxArgs, Set<FunctionFlag> flags, Evaluator evaluator) {
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Evaluates one call; arguments are evaluated on demand through the invocation (so {@code if} stays lazy). */
    @FunctionalInterface
    public interface Evaluator {
        JsonNode apply(Invocation call);
    }

    public FunctionDefinition {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(flags);
    }

    public static FunctionDefinition fn(String name, int min, int max, Evaluator evaluator, FunctionFlag... flags) {
        return new FunctionDefinition(name, min, max, flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags), evaluator);
    }

    public boolean has(FunctionFlag flag) { return flags.contains(flag); }

    public String arity() {
        if (minArgs == maxArgs) return String.valueOf(minArgs);
        return maxArgs == UNBOUNDED ? "at least " + minArgs : "between " + minArgs + " and " + maxArgs;
    }
}
