package io.strato.template.expression;

import io.strato.template.TemplateEngine;
import io.strato.template.TestScopes;
import io.strato.template.diagnostic.TemplateException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Property tests: the parser and evaluator never fail other than with a TemplateException, and never hang. */
class ExpressionFuzzTest {
    private static final String[] FUNCTIONS = {"concat", "length", "createArray", "createObject", "if", "equals", "add", "div",
            "substring", "split", "join", "union", "range", "take", "skip", "json", "string", "int", "format", "padLeft",
            "uniqueString", "guid", "base64", "replace", "first", "last", "min", "max", "coalesce", "not", "and", "or",
            "parseCidr", "cidrSubnet", "dateTimeAdd", "items", "filter", "map", "lambda", "lambdaVariables", "mod", "toLower"};

    @Property(tries = 2000)
    void randomTextNeverCrashesTheParser(@ForAll("expressionish") String text) {
        assertOnlyTemplateExceptions(() -> ExpressionParser.parse(text));
    }

    @Property(tries = 2000)
    void randomWellFormedCallsEvaluateOrFailWithADiagnostic(@ForAll("calls") String expression) {
        assertOnlyTemplateExceptions(() -> TemplateEngine.evaluate("[" + expression + "]", TestScopes.RESOURCE_GROUP));
    }

    private static void assertOnlyTemplateExceptions(Runnable r) {
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
            try {
                r.run();
            } catch (TemplateException expected) {
                // a diagnostic is a fine answer
            }
        });
        try {
            f.get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("evaluation hung", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("unexpected " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Provide
    Arbitrary<String> expressionish() {
        return Arbitraries.strings().withChars("()[],.'- abcx0123456789{}:").ofMaxLength(60);
    }

    @Provide
    Arbitrary<String> calls() {
        return call(4);
    }

    private Arbitrary<String> call(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 300).map(String::valueOf),
                Arbitraries.strings().withChars("abc,{}0:./- '").ofMaxLength(8).map(s -> "'" + s.replace("'", "''") + "'"),
                Arbitraries.of("true()", "false()", "null()", "createArray()", "createObject()", "'10.0.0.0/16'", "'P1D'", "'2024-01-01'"));
        if (depth == 0) return leaf;
        Arbitrary<String> nested = Combinators.combine(Arbitraries.of(FUNCTIONS), call(depth - 1).list().ofMaxSize(3))
                .as((fn, args) -> fn + "(" + String.join(", ", args) + ")");
        return Arbitraries.oneOf(leaf, nested, nested.map(s -> s + "[0]"), nested.map(s -> s + ".a"));
    }
}
