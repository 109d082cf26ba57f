package io.strato.template.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.PlannedResource;
import io.strato.template.PreparedDeployment;
import io.strato.template.RuntimeLookup;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.document.OutputDeclaration;
import io.strato.template.document.ParameterDeclaration;
import io.strato.template.document.Template;
import io.strato.template.evaluation.DeploymentState;
import io.strato.template.evaluation.EvaluationContext;
import io.strato.template.evaluation.Evaluator;
import io.strato.template.expansion.ResourceInstance;
import io.strato.template.expression.ExpressionParser;
import io.strato.template.function.ArmValues;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The engine's only output: planned resources in waves, and evaluation of bodies and outputs at execution time. */
public final class DeploymentPlan implements PreparedDeployment {
    /** Declaration properties that steer the engine and are not part of the PUT body. */
    private static final Set<String> ENGINE_PROPERTIES = Set.of("condition", "copy", "dependson", "resources", "comments", "existing", "scope", "import");

    private final Template template;
    private final DeploymentState state;
    private final List<PlannedResource> resources;
    private final List<List<PlannedResource>> waves;
    private final Map<String, ResourceInstance> instances;

    public DeploymentPlan(Template template, DeploymentState state, List<PlannedResource> resources, List<List<PlannedResource>> waves,
                          Map<String, ResourceInstance> instancesById) {
        this.template = template;
        this.state = state;
        this.resources = List.copyOf(resources);
        this.waves = waves.stream().map(List::copyOf).toList();
        this.instances = Map.copyOf(instancesById);
    }

    @Override
    public List<PlannedResource> resources() { return resources; }

    @Override
    public List<List<PlannedResource>> waves() { return waves; }

    @Override
    public JsonNode template() { return template.root(); }

    private EvaluationContext runtimeContext(RuntimeLookup runtime) {
        return EvaluationContext.root(state.withRuntime(runtime));
    }

