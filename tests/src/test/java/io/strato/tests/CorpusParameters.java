package io.strato.tests;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameters for a corpus template, as the quickstart test harness builds them: the template's parameter file with its
 * {@code GEN-*} (and {@code GET-PREREQ-*}) placeholders replaced by generated valid values, and a value for every
 * required parameter the file leaves out, chosen from its type, allowedValues and bounds.
 */
final class CorpusParameters {
    /** Reads templates as ARM does: a byte order mark, comments, raw control characters and trailing commas are accepted. */
    static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build();
    private static final Pattern UNIQUE_N = Pattern.compile("GEN-UNIQUE-(\\d+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static String sshKey;

    private final String subscriptionId, resourceGroup;
    /** Where the template's artifacts live (for {@code _artifactsLocation}), or null. */
    String artifactsLocation;
    /** What was done beyond copying the parameter file, for the report. */
    final List<String> notes = new ArrayList<>();

    CorpusParameters(String subscriptionId, String resourceGroup) {
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
    }

    static JsonNode read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return LENIENT.readTree(text);
    }

    /** The parameters to send: {@code {"name": {"value": ...}}}. */
    ObjectNode build(JsonNode template, Path parameterFile) throws IOException {
        JsonNode declared = template.path("parameters");
        ObjectNode out = F.objectNode();
        if (parameterFile != null) {
            JsonNode file = read(parameterFile);
            JsonNode given = file.has("parameters") ? file.get("parameters") : file;
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                String name = p.getKey();
                JsonNode decl = declaredParameter(declared, name);
                JsonNode entry = p.getValue();
                if (entry.has("reference")) {
                    notes.add(name + ": Key Vault reference replaced by a generated value");
                    out.putObject(name).set("value", generate(name, decl));
                    continue;
                }
                JsonNode value = entry.has("value") ? entry.get("value") : entry;
                if (value.isNull() || (value.isTextual() && value.asText().isEmpty() && decl.size() > 0)) {
                    // AzureStack parameter files leave what the user must fill in as null or ""
                    if (decl.has("defaultValue")) {
                        notes.add(name + ": empty in the parameter file, the template's default used");
                    } else {
                        notes.add(name + ": empty in the parameter file, generated");
                        out.putObject(name).set("value", generate(name, decl));
                    }
                    continue;
                }
                value = replacePlaceholders(name, decl, value);
                if (name.equalsIgnoreCase("location") && value.isTextual() && !value.asText().startsWith("[") && !value.asText().equals("local")) {
                    notes.add(name + ": '" + value.asText() + "' replaced by the appliance's location 'local'");
                    value = F.textNode("local");
                }
                out.putObject(name).set("value", value);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (has(out, p.getKey())) continue;
            if (p.getKey().equalsIgnoreCase("_artifactsLocation") && artifactsLocation != null
                    && p.getValue().path("defaultValue").asText("").toLowerCase(Locale.ROOT).contains("templatelink")) {
                // the default reads deployment().properties.templateLink, which an inline template does not have: the harness passes it
                notes.add("_artifactsLocation: the template's folder in its source repository");
                out.putObject(p.getKey()).put("value", artifactsLocation);
                continue;
            }
            if (p.getValue().has("defaultValue")) continue;
            if (p.getKey().toLowerCase(Locale.ROOT).contains("passwordorkey")
                    && !declared.path("authenticationType").path("defaultValue").asText("sshPublicKey").equalsIgnoreCase("password")) {
                // the template logs in with an SSH key unless told otherwise: its "password or key" is a key
                out.putObject(p.getKey()).put("value", sshPublicKey());
                continue;
            }
            out.putObject(p.getKey()).set("value", generate(p.getKey(), p.getValue()));
        }
        String text = template.toString().toLowerCase(Locale.ROOT);
        if (text.contains("microsoft.compute/virtualmachines")) {
            fewestGuests(declared, out);
            standardSecurity(declared, out);
        }
        return out;
    }

