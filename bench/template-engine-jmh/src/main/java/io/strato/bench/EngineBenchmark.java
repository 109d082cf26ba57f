package io.strato.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.PlannedResource;
import io.strato.template.PreparedDeployment;
import io.strato.template.RuntimeLookup;
import io.strato.template.TemplateEngine;
import io.strato.template.evaluation.DeploymentState;
import io.strato.template.evaluation.EvaluationContext;
import io.strato.template.evaluation.Evaluator;
import io.strato.template.expression.Expression;
import io.strato.template.expression.ExpressionParser;
import io.strato.template.function.ArmValues;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The template engine's costs, as docs/benchmarks-engine.md reports them (run through bench/engine.sh):
 * <ul>
 *   <li>{@code prepareCopy800} / {@code prepareLarge4MB}: {@link TemplateEngine#prepare} (validate, bind parameters,
 *       evaluate variables, expand copies, resolve dependencies into waves, check outputs) of a template already read
 *       into a {@link JsonNode}; the {@code readAndPrepare*} variants start from the JSON text, as the server does on
 *       every deployment step ({@code Envelope.readJson(d.template)} then {@code prepare});</li>
 *   <li>{@code evaluate*}: one typical expression, through the public {@link TemplateEngine#evaluate} (which parses
 *       through the parser's expression cache), through the evaluator with the expression parsed once, and parsed
 *       anew on every call (the parser's cache full, as after 50,000 distinct expressions);</li>
 *   <li>{@code renderAll800}: {@link PreparedDeployment#render} of all 800 resources of the copy template.</li>
 * </ul>
 * Every benchmark needs its own fork (the JMH default): {@code evaluateParseEachTime} fills the parser's cache.
 */
@State(Scope.Benchmark)
public class EngineBenchmark {
    /** The typical expression, as the public API can evaluate it (an empty template: no parameters). */
    public static final String EXPRESSION_PUBLIC = "[concat(toLower('Strato-Bench'), uniqueString(resourceGroup().id), string(add(1,2)))]";
    /** The same expression reading a parameter, for the evaluator with a deployment state holding {@code p}. */
    public static final String EXPRESSION = "[concat(toLower(parameters('p')), uniqueString(resourceGroup().id), string(add(1,2)))]";

    /** Answers every reference()/list*() call with a small fixed object (the benchmark templates make none). */
    public static final RuntimeLookup TRIVIAL_LOOKUP = new RuntimeLookup() {
        private final JsonNode props = ArmValues.object().put("provisioningState", "Succeeded");

        @Override
        public JsonNode reference(String resourceId, String apiVersion, boolean full) { return props; }

        @Override
        public JsonNode list(String action, String resourceId, String apiVersion, JsonNode body) { return props; }
    };

    private ObjectNode copyTemplate;
    private String copyText;
    private ObjectNode largeTemplate;
    private String largeText;
    private final ObjectNode noParameters = Templates.JSON.createObjectNode();
    private PreparedDeployment copyPlan;
    private Expression parsed;
    private EvaluationContext context;
    /** EXPRESSION's body with a trailing space: a string no other code parses, so never in the parser's cache. */
    private String uncachedBody;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        copyTemplate = Templates.copyTemplate(Templates.COPY_COUNT);
        copyText = Templates.JSON.writeValueAsString(copyTemplate);
        largeTemplate = Templates.largeTemplate();
        largeText = Templates.JSON.writeValueAsString(largeTemplate);
        copyPlan = TemplateEngine.prepare(copyTemplate, noParameters, Templates.SCOPE);
        InputCheck.verify(copyPlan, TemplateEngine.prepare(largeTemplate, noParameters, Templates.SCOPE), largeText);

        ObjectNode empty = ArmValues.object();
        empty.putArray("resources");
        DeploymentState state = new DeploymentState(Templates.SCOPE, empty, null, Instant.now());
        state.setParameter("p", ArmValues.of("Strato-Bench"));
        context = EvaluationContext.root(state);
        String body = EXPRESSION.substring(1, EXPRESSION.length() - 1);
        parsed = ExpressionParser.parse(body);
        uncachedBody = body + " ";
    }

    /**
     * Fills the parser's cache (it stops adding at 50,000 entries) with other expressions, so that the uncached
     * variant of EXPRESSION is parsed on every call.
     */
    @State(Scope.Benchmark)
    public static class FullParserCache {
        @Setup(Level.Trial)
        public void fill() {
            for (int i = 0; i < 50_000; i++) ExpressionParser.parse("concat('filler', '" + i + "')");
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PreparedDeployment prepareCopy800() {
        return TemplateEngine.prepare(copyTemplate, noParameters, Templates.SCOPE);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PreparedDeployment readAndPrepareCopy800() throws IOException {
        return TemplateEngine.prepare(Templates.JSON.readTree(copyText), noParameters, Templates.SCOPE);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PreparedDeployment prepareLarge4MB() {
        return TemplateEngine.prepare(largeTemplate, noParameters, Templates.SCOPE);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PreparedDeployment readAndPrepareLarge4MB() throws IOException {
        return TemplateEngine.prepare(Templates.JSON.readTree(largeText), noParameters, Templates.SCOPE);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void renderAll800(Blackhole bh) {
        for (PlannedResource r : copyPlan.resources()) bh.consume(copyPlan.render(r, TRIVIAL_LOOKUP));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public JsonNode evaluatePublicApi() {
        return TemplateEngine.evaluate(EXPRESSION_PUBLIC, Templates.SCOPE);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public JsonNode evaluateParsedOnce() {
        return Evaluator.evaluate(parsed, context);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public JsonNode evaluateParseEachTime(FullParserCache full) {
        return Evaluator.evaluate(ExpressionParser.parse(uncachedBody), context);
    }
}
