package io.strato.template.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.DiagnosticCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A template read into typed sections; every declaration keeps its JSON path. Reading never throws: structural
 * problems are collected in {@link #diagnostics()}.
 */
public record Template(
        JsonNode root,
        String schema,
        String contentVersion,
        String languageVersion,
        String apiProfile,
        Map<String, ParameterDeclaration> parameters,
        ObjectNode variables,
        JsonNode functions,
        List<ResourceDeclaration> resources,
        Map<String, OutputDeclaration> outputs,
        List<Diagnostic> diagnostics) {

    public static final int MAX_PARAMETERS = 256;
    public static final int MAX_VARIABLES = 512;
    public static final int MAX_OUTPUTS = 64;

    /** True for languageVersion 2.0 (symbolic names: resources is an object keyed by symbolic name). */
    public boolean symbolic() {
        return languageVersion != null && !languageVersion.startsWith("1") || (root.has("resources") && root.get("resources").isObject());
    }

    /** Target scope from the $schema: resourceGroup, subscription, managementGroup or tenant. */
    public String targetScope() {
        String s = schema == null ? "" : schema.toLowerCase(Locale.ROOT);
        if (s.contains("subscriptiondeploymenttemplate")) return "subscription";
        if (s.contains("managementgroupdeploymenttemplate")) return "managementGroup";
        if (s.contains("tenantdeploymenttemplate")) return "tenant";
        return "resourceGroup";
    }

    public static Template read(JsonNode root) {
        List<Diagnostic> d = new ArrayList<>();
        if (root == null || !root.isObject()) {
            d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template must be a JSON object.", "$"));
            return new Template(root, null, null, null, null, Map.of(), new ObjectNode(null), null, List.of(), Map.of(), d);
        }
        String schema = text(root, "$schema");
        String contentVersion = text(root, "contentVersion");
        String languageVersion = text(root, "languageVersion");
        String apiProfile = text(root, "apiProfile");

        Map<String, ParameterDeclaration> parameters = new LinkedHashMap<>();
        JsonNode ps = root.get("parameters");
        if (ps != null && !ps.isNull()) {
            if (!ps.isObject()) d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template 'parameters' section must be an object.", "$.parameters"));
            else {
                for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String path = "$.parameters." + e.getKey();
                    if (!e.getValue().isObject()) {
                        d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template parameter '" + e.getKey() + "' must be an object.", path));
                        continue;
                    }
                    parameters.put(e.getKey(), ParameterDeclaration.read(e.getKey(), e.getValue(), path, d));
                }
                if (parameters.size() > MAX_PARAMETERS) {
                    d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The number of template parameters '" + parameters.size()
                            + "' exceeds the limit of '" + MAX_PARAMETERS + "'.", "$.parameters"));
                }
            }
        }

        ObjectNode variables = new ObjectNode(null);
        JsonNode vs = root.get("variables");
        if (vs != null && !vs.isNull()) {
            if (!vs.isObject()) d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template 'variables' section must be an object.", "$.variables"));
            else {
                variables = (ObjectNode) vs;
                int count = variables.size();
                JsonNode copy = variables.get("copy");
                if (copy != null && copy.isArray()) count += copy.size() - 1;
                if (count > MAX_VARIABLES) {
                    d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The number of template variables '" + count
                            + "' exceeds the limit of '" + MAX_VARIABLES + "'.", "$.variables"));
                }
            }
        }

        List<ResourceDeclaration> resources = new ArrayList<>();
        JsonNode rs = root.get("resources");
        if (rs == null || rs.isNull()) {
            if (!root.has("resources")) d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template must have a 'resources' section.", "$"));
        } else if (rs.isArray()) {
            for (int i = 0; i < rs.size(); i++) ResourceDeclaration.read(null, rs.get(i), "$.resources[" + i + "]", resources, d);
        } else if (rs.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = rs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ResourceDeclaration.read(e.getKey(), e.getValue(), "$.resources." + e.getKey(), resources, d);
            }
        } else {
            d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template 'resources' section must be an array or an object.", "$.resources"));
        }

        Map<String, OutputDeclaration> outputs = new LinkedHashMap<>();
        JsonNode os = root.get("outputs");
        if (os != null && os.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = os.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = "$.outputs." + e.getKey();
                if (!e.getValue().isObject()) {
                    d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template output '" + e.getKey() + "' must be an object.", path));
                    continue;
                }
                outputs.put(e.getKey(), new OutputDeclaration(e.getKey(), e.getValue(), path));
            }
            if (outputs.size() > MAX_OUTPUTS) {
                d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The number of template outputs '" + outputs.size()
                        + "' exceeds the limit of '" + MAX_OUTPUTS + "'.", "$.outputs"));
            }
        }
        return new Template(root, schema, contentVersion, languageVersion, apiProfile, parameters, variables,
                root.get("functions"), resources, outputs, d);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
