package io.strato.template.expansion;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.document.ParameterDeclaration;
import io.strato.template.document.Template;
import io.strato.template.evaluation.EvaluationContext;
import io.strato.template.evaluation.Evaluator;
import io.strato.template.function.ArmValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Binds supplied parameter values and defaults to declarations, checking type, allowedValues and bounds. */
public final class ParameterBinder {
    private ParameterBinder() {}

    /**
     * Fills {@code ctx}'s state with a value for every declared parameter; problems are added to {@code diagnostics}.
     *
     * @param supplied {@code {"name": {"value": ...}}} or {@code {"name": {"reference": {...}}}} (Key Vault), may be null
     */
    public static void bind(Template template, JsonNode supplied, EvaluationContext ctx, List<Diagnostic> diagnostics) {
        Map<String, JsonNode> given = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (supplied != null && supplied.isObject()) {
            JsonNode values = supplied.has("parameters") && supplied.has("$schema") ? supplied.get("parameters") : supplied;
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                given.put(e.getKey(), e.getValue());
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : given.keySet()) {
            if (template.parameters().keySet().stream().noneMatch(n -> n.equalsIgnoreCase(name))) unknown.add(name);
        }
        if (!unknown.isEmpty()) {
            diagnostics.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The following parameters were supplied, but do not correspond to any parameters defined in the template: '"
                    + String.join(", ", unknown) + "'.", "$.parameters"));
        }
        for (ParameterDeclaration p : template.parameters().values()) {
            JsonNode entry = given.get(p.name());
            JsonNode value;
            try {
                if (entry != null && entry.isObject() && entry.has("reference")) {
                    // A Key Vault reference the caller did not resolve: keep a recognisable placeholder.
                    value = ArmValues.of("<keyVaultReference:" + entry.get("reference").path("secretName").asText() + ">");
                } else if (entry != null && entry.isObject() && entry.has("value") && !(entry.get("value").isNull() && p.defaultValue() != null)) {
                    value = ArmValues.normalize(entry.get("value"));
                } else if (entry != null && !entry.isObject()) {
                    value = ArmValues.normalize(entry);
                } else if (p.defaultValue() != null) {
                    value = Evaluator.evaluateValue(p.defaultValue(), ctx.forParameterDefault(), p.path() + ".defaultValue");
                } else if (p.nullable()) {
                    value = ArmValues.NULL;
                } else {
                    diagnostics.add(new Diagnostic(DiagnosticCode.MissingRequiredParameter, "The value for the template parameter '" + p.name()
                            + "' at '" + p.path() + "' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.", p.path()));
                    continue;
                }
            } catch (TemplateException e) {
                diagnostics.addAll(e.at(p.path()).diagnostics());
                continue;
            } catch (EvaluationContext.RuntimeLookupRequired e) {
                diagnostics.add(new Diagnostic(DiagnosticCode.InvalidTemplate, e.getMessage(), p.path() + ".defaultValue"));
                continue;
            }
            value = coerce(p, value, diagnostics);
            if (value == null) continue;
            check(p, value, ctx, diagnostics);
            ctx.state().setParameter(p.name(), value);
        }
    }

    private static JsonNode coerce(ParameterDeclaration p, JsonNode v, List<Diagnostic> d) {
        if (ArmValues.isNull(v) && p.nullable()) return ArmValues.NULL;
        boolean ok;
        switch (p.type()) {
            case "string", "securestring" -> ok = v.isTextual();
            case "int" -> {
                if (v.isTextual()) {
                    try {
                        return ArmValues.of(Long.parseLong(v.textValue().trim()));
                    } catch (NumberFormatException e) {
                        ok = false;
                        break;
                    }
                }
                ok = v.isIntegralNumber();
            }
            case "bool" -> {
                if (v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
                    return ArmValues.of(v.textValue().equalsIgnoreCase("true"));
                }
                ok = v.isBoolean();
            }
            case "object", "secureobject" -> ok = v.isObject();
            case "array" -> ok = v.isArray();
            default -> ok = true;
        }
        if (!ok) {
            d.add(new Diagnostic(DiagnosticCode.InvalidDeploymentParameterValue, "The provided value for the template parameter '" + p.name()
                    + "' is not valid. Expected a value of type '" + p.displayType() + "', but received a value of type '" + ArmValues.typeName(v) + "'.", p.path()));
            return null;
        }
        return v;
    }

    private static void check(ParameterDeclaration p, JsonNode v, EvaluationContext ctx, List<Diagnostic> d) {
        if (p.allowedValues() != null && p.allowedValues().isArray() && !ArmValues.isNull(v)) {
            JsonNode allowed = p.allowedValues();
            List<JsonNode> candidates = new ArrayList<>();
            if (v.isArray() && !containsArrays(allowed)) v.forEach(candidates::add);
            else candidates.add(v);
            for (JsonNode c : candidates) {
                boolean found = false;
                for (JsonNode a : allowed) {
                    if (ArmValues.deepEquals(a, c) || (a.isTextual() && c.isTextual() && a.textValue().equalsIgnoreCase(c.textValue()))) found = true;
                }
                if (!found) {
                    d.add(new Diagnostic(DiagnosticCode.InvalidDeploymentParameterValue, "The provided value '" + (p.secure() ? "***" : ArmValues.text(c))
                            + "' for the template parameter '" + p.name() + "' is not valid. The parameter value is not part of the allowed value(s): '"
                            + allowedText(allowed) + "'.", p.path() + ".allowedValues"));
                }
            }
        }
        if (v.isIntegralNumber()) {
            if (p.minValue() != null && v.longValue() < p.minValue()) {
                d.add(new Diagnostic(DiagnosticCode.InvalidDeploymentParameterValue, "The provided value '" + v.longValue() + "' for the template parameter '"
                        + p.name() + "' is not valid. The value must be greater than or equal to '" + p.minValue() + "'.", p.path() + ".minValue"));
            }
            if (p.maxValue() != null && v.longValue() > p.maxValue()) {
                d.add(new Diagnostic(DiagnosticCode.InvalidDeploymentParameterValue, "The provided value '" + v.longValue() + "' for the template parameter '"
                        + p.name() + "' is not valid. The value must be less than or equal to '" + p.maxValue() + "'.", p.path() + ".maxValue"));
            }
        }
        Integer length = v.isTextual() ? Integer.valueOf(v.textValue().length()) : v.isArray() ? Integer.valueOf(v.size()) : null;
        if (length != null) {
            if (p.minLength() != null && length < p.minLength()) {
                d.add(new Diagnostic(DiagnosticCode.InvalidDeploymentParameterValue, "The provided value for the template parameter '" + p.name()
                        + "' is not valid. The length of the value must be at least '" + p.minLength() + "'.", p.path() + ".minLength"));
            }
            if (p.maxLength() != null && length > p.maxLength()) {
                d.add(new Diagnostic(DiagnosticCode.InvalidDeploymentParameterValue, "The provided value for the template parameter '" + p.name()
                        + "' is not valid. The length of the value must be at most '" + p.maxLength() + "'.", p.path() + ".maxLength"));
            }
        }
    }

    private static boolean containsArrays(JsonNode allowed) {
        for (JsonNode a : allowed) if (a.isArray()) return true;
        return false;
    }

    private static String allowedText(JsonNode allowed) {
        List<String> parts = new ArrayList<>();
        allowed.forEach(a -> parts.add(ArmValues.text(a)));
        return String.join(",", parts);
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
