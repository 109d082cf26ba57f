package io.strato.template.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.DiagnosticCode;
import java.util.List;

/**
 * A resource as declared. Child resources written inside a parent's {@code resources} array are flattened into the
 * template's list with {@link #parent()} set, so their name and type are prefixed with the parent's when expanded.
 */
public record ResourceDeclaration(String symbolicName, JsonNode body, String path, ResourceDeclaration parent) {

    static void read(String symbolicName, JsonNode body, String path, List<ResourceDeclaration> out, List<Diagnostic> d) {
        readWithParent(symbolicName, body, path, null, out, d);
    }

    private static void readWithParent(String symbolicName, JsonNode body, String path, ResourceDeclaration parent,
                                       List<ResourceDeclaration> out, List<Diagnostic> d) {
        if (body == null || !body.isObject()) {
            d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "A template resource must be an object.", path));
            return;
        }
        for (String required : List.of("type", "name")) {
            JsonNode v = body.get(required);
            if (v == null || !v.isTextual()) {
                if (required.equals("name") && body.path("existing").asBoolean(false) && v != null) continue;
                d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template resource is missing the required string property '" + required + "'.", path));
                return;
            }
        }
        ResourceDeclaration r = new ResourceDeclaration(symbolicName, body, path, parent);
        out.add(r);
        JsonNode children = body.get("resources");
        if (children != null && children.isArray()) {
            for (int i = 0; i < children.size(); i++) readWithParent(null, children.get(i), path + ".resources[" + i + "]", r, out, d);
        }
    }

    public String declaredType() { return body.path("type").asText(); }

    public boolean existing() { return body.path("existing").asBoolean(false); }
}