    /**
     * A template that offers {@code securityType} 'Standard' gets it: the appliance refuses trusted launch (its guests
     * have no UEFI secure boot or virtual TPM), so its users pick the template's other choice, as this run does.
     */
    private void standardSecurity(JsonNode declared, ObjectNode out) {
        JsonNode decl = declared.get("securityType");
        if (decl == null || has(out, "securityType")) return;
        boolean offered = false;
        for (JsonNode a : decl.path("allowedValues")) offered |= a.asText().equals("Standard");
        if (!offered || decl.path("defaultValue").asText().equals("Standard")) return;
        notes.add("securityType: 'Standard' instead of '" + decl.path("defaultValue").asText() + "' (the appliance has no trusted launch)");
        out.putObject("securityType").put("value", "Standard");
    }

    private static final Pattern COUNT = Pattern.compile("(?i).*(count|instances|capacity|numberof|nodes|vms?num|numvms|scale).*");

    /**
     * Instance counts (vmCount, instanceCount, capacity, ...) above 2 are lowered to the smallest the template allows:
     * every VM here is a real QEMU guest, and a template's 25 guests booting at once under TCG starve a small host.
     */
    private void fewestGuests(JsonNode declared, ObjectNode out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode decl = p.getValue();
            if (!decl.path("type").asText("").equalsIgnoreCase("int") || !COUNT.matcher(p.getKey()).matches()) continue;
            JsonNode current = has(out, p.getKey()) ? out.path(p.getKey()).path("value") : decl.path("defaultValue");
            if (!current.canConvertToLong() || current.asLong() <= 2) continue;
            long low = Math.max(1, decl.path("minValue").asLong(1));
            if (decl.path("allowedValues").isArray() && !decl.path("allowedValues").isEmpty()) {
                low = Long.MAX_VALUE;
                for (JsonNode a : decl.path("allowedValues")) if (a.canConvertToLong() && a.asLong() >= 1) low = Math.min(low, a.asLong());
                if (low == Long.MAX_VALUE) continue;
            }
            if (low >= current.asLong()) continue;
            notes.add(p.getKey() + ": " + current.asLong() + " lowered to " + low + " (each VM is a real guest)");
            out.putObject(p.getKey()).put("value", low);
        }
    }

    private static boolean has(ObjectNode given, String name) {
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) if (it.next().equalsIgnoreCase(name)) return true;
        return false;
    }

    private static JsonNode declaredParameter(JsonNode declared, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (p.getKey().equalsIgnoreCase(name)) return p.getValue();
        }
        return F.objectNode();
    }

    /** GEN-* and GET-PREREQ-* strings anywhere in the value get generated values. */
    private JsonNode replacePlaceholders(String name, JsonNode decl, JsonNode value) {
        if (value.isTextual()) {
            String s = value.asText();
            if (!s.startsWith("GEN-") && !s.startsWith("GET-PREREQ-")) return value;
            JsonNode generated = placeholder(name, decl, s);
            notes.add(name + ": " + s + " generated");
            return generated;
        }
        if (value.isObject()) {
            ObjectNode o = F.objectNode();
            value.fields().forEachRemaining(f -> o.set(f.getKey(), replacePlaceholders(name, F.objectNode(), f.getValue())));
            return o;
        }
        if (value.isArray()) {
            ArrayNode a = F.arrayNode();
            value.forEach(v -> a.add(replacePlaceholders(name, F.objectNode(), v)));
            return a;
        }
        return value;
    }

    private JsonNode placeholder(String name, JsonNode decl, String s) {
        Matcher n = UNIQUE_N.matcher(s);
        if (n.matches()) return F.textNode(unique(Integer.parseInt(n.group(1))));
        if (s.equals("GEN-UNIQUE")) return F.textNode(bounded(decl, unique(12)));
        if (s.startsWith("GEN-UNIQUE")) return F.textNode(bounded(decl, unique(9)));
        if (s.equals("GEN-PASSWORD")) return F.textNode(password());
        if (s.equals("GEN-SSH-PUB-KEY")) return F.textNode(sshPublicKey());
        if (s.equals("GEN-AZUREAD-OBJECTID")) return F.textNode(UUID.randomUUID().toString());
        if (s.equals("GEN-USER")) return F.textNode("azureuser");
        String upper = s.toUpperCase(Locale.ROOT);
        if (upper.endsWith("RESOURCEGROUP-NAME") || upper.endsWith("RESOURCEGROUP") || upper.endsWith("RESOURCEGROUPNAME")) return F.textNode(resourceGroup);
        if (upper.endsWith("LOCATION")) return F.textNode("local");
        return generate(name, decl);
    }

    /** A value for a declared parameter from its type, allowedValues, bounds and name. */
    JsonNode generate(String name, JsonNode decl) {
        String type = decl.path("type").asText("string").toLowerCase(Locale.ROOT);
        JsonNode allowed = decl.get("allowedValues");
        if (allowed != null && allowed.isArray() && !allowed.isEmpty()) {
            JsonNode pick = allowed.get(0);
            for (JsonNode a : allowed) if (a.asText().equals("local")) pick = a;
            if (pick.isNull()) for (JsonNode a : allowed) if (!a.isNull()) { pick = a; break; }
            // for an array, allowedValues constrain its elements
            return type.equals("array") && !pick.isArray() ? F.arrayNode().add(pick) : pick;
        }
        String n = name.toLowerCase(Locale.ROOT);
        switch (type) {
            case "int": {
                long v = 1;
                if (decl.has("minValue")) v = Math.max(v, decl.get("minValue").asLong());
                if (decl.has("maxValue")) v = Math.min(v, decl.get("maxValue").asLong());
                if (n.contains("disksize") || n.contains("sizegb")) v = Math.max(v, 128);
                return F.numberNode(v);
            }
            case "bool":
                return F.booleanNode(false);
            case "array": {
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < decl.path("minLength").asInt(0); i++) a.add(unique(8));
                return a;
            }
            case "object":
            case "secureobject":
                return F.objectNode();
            default:
                return F.textNode(bounded(decl, stringFor(n, type)));
        }
    }

    private String stringFor(String n, String type) {
        if (n.contains("ssh") || n.contains("publickey")) return sshPublicKey();
        if (type.equals("securestring") || n.contains("password") || n.contains("secret")) return password();
        if (n.equals("location") || n.endsWith("location")) return "local";
        if (n.contains("resourcegroup")) return resourceGroup;
        if (n.contains("objectid") || n.contains("principalid") || n.contains("tenantid") || n.contains("clientid") || n.contains("guid") || n.contains("appid")) {
            return UUID.randomUUID().toString();
        }
        if (n.contains("username") || n.contains("adminuser") || n.equals("user")) return "azureuser";
        if (n.contains("email")) return "user@example.com";
        if (n.contains("uri") || n.contains("url") || n.contains("endpoint")) return "https://example.com/" + unique(8);
        if (n.endsWith("resourceid") || n.endsWith("vaultid") || (n.endsWith("id") && n.contains("vault"))) {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.KeyVault/vaults/kv" + unique(8);
        }
        if (n.contains("addressprefix") || n.contains("subnetprefix")) return "10.0.0.0/24";
        return unique(10);
    }

    /** Cuts or pads a generated string to the declared minLength/maxLength. */
    private static String bounded(JsonNode decl, String s) {
        int max = decl.path("maxLength").asInt(Integer.MAX_VALUE), min = decl.path("minLength").asInt(0);
        if (s.length() > max) s = s.substring(0, max);
        while (s.length() < min) s = s + "x";
        return s;
    }

    /** Lower-case letters and digits, starting with a letter: valid as a storage account, DNS label or VM name. */
    static String unique(int length) {
        String letters = "abcdefghijklmnopqrstuvwxyz", chars = letters + "0123456789";
        StringBuilder b = new StringBuilder().append(letters.charAt(RANDOM.nextInt(letters.length())));
        while (b.length() < length) b.append(chars.charAt(RANDOM.nextInt(chars.length())));
        return b.toString();
    }

    /** Meets Azure's VM password rules: 12+ characters with upper, lower, digit and symbol. */
    static String password() { return "Str4to!" + unique(10) + "Q9"; }

    static synchronized String sshPublicKey() {
        if (sshKey == null) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                RSAPublicKey k = (RSAPublicKey) g.generateKeyPair().getPublic();
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                DataOutputStream o = new DataOutputStream(b);
                for (byte[] part : List.of("ssh-rsa".getBytes(StandardCharsets.US_ASCII), k.getPublicExponent().toByteArray(), k.getModulus().toByteArray())) {
                    o.writeInt(part.length);
                    o.write(part);
                }
                sshKey = "ssh-rsa " + Base64.getEncoder().encodeToString(b.toByteArray()) + " strato@corpus";
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return sshKey;
    }
}
