package io.strato.template.expansion;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.expression.Expression;
import io.strato.template.expression.Expression.FunctionCall;
import io.strato.template.expression.ExpressionParser;
import io.strato.template.expression.Expressions;
import io.strato.template.function.FunctionDefinition;
import io.strato.template.function.FunctionTable;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Static checks over every string of a template: expressions parse, functions exist with the right arity. Nested
 * inline templates are checked for syntax only (their user functions and scope are their own).
 */
public final class TemplateValidator {
    private TemplateValidator() {}

    public static void validate(JsonNode template, List<Diagnostic> out) {
        Set<String> userFunctions = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        JsonNode fns = template.get("functions");
        if (fns != null && fns.isArray()) {
            for (JsonNode ns : fns) {
                for (Iterator<String> it = ns.path("members").fieldNames(); it.hasNext(); ) {
                    userFunctions.add(ns.path("namespace").asText() + "." + it.next());
                }
            }
        }
        walk(template, "$", userFunctions, true, out);
    }

    private static void walk(JsonNode node, String path, Set<String> udfs, boolean checkFunctions, List<Diagnostic> out) {
        if (out.size() > 100) return;
        if (node.isTextual()) {
            check(node.textValue(), path, udfs, checkFunctions, out);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "[" + i + "]", udfs, checkFunctions, out);
        } else if (node.isObject()) {
            boolean nestedDeployment = node.path("type").asText("").equalsIgnoreCase("Microsoft.Resources/deployments");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path + "." + e.getKey();
                check(e.getKey(), child, udfs, checkFunctions, out);
                if (nestedDeployment && e.getKey().equalsIgnoreCase("properties") && e.getValue().has("template")) {
                    for (Iterator<Map.Entry<String, JsonNode>> p = e.getValue().fields(); p.hasNext(); ) {
                        Map.Entry<String, JsonNode> pe = p.next();
                        walk(pe.getValue(), child + "." + pe.getKey(), udfs, checkFunctions && !pe.getKey().equals("template"), out);
                    }
                } else {
                    walk(e.getValue(), child, udfs, checkFunctions, out);
                }
            }
        }
    }

    private static void check(String s, String path, Set<String> udfs, boolean checkFunctions, List<Diagnostic> out) {
        if (!ExpressionParser.isExpression(s)) return;
        Expression e;
        try {
            e = ExpressionParser.parse(s.substring(1, s.length() - 1));
        } catch (TemplateException ex) {
            out.addAll(ex.at(path).diagnostics());
            return;
        }
        if (!checkFunctions) return;
        for (FunctionCall f : Expressions.calls(e)) {
            if (f.namespace() != null && !f.namespace().equalsIgnoreCase("sys")) {
                if (!udfs.contains(f.qualifiedName())) {
                    out.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template function '" + f.qualifiedName()
                            + "' is not valid. Please see https://aka.ms/arm-functions for usage details.", path));
                }
                continue;
            }
            Optional<FunctionDefinition> d = FunctionTable.builtIns().find(f.name());
            if (d.isEmpty()) {
                out.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template function '" + f.name()
                        + "' is not valid. Please see https://aka.ms/arm-functions for usage details.", path));
            } else {
                int n = f.arguments().size();
                if (n < d.get().minArgs() || n > d.get().maxArgs()) {
                    out.add(new Diagnostic(DiagnosticCode.InvalidTemplateExpression, "The template language function '" + f.name()
                            + "' must have " + d.get().arity() + " parameter(s); " + n + " were provided.", path));
                }
            }
        }
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