    @Override
    public JsonNode render(PlannedResource r, RuntimeLookup runtime) {
        ResourceInstance inst = instances.get(r.resourceId().toLowerCase(Locale.ROOT));
        if (inst == null) throw new IllegalArgumentException("not a resource of this deployment: " + r.resourceId());
        EvaluationContext ctx = runtimeContext(runtime);
        if (inst.loopName() != null) ctx = ctx.withLoop(inst.loopName(), inst.copyIndex());
        String path = inst.declaration().path();
        ObjectNode out = ArmValues.object();
        out.put("name", inst.fullName());
        out.put("type", inst.fullType());
        out.put("apiVersion", inst.apiVersion());
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = inst.declaration().body().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().toLowerCase(Locale.ROOT);
                if (ENGINE_PROPERTIES.contains(key) || key.equals("name") || key.equals("type") || key.equals("apiversion")) continue;
                if (key.equals("properties") && inst.isDeployment() && e.getValue().has("template")) {
                    out.set(e.getKey(), renderNestedDeployment(e.getValue(), ctx, path + ".properties"));
                    continue;
                }
                out.set(e.getKey(), Evaluator.evaluateValue(e.getValue(), ctx, path + "." + e.getKey()));
            }
        } catch (TemplateException e) {
            throw e.at(path);
        } catch (EvaluationContext.RuntimeLookupRequired e) {
            throw e.asTemplateException().at(path);
        }
        return out;
    }

    /**
     * A nested inline deployment's properties. Inner scope: the template is passed on untouched (parameters evaluated
     * here). Outer scope: each expression of the nested template that can be evaluated in this deployment's context is
     * replaced by its value; the rest (copyIndex of its own loops, ...) is left for the nested deployment.
     */
    private JsonNode renderNestedDeployment(JsonNode properties, EvaluationContext ctx, String path) {
        boolean inner = "inner".equalsIgnoreCase(properties.path("expressionEvaluationOptions").path("scope").asText(""));
        ObjectNode out = ArmValues.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("template")) {
                out.set("template", inner ? e.getValue().deepCopy() : evaluateLeniently(e.getValue(), ctx));
            } else {
                out.set(e.getKey(), Evaluator.evaluateValue(e.getValue(), ctx, path + "." + e.getKey()));
            }
        }
        return out;
    }

    private static JsonNode evaluateLeniently(JsonNode node, EvaluationContext ctx) {
        if (node.isTextual()) {
            String s = node.textValue();
            if (!ExpressionParser.isExpression(s)) return ArmValues.of(ExpressionParser.unescape(s));
            try {
                return Evaluator.evaluateString(s, ctx, "$");
            } catch (RuntimeException e) {
                return node;
            }
        }
        if (node.isArray()) {
            var a = ArmValues.array();
            node.forEach(x -> a.add(evaluateLeniently(x, ctx)));
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = ArmValues.object();
            node.fields().forEachRemaining(e -> o.set(e.getKey(), evaluateLeniently(e.getValue(), ctx)));
            return o;
        }
        return node;
    }

    @Override
    public Map<String, JsonNode> outputs(RuntimeLookup runtime) {
        EvaluationContext ctx = runtimeContext(runtime);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (OutputDeclaration o : template.outputs().values()) {
            JsonNode value = evaluateOutput(o, ctx);
            if (value == null) continue;
            ObjectNode entry = ArmValues.object();
            entry.put("type", outputType(o.declaration().path("type").asText("")));
            entry.set("value", value);
            out.put(o.name(), entry);
        }
        return out;
    }

    /** The output's value, or null when its condition is false. */
    public static JsonNode evaluateOutput(OutputDeclaration o, EvaluationContext ctx) {
        JsonNode d = o.declaration();
        try {
            if (d.has("condition")) {
                JsonNode c = Evaluator.evaluateValue(d.get("condition"), ctx, o.path() + ".condition");
                if (c.isBoolean() && !c.booleanValue()) return null;
            }
            JsonNode copy = d.get("copy");
            JsonNode value;
            if (copy != null && copy.isObject()) {
                value = Evaluator.expandCopy(copy, ctx, o.path() + ".copy");
            } else {
                value = Evaluator.evaluateValue(d.get("value"), ctx, o.path() + ".value");
            }
            return convert(o, value);
        } catch (TemplateException e) {
            throw new TemplateException(e.diagnostics().stream()
                    .map(x -> new io.strato.template.diagnostic.Diagnostic(DiagnosticCode.DeploymentFailed,
                            "Unable to evaluate the template output '" + o.name() + "': " + x.message(), x.jsonPath() == null ? o.path() : x.jsonPath()))
                    .toList());
        }
    }

    private static JsonNode convert(OutputDeclaration o, JsonNode value) {
        String type = o.declaration().path("type").asText("").toLowerCase(Locale.ROOT);
        if ((type.equals("string") || type.equals("securestring")) && !value.isTextual() && !ArmValues.isNull(value)) {
            if (value.isObject() || value.isArray()) {
                throw new TemplateException(DiagnosticCode.DeploymentFailed, "The template output '" + o.name() + "' is not valid: expected a value of type 'String' but got '"
                        + ArmValues.typeName(value) + "'.", o.path());
            }
            return ArmValues.of(ArmValues.text(value));
        }
        if (type.equals("int") && value.isTextual()) {
            try {
                return ArmValues.of(Long.parseLong(value.textValue()));
            } catch (NumberFormatException e) {
                throw new TemplateException(DiagnosticCode.DeploymentFailed, "The template output '" + o.name() + "' is not valid: expected a value of type 'Int'.", o.path());
            }
        }
        if (type.equals("bool") && value.isTextual()) return ArmValues.of(Boolean.parseBoolean(value.textValue()));
        return value;
    }

    static String outputType(String declared) {
        return switch (declared.toLowerCase(Locale.ROOT)) {
            case "string" -> "String";
            case "securestring" -> "SecureString";
            case "int" -> "Int";
            case "bool" -> "Bool";
            case "array" -> "Array";
            case "object" -> "Object";
            case "secureobject" -> "SecureObject";
            default -> declared;
        };
    }

    @Override
    public Map<String, JsonNode> parametersForResponse() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (ParameterDeclaration p : template.parameters().values()) {
            if (!state.parameters().containsKey(p.name())) continue;
            ObjectNode entry = ArmValues.object();
            entry.put("type", p.displayType());
            // as Azure: a secure parameter is listed with its type and never with its value
            if (!p.secure()) entry.set("value", state.parameters().get(p.name()));
            out.put(p.name(), entry);
        }
        return out;
    }
}
