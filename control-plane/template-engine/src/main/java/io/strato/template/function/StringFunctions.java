package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.UNBOUNDED;
import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** String functions (learn.microsoft.com .../template-functions-string). */
public final class StringFunctions {
    private StringFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("concat", 0, UNBOUNDED, StringFunctions::concat),
                fn("uniqueString", 1, UNBOUNDED, c -> ArmValues.of(ArmHashing.uniqueString(strings(c)))),
                fn("guid", 1, UNBOUNDED, c -> ArmValues.of(ArmHashing.guid(strings(c)))),
                fn("newGuid", 0, 0, c -> ArmValues.of(UUID.randomUUID().toString()), FunctionFlag.PARAMETER_DEFAULT_ONLY),
                fn("format", 1, UNBOUNDED, StringFunctions::format),
                fn("toLower", 1, 1, c -> ArmValues.of(c.string(0).toLowerCase(Locale.ROOT))),
                fn("toUpper", 1, 1, c -> ArmValues.of(c.string(0).toUpperCase(Locale.ROOT))),
                fn("string", 1, 1, c -> ArmValues.of(c.arg(0).isTextual() ? c.arg(0).textValue() : ArmValues.isNull(c.arg(0)) ? "" : ArmValues.text(c.arg(0)))),
                fn("substring", 1, 3, StringFunctions::substring),
                fn("replace", 3, 3, c -> ArmValues.of(c.string(0).replace(c.string(1), c.string(2)))),
                fn("split", 2, 2, StringFunctions::split),
                fn("join", 2, 2, StringFunctions::join),
                fn("trim", 1, 1, c -> ArmValues.of(c.string(0).strip())),
                fn("padLeft", 2, 3, StringFunctions::padLeft),
                fn("startsWith", 2, 2, c -> ArmValues.of(c.string(0).toLowerCase(Locale.ROOT).startsWith(c.string(1).toLowerCase(Locale.ROOT)))),
                fn("endsWith", 2, 2, c -> ArmValues.of(c.string(0).toLowerCase(Locale.ROOT).endsWith(c.string(1).toLowerCase(Locale.ROOT)))),
                fn("base64", 1, 1, c -> ArmValues.of(Base64.getEncoder().encodeToString(c.string(0).getBytes(StandardCharsets.UTF_8)))),
                fn("base64ToString", 1, 1, c -> ArmValues.of(new String(decodeBase64(c, c.string(0)), StandardCharsets.UTF_8))),
                fn("base64ToJson", 1, 1, c -> ObjectFunctions.parseJson(c, new String(decodeBase64(c, c.string(0)), StandardCharsets.UTF_8))),
                fn("dataUri", 1, 1, c -> ArmValues.of("data:text/plain;charset=utf8;base64,"
                        + Base64.getEncoder().encodeToString(ArmValues.text(c.arg(0)).getBytes(StandardCharsets.UTF_8)))),
                fn("dataUriToString", 1, 1, StringFunctions::dataUriToString),
                fn("uri", 2, 2, StringFunctions::uri),
                fn("uriComponent", 1, 1, c -> ArmValues.of(escapeDataString(c.string(0)))),
                fn("uriComponentToString", 1, 1, c -> ArmValues.of(URLDecoder.decode(c.string(0).replace("+", "%2B"), StandardCharsets.UTF_8))),
                fn("like", 2, 2, StringFunctions::like));
    }

    static List<String> strings(Invocation c) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.count(); i++) {
            JsonNode v = c.arg(i);
            if (!v.isTextual()) {
                throw c.error("The template language function '" + c.name() + "' expects its parameters to be of type string."
                        + " The provided value is of type '" + ArmValues.typeName(v) + "'.");
            }
            out.add(v.textValue());
        }
        return out;
    }

    static JsonNode concat(Invocation c) {
        if (c.count() == 0) return ArmValues.of("");
        boolean arrays = c.arg(0).isArray();
        if (arrays) {
            ArrayNode out = ArmValues.array();
            for (int i = 0; i < c.count(); i++) {
                JsonNode v = c.arg(i);
                if (ArmValues.isNull(v)) continue;
                if (!v.isArray()) throw c.error("The template language function 'concat' expects all its arguments to be arrays or all to be strings; argument " + (i + 1) + " is of type '" + ArmValues.typeName(v) + "'.");
                out.addAll((ArrayNode) v);
            }
            return out;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.count(); i++) {
            JsonNode v = c.arg(i);
            if (v.isArray() || v.isObject()) {
                throw c.error("The template language function 'concat' expects all its arguments to be arrays or all to be strings and primitives; argument " + (i + 1) + " is of type '" + ArmValues.typeName(v) + "'.");
            }
            b.append(ArmValues.text(v));
        }
        return ArmValues.of(b.toString());
    }

    static JsonNode format(Invocation c) {
        String f = c.string(0);
        try {
            return ArmValues.of(DotNetFormat.composite(f, c.args().subList(1, c.count())));
        } catch (IllegalArgumentException e) {
            throw c.error("Unable to evaluate template language function 'format': " + e.getMessage());
        }
    }

    static JsonNode substring(Invocation c) {
        String s = c.string(0);
        long start = c.count() > 1 ? c.integer(1) : 0;
        long length = c.count() > 2 ? c.integer(2) : s.length() - start;
        if (start < 0 || start > s.length()) {
            throw c.error("The index parameter cannot be less than zero or greater than the length of the string: startIndex " + start + ", length of string " + s.length() + ".");
        }
        if (length < 0 || start + length > s.length()) {
            throw c.error("The length parameter cannot be less than zero or extend past the end of the string: startIndex " + start + ", length " + length + ", length of string " + s.length() + ".");
        }
        return ArmValues.of(s.substring((int) start, (int) (start + length)));
    }

    static JsonNode split(Invocation c) {
        String s = c.string(0);
        List<String> delimiters = new ArrayList<>();
        JsonNode d = c.arg(1);
        if (d.isTextual()) delimiters.add(d.textValue());
        else if (d.isArray()) for (JsonNode e : d) delimiters.add(ArmValues.text(e));
        else throw c.typeError(1, "String", d);
        ArrayNode out = ArmValues.array();
        int from = 0, i = 0;
        while (i <= s.length()) {
            String hit = null;
            for (String delim : delimiters) {
                if (!delim.isEmpty() && s.startsWith(delim, i)) {
                    hit = delim;
                    break;
                }
            }
            if (hit != null) {
                out.add(s.substring(from, i));
                i += hit.length();
                from = i;
            } else {
                i++;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    static JsonNode join(Invocation c) {
        ArrayNode a = c.array(0);
        String d = c.string(1);
        List<String> parts = new ArrayList<>();
        for (JsonNode e : a) {
            if (e.isArray() || e.isObject()) throw c.error("The template language function 'join' expects an array of strings, integers or booleans.");
            parts.add(ArmValues.text(e));
        }
        return ArmValues.of(String.join(d, parts));
    }

    static JsonNode padLeft(Invocation c) {
        JsonNode v = c.arg(0);
        if (v.isArray() || v.isObject()) throw c.typeError(0, "String", v);
        String s = ArmValues.text(v);
        long total = c.integer(1);
        String pad = c.count() > 2 ? c.string(2) : " ";
        if (pad.length() != 1) throw c.error("The template language function 'padLeft' expects a single padding character; provided '" + pad + "'.");
        if (total > 16_384) throw c.error("The template language function 'padLeft' total length must not exceed 16384.");
        if (s.length() >= total) return ArmValues.of(s);
        return ArmValues.of(pad.repeat((int) (total - s.length())) + s);
    }

    static byte[] decodeBase64(Invocation c, String s) {
        try {
            return Base64.getDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            throw c.error("The template language function '" + c.name() + "' received an invalid base64 string.");
        }
    }

    static JsonNode dataUriToString(Invocation c) {
        String s = c.string(0);
        int comma = s.indexOf(',');
        if (!s.startsWith("data:") || comma < 0) throw c.error("The provided value '" + s + "' is not a valid data URI.");
        String meta = s.substring(5, comma);
        String data = s.substring(comma + 1);
        if (meta.endsWith(";base64")) return ArmValues.of(new String(decodeBase64(c, data), StandardCharsets.UTF_8));
        return ArmValues.of(URLDecoder.decode(data, StandardCharsets.UTF_8));
    }

    static JsonNode uri(Invocation c) {
        String base = c.string(0), relative = c.string(1);
        try {
            URI b = new URI(base);
            if (!b.isAbsolute()) throw c.error("The template language function 'uri' expects an absolute base URI; provided '" + base + "'.");
            // .NET's Uri(Uri, string) follows RFC 3986: the relative part replaces everything after the base's last '/'.
            String resolved;
            if (relative.isEmpty()) {
                resolved = base;
            } else if (relative.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                resolved = relative;
            } else if (relative.startsWith("/")) {
                resolved = b.getScheme() + "://" + b.getRawAuthority() + relative;
            } else {
                String prefix = base.contains("?") ? base.substring(0, base.indexOf('?')) : base;
                int slash = prefix.lastIndexOf('/');
                int authorityEnd = base.indexOf("//") >= 0 ? base.indexOf('/', base.indexOf("//") + 2) : -1;
                if (authorityEnd < 0) resolved = prefix + "/" + relative;
                else resolved = prefix.substring(0, slash + 1) + relative;
            }
            return ArmValues.of(resolved);
        } catch (java.net.URISyntaxException e) {
            throw c.error("The template language function 'uri' received an invalid URI '" + base + "'.");
        }
    }

    /** .NET Uri.EscapeDataString: everything but RFC 3986 unreserved characters is percent-encoded (UTF-8). */
    static String escapeDataString(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int ch = x & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
                b.append((char) ch);
            } else {
                b.append('%').append(String.format("%02X", ch));
            }
        }
        return b.toString();
    }

    static JsonNode like(Invocation c) {
        String s = c.string(0), pattern = c.string(1);
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '*') regex.append(".*");
            else if (ch == '?') regex.append('.');
            else regex.append(java.util.regex.Pattern.quote(String.valueOf(ch)));
        }
        return ArmValues.of(java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL).matcher(s).matches());
    }
}
