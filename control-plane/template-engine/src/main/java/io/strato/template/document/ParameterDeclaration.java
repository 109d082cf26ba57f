package io.strato.template.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.DiagnosticCode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A template parameter: its declared type (lower-cased), default and constraints. */
public record ParameterDeclaration(String name, String type, JsonNode defaultValue, JsonNode allowedValues,
                                   Long minValue, Long maxValue, Long minLength, Long maxLength, boolean nullable,
                                   JsonNode declaration, String path) {
    public static final Set<String> TYPES = Set.of("string", "securestring", "int", "bool", "object", "secureobject", "array");

    static ParameterDeclaration read(String name, JsonNode decl, String path, List<Diagnostic> d) {
        String type = decl.path("type").asText("").toLowerCase(Locale.ROOT);
        if (type.isEmpty() && decl.has("$ref")) type = "any";
        else if (!TYPES.contains(type)) {
            d.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The template parameter '" + name + "' has an invalid type '"
                    + decl.path("type").asText() + "'. The supported types are 'string, securestring, int, bool, object, secureobject, array'.", path + ".type"));
        }
        return new ParameterDeclaration(name, type, decl.get("defaultValue"), decl.get("allowedValues"),
                number(decl, "minValue"), number(decl, "maxValue"), number(decl, "minLength"), number(decl, "maxLength"),
                decl.path("nullable").asBoolean(false), decl, path);
    }

    private static Long number(JsonNode decl, String field) {
        JsonNode v = decl.get(field);
        return v != null && v.isIntegralNumber() ? v.longValue() : null;
    }

    public boolean secure() { return type.equals("securestring") || type.equals("secureobject"); }

    /** The type as ARM writes it in deployment responses (String, SecureString, Int, Bool, Object, SecureObject, Array). */
    public String displayType() {
        return switch (type) {
            case "securestring" -> "SecureString";
            case "secureobject" -> "SecureObject";
            case "int" -> "Int";
            case "bool" -> "Bool";
            case "object" -> "Object";
            case "array" -> "Array";
            case "string" -> "String";
            default -> "Object";
        };
    }
}
