package io.strato.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.document.ApiProfiles;
import io.strato.template.document.OutputDeclaration;
import io.strato.template.document.Template;
import io.strato.template.evaluation.DeploymentState;
import io.strato.template.evaluation.EvaluationContext;
import io.strato.template.evaluation.Evaluator;
import io.strato.template.expansion.Expander;
import io.strato.template.expansion.ParameterBinder;
import io.strato.template.expansion.ResourceInstance;
import io.strato.template.expansion.TemplateValidator;
import io.strato.template.function.ArmValues;
import io.strato.template.graph.DependencyAnalyzer;
import io.strato.template.graph.DependencyGraph;
import io.strato.template.plan.DeploymentPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Entry point: template + parameters + scope -> {@link PreparedDeployment}, or a {@link TemplateException}. */
public final class TemplateEngine {
    private TemplateEngine() {}

    /**
     * Validates the template and parameters, expands copies/conditions/nested inline templates, resolves dependencies.
     * Pure and thread-safe; nothing is contacted. Throws TemplateException with all diagnostics found.
     */
    public static PreparedDeployment prepare(JsonNode template, JsonNode parameters, DeploymentScope scope) {
        return prepare(template, parameters, scope, Instant.now());
    }

    /** As {@link #prepare(JsonNode, JsonNode, DeploymentScope)} with a fixed clock for utcNow() (tests, replays). */
    public static PreparedDeployment prepare(JsonNode template, JsonNode parameters, DeploymentScope scope, Instant now) {
        List<Diagnostic> d = new ArrayList<>();
        Template t = Template.read(template);
        d.addAll(t.diagnostics());
        if (template == null || !template.isObject()) throw new TemplateException(d);
        if (t.apiProfile() != null && !ApiProfiles.known(t.apiProfile())) {
            d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The api profile '" + t.apiProfile()
                    + "' is not supported. The supported profiles are '2018-03-01-hybrid, 2019-03-01-hybrid, 2020-09-01-hybrid'.", "$.apiProfile"));
        }
        TemplateValidator.validate(template, d);
        if (!d.isEmpty()) throw new TemplateException(d);

        DeploymentState state = new DeploymentState(scope, template, t.apiProfile(), now);
        EvaluationContext root = EvaluationContext.root(state);
        ParameterBinder.bind(t, parameters, root, d);
        if (!d.isEmpty()) throw new TemplateException(d);
        state.setDeploymentObject(deploymentObject(root, state));

        // Surface variable errors now (those needing runtime values are evaluated at execution time).
        JsonNode vars = template.get("variables");
        if (vars != null && vars.isObject()) {
            Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (Iterator<Map.Entry<String, JsonNode>> it = vars.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase("copy") && e.getValue().isArray()) e.getValue().forEach(l -> names.add(l.path("name").asText()));
                else names.add(e.getKey());
            }
            for (String name : names) {
                try {
                    root.variable(name);
                } catch (TemplateException e) {
                    d.addAll(e.at("$.variables." + name).diagnostics());
                } catch (EvaluationContext.RuntimeLookupRequired ignored) {
                    // evaluated at execution time
                }
            }
        }

        Expander expander = new Expander(t, scope, root, d);
        state.setResolver(expander);
        List<ResourceInstance> instances = expander.expand();
        DependencyGraph graph = DependencyAnalyzer.analyze(instances, expander, d);
        if (!d.isEmpty()) throw new TemplateException(d);

        // Outputs that need no runtime value are checked now; the rest when outputs() is called.
        for (OutputDeclaration o : t.outputs().values()) {
            try {
                DeploymentPlan.evaluateOutput(o, root);
            } catch (TemplateException e) {
                d.addAll(e.diagnostics().stream().map(x -> new Diagnostic(DiagnosticCode.InvalidTemplate, x.message(), x.jsonPath())).toList());
            } catch (EvaluationContext.RuntimeLookupRequired ignored) {
                // evaluated at execution time
            }
        }
        if (!d.isEmpty()) throw new TemplateException(d);

        List<PlannedResource> planned = new ArrayList<>();
        Map<String, ResourceInstance> byId = new LinkedHashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            ResourceInstance r = instances.get(i);
            List<String> deps = new ArrayList<>();
            for (int dep : graph.dependencies(i)) deps.add(instances.get(dep).resourceId());
            ObjectNode decl = ArmValues.object();
            decl.put("path", r.declaration().path());
            if (r.loopName() != null) decl.put("copy", r.loopName());
            if (r.batchSize() > 0) decl.put("batchSize", r.batchSize());
            planned.add(new PlannedResource(r.symbolicName(), r.resourceId(), r.fullType(), r.apiVersion(), r.fullName(), deps,
                    r.existing(), r.copyIndex(), decl));
            byId.put(r.key(), r);
        }
        List<List<PlannedResource>> waves = new ArrayList<>();
        for (List<Integer> wave : graph.waves()) waves.add(wave.stream().map(planned::get).toList());
        return new DeploymentPlan(t, state, planned, waves, byId);
    }

    private static JsonNode deploymentObject(EvaluationContext root, DeploymentState state) {
        ObjectNode d = (ObjectNode) root.deployment().deepCopy();
        ObjectNode params = ((ObjectNode) d.get("properties")).putObject("parameters");
        state.parameters().forEach((k, v) -> params.putObject(k).set("value", v));
        return d;
    }

    /** Evaluates one standalone expression string (e.g. {@code "[concat('a', 'b')]"}) in an empty resource-group scope. */
    public static JsonNode evaluate(String expression, DeploymentScope scope) {
        ObjectNode template = ArmValues.object();
        template.putArray("resources");
        DeploymentState state = new DeploymentState(scope, template, null, Instant.now());
        try {
            return Evaluator.evaluateString(expression, EvaluationContext.root(state), "$");
        } catch (EvaluationContext.RuntimeLookupRequired e) {
            throw e.asTemplateException();
        }
    }
}
