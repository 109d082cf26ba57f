package io.strato.template.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.expansion.Expander;
import io.strato.template.expansion.ResourceInstance;
import io.strato.template.expression.Expression;
import io.strato.template.expression.Expression.FunctionCall;
import io.strato.template.expression.ExpressionParser;
import io.strato.template.expression.Expressions;
import io.strato.template.evaluation.Evaluator;
import io.strato.template.evaluation.ResourceResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the dependency graph of expanded instances: explicit dependsOn (by symbolic name, loop name, id, type/name or
 * name), implicit reference()/list*()/references() to declared resources (hard), resourceId()-family calls that name
 * a declared resource and child-to-parent (soft), and serial copy batches.
 */
public final class DependencyAnalyzer {
    private static final Set<String> ID_FUNCTIONS = Set.of("resourceid", "subscriptionresourceid", "extensionresourceid", "tenantresourceid");

    private DependencyAnalyzer() {}

    public static DependencyGraph analyze(List<ResourceInstance> instances, Expander expander, List<Diagnostic> diagnostics) {
        DependencyGraph g = new DependencyGraph(instances.size());
        Map<ResourceInstance, Integer> index = new HashMap<>();
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            index.put(instances.get(i), i);
            byId.putIfAbsent(instances.get(i).key(), i);
        }
        for (int i = 0; i < instances.size(); i++) {
            ResourceInstance r = instances.get(i);
            for (int k = 0; k < r.dependsOn().size(); k++) {
                String dep = r.dependsOn().get(k);
                List<ResourceInstance> targets = expander.match(dep);
                if (targets.isEmpty()) {
                    if (!expander.isExcluded(dep) && !expander.isExcluded(stripScope(dep))) {
                        diagnostics.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The resource '" + dep + "' is not defined in the template.",
                                r.declaration().path() + ".dependsOn[" + k + "]"));
                    }
                    continue;
                }
                for (ResourceInstance t : targets) g.addHard(i, index.get(t));
            }
            if (r.batchSize() > 0) {
                int batch = r.copyIndex() / r.batchSize();
                if (batch > 0) {
                    for (int j = 0; j < instances.size(); j++) {
                        ResourceInstance o = instances.get(j);
                        if (o.declaration() == r.declaration() && o.copyIndex() / r.batchSize() == batch - 1) g.addHard(i, j);
                    }
                }
            }
        }
        // implicit edges after explicit ones, so soft edges never break an explicit order
        List<int[]> soft = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            ResourceInstance r = instances.get(i);
            int from = i;
            scan(r, (function, target, isId) -> {
                if (isId) {
                    Integer t = byId.get(target.toLowerCase(Locale.ROOT));
                    if (t != null) soft.add(new int[] {from, t});
                    return;
                }
                if (function.equals("references")) {
                    for (ResourceResolver.Target t : expander.collection(target)) {
                        Integer ti = byId.get(t.resourceId().toLowerCase(Locale.ROOT));
                        if (ti != null) g.addHard(from, ti);
                    }
                    return;
                }
                Optional<ResourceResolver.Target> t = expander.resolve(target);
                if (t.isPresent()) {
                    Integer ti = byId.get(t.get().resourceId().toLowerCase(Locale.ROOT));
                    if (ti != null) g.addHard(from, ti);
                }
            });
            String parentId = parentId(r.resourceId());
            if (parentId != null && byId.containsKey(parentId.toLowerCase(Locale.ROOT))) soft.add(new int[] {i, byId.get(parentId.toLowerCase(Locale.ROOT))});
        }
        Optional<List<Integer>> cycle = g.findCycle();
        if (cycle.isPresent()) {
            List<String> names = cycle.get().stream().map(n -> instances.get(n).resourceId()).toList();
            diagnostics.add(new Diagnostic(DiagnosticCode.CircularDependency, "Circular dependency detected on resource: '"
                    + names.get(0) + "'. The cycle is: " + String.join(" -> ", names) + ".", instances.get(cycle.get().get(0)).declaration().path()));
            return g;
        }
        for (int[] e : soft) g.addSoft(e[0], e[1]);
        return g;
    }

    private static String stripScope(String dep) {
        int i = dep.toLowerCase(Locale.ROOT).lastIndexOf("/providers/");
        return i < 0 ? dep : dep.substring(i + 11);
    }

    private static String parentId(String id) {
        int p = id.toLowerCase(Locale.ROOT).lastIndexOf("/providers/");
        if (p < 0) return null;
        String tail = id.substring(p + 11);
        String[] seg = tail.split("/");
        if (seg.length < 5) return null; // ns/type/name has no parent resource in the same provider
        return id.substring(0, id.length() - seg[seg.length - 1].length() - seg[seg.length - 2].length() - 2);
    }

    @FunctionalInterface
    private interface Found {
        void accept(String function, String target, boolean isId);
    }

    private static void scan(ResourceInstance r, Found found) {
        JsonNode body = r.declaration().body();
        boolean inner = r.isDeployment() && "inner".equalsIgnoreCase(body.path("properties").path("expressionEvaluationOptions").path("scope").asText(""));
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.equalsIgnoreCase("dependsOn") || k.equalsIgnoreCase("copy") || k.equalsIgnoreCase("resources")
                    || k.equalsIgnoreCase("name") || k.equalsIgnoreCase("type") || k.equalsIgnoreCase("apiVersion")) continue;
            if (inner && k.equalsIgnoreCase("properties")) {
                walk(e.getValue().get("parameters"), r, found);
                continue;
            }
            walk(e.getValue(), r, found);
        }
    }

    private static void walk(JsonNode node, ResourceInstance r, Found found) {
        if (node == null) return;
        if (node.isTextual()) {
            String s = node.textValue();
            if (!ExpressionParser.isExpression(s)) return;
            Expression e;
            try {
                e = ExpressionParser.parse(s.substring(1, s.length() - 1));
            } catch (RuntimeException ex) {
                return;
            }
            for (FunctionCall f : Expressions.calls(e)) {
                String n = f.name().toLowerCase(Locale.ROOT);
                if (f.namespace() != null || f.arguments().isEmpty()) continue;
                boolean isId = ID_FUNCTIONS.contains(n);
                if (!isId && !n.equals("reference") && !n.equals("references") && !n.startsWith("list")) continue;
                try {
                    JsonNode v = Evaluator.evaluate(isId ? f : f.arguments().get(0), r.context());
                    if (v.isTextual()) found.accept(n, v.textValue(), isId);
                } catch (RuntimeException ignored) {
                    // arguments that need runtime values or lambda variables cannot be resolved statically
                }
            }
        } else if (node.isContainerNode()) {
            for (JsonNode child : node) walk(child, r, found);
        }
    }
}
