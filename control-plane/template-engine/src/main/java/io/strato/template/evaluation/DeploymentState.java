package io.strato.template.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.DeploymentScope;
import io.strato.template.RuntimeLookup;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything shared by the evaluations of one deployment: scope, parameter values, variable declarations (evaluated
 * lazily and cached), user-defined functions, the resource resolver and, at execution time, the runtime lookup.
 */
public final class DeploymentState {
    final DeploymentScope scope;
    final JsonNode template;
    final Map<String, JsonNode> parameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, JsonNode> variableDeclarations = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, UserFunction> functions = new HashMap<>();
    final Map<String, JsonNode> variableCache = new HashMap<>();
    final Set<String> variablesInProgress = new HashSet<>();
    final String apiProfile;
    final Instant now;
    ResourceResolver resolver = ResourceResolver.NONE;
    RuntimeLookup runtime;
    JsonNode deploymentObject;

    /** A user-defined function: parameter names and the output value expression. */
    public record UserFunction(String qualifiedName, java.util.List<String> parameters, JsonNode output) {}

    public DeploymentState(DeploymentScope scope, JsonNode template, String apiProfile, Instant now) {
        this.scope = scope;
        this.template = template;
        this.apiProfile = apiProfile;
        this.now = now;
        JsonNode vars = template.get("variables");
        if (vars != null && vars.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vars.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase("copy") && e.getValue().isArray()) {
                    for (JsonNode loop : e.getValue()) {
                        if (loop.has("name")) variableDeclarations.put(loop.get("name").asText(), copyMarker(loop));
                    }
                } else {
                    variableDeclarations.put(e.getKey(), e.getValue());
                }
            }
        }
        JsonNode fns = template.get("functions");
        if (fns != null && fns.isArray()) {
            for (JsonNode ns : fns) {
                String namespace = ns.path("namespace").asText();
                for (Iterator<Map.Entry<String, JsonNode>> it = ns.path("members").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = it.next();
                    java.util.List<String> params = new java.util.ArrayList<>();
                    for (JsonNode p : m.getValue().path("parameters")) params.add(p.path("name").asText());
                    String q = namespace + "." + m.getKey();
                    functions.put(q.toLowerCase(Locale.ROOT), new UserFunction(q, params, m.getValue().path("output").path("value")));
                }
            }
        }
    }

    /** A copy of this state for another evaluation pass (e.g. execution time) with a fresh variable cache. */
    public DeploymentState withRuntime(RuntimeLookup runtime) {
        DeploymentState s = new DeploymentState(scope, template, apiProfile, now);
        s.parameters.putAll(parameters);
        s.resolver = resolver;
        s.runtime = runtime;
        s.deploymentObject = deploymentObject;
        return s;
    }

    private static JsonNode copyMarker(JsonNode loop) {
        ObjectNode marker = new ObjectNode(io.strato.template.function.ArmValues.FACTORY);
        marker.set("$variableCopy", loop);
        return marker;
    }

    public void setParameter(String name, JsonNode value) { parameters.put(name, value); }

    public Map<String, JsonNode> parameters() { return parameters; }

    public void setResolver(ResourceResolver resolver) { this.resolver = resolver; }

    public void setDeploymentObject(JsonNode deployment) { this.deploymentObject = deployment; }

    public DeploymentScope scope() { return scope; }

    public RuntimeLookup runtime() { return runtime; }

    public String apiProfile() { return apiProfile; }

    public boolean hasVariable(String name) { return variableDeclarations.containsKey(name); }

    JsonNode variable(String name, EvaluationContext root) {
        String key = name.toLowerCase(Locale.ROOT);
        JsonNode cached = variableCache.get(key);
        if (cached != null) return cached;
        JsonNode decl = variableDeclarations.get(name);
        if (decl == null) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The template variable '" + name + "' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.");
        }
        if (!variablesInProgress.add(key)) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The template variable '" + name + "' references itself (directly or through other variables).");
        }
        try {
            JsonNode value;
            if (decl.isObject() && decl.has("$variableCopy")) {
                value = Evaluator.expandCopy(decl.get("$variableCopy"), root, "$.variables.copy");
            } else {
                value = Evaluator.evaluateValue(decl, root, "$.variables." + name);
            }
            variableCache.put(key, value);
            return value;
        } finally {
            variablesInProgress.remove(key);
        }
    }
}
