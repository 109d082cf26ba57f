package io.strato.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.DeploymentScope;
import java.util.Map;

/** The benchmark inputs, generated in memory (deterministic: the same bytes on every run). */
public final class Templates {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
    public static final DeploymentScope SCOPE = new DeploymentScope("11111111-1111-1111-1111-111111111111",
            "00000000-0000-0000-0000-000000000000", "bench-rg", "local", Map.of("env", "bench"), "bench-deployment", null);

    /** Copies of the 800-resource template (the ARM maximum of one copy loop). */
    public static final int COPY_COUNT = 800;
    /** The large template's serialized size aimed at: just under ARM's 4 MB template limit. */
    public static final int LARGE_TARGET_BYTES = 4_000_000;

    private Templates() {}

    /**
     * One storage account declared once and copied {@value #COPY_COUNT} times: name from concat/uniqueString/copyIndex,
     * a few properties holding expressions, variables, and an output copy loop listing every name and id.
     */
    public static ObjectNode copyTemplate(int count) {
        ObjectNode t = JSON.createObjectNode();
        t.put("$schema", SCHEMA);
        t.put("contentVersion", "1.0.0.0");
        ObjectNode params = t.putObject("parameters");
        params.putObject("prefix").put("type", "string").put("defaultValue", "st");
        params.putObject("count").put("type", "int").put("defaultValue", count).put("minValue", 0).put("maxValue", 800);
        ObjectNode sku = params.putObject("sku").put("type", "string").put("defaultValue", "Standard_LRS");
        sku.putArray("allowedValues").add("Standard_LRS").add("Standard_GRS").add("Standard_ZRS").add("Premium_LRS");
        ObjectNode vars = t.putObject("variables");
        vars.put("suffix", "[uniqueString(resourceGroup().id, deployment().name)]");
        vars.put("tier", "[if(startsWith(parameters('sku'), 'Premium'), 'Premium', 'Standard')]");
        ObjectNode tags = vars.putObject("tags");
        tags.put("env", "bench");
        tags.put("owner", "[toUpper(parameters('prefix'))]");
        tags.put("group", "[resourceGroup().name]");

        ObjectNode r = t.putArray("resources").addObject();
        r.put("type", "Microsoft.Storage/storageAccounts");
        r.put("apiVersion", "2022-09-01");
        r.put("name", accountName());
        r.put("location", "[resourceGroup().location]");
        r.putObject("sku").put("name", "[parameters('sku')]");
        r.put("kind", "[if(equals(variables('tier'), 'Premium'), 'BlockBlobStorage', 'StorageV2')]");
        r.put("tags", "[union(variables('tags'), createObject('index', string(copyIndex()), 'batch', string(div(copyIndex(), 100))))]");
        ObjectNode props = r.putObject("properties");
        props.put("supportsHttpsTrafficOnly", true);
        props.put("minimumTlsVersion", "TLS1_2");
        props.put("accessTier", "[if(less(copyIndex(), div(parameters('count'), 2)), 'Hot', 'Cool')]");
        props.put("allowBlobPublicAccess", "[equals(mod(copyIndex(), 2), 1)]");
        r.putObject("copy").put("name", "accounts").put("count", "[parameters('count')]");

        ObjectNode outputs = t.putObject("outputs");
        ObjectNode names = outputs.putObject("names").put("type", "array");
        names.putObject("copy").put("count", "[parameters('count')]").put("input", accountName());
        ObjectNode ids = outputs.putObject("ids").put("type", "array");
        ids.putObject("copy").put("count", "[parameters('count')]")
                .put("input", "[resourceId('Microsoft.Storage/storageAccounts', " + accountName().substring(1, accountName().length() - 1) + ")]");
        outputs.putObject("suffix").put("type", "string").put("value", "[variables('suffix')]");
        return t;
    }

    /** st + 13-character uniqueString + copyIndex: at most 18 lowercase letters and digits, a valid account name. */
    public static String accountName() {
        return "[concat(parameters('prefix'), uniqueString(resourceGroup().id, deployment().name), copyIndex())]";
    }

    /**
     * A template of about {@value #LARGE_TARGET_BYTES} bytes, still within ARM's limits: 500 variables (nested objects
     * with long strings and an expression each) and 700 resources declared one by one (long string properties, nested
     * objects and arrays, expressions referring to variables and parameters, every resource but the first depending
     * on an earlier one), 64 outputs. Every expression is far below 24,576 characters.
     */
    public static ObjectNode largeTemplate() {
        int variables = 500, resources = 700;
        String filler = filler(1000);
        ObjectNode t = JSON.createObjectNode();
        t.put("$schema", SCHEMA);
        t.put("contentVersion", "1.0.0.0");
        ObjectNode params = t.putObject("parameters");
        params.putObject("prefix").put("type", "string").put("defaultValue", "big");
        params.putObject("environment").put("type", "string").put("defaultValue", "bench");
        params.putObject("replicas").put("type", "int").put("defaultValue", 3);
        ObjectNode vars = t.putObject("variables");
        for (int v = 0; v < variables; v++) {
            ObjectNode o = vars.putObject("v" + v);
            o.put("name", "[concat(parameters('prefix'), '-v" + v + "-', uniqueString(resourceGroup().id, '" + v + "'))]");
            o.put("description", "Variable " + v + ": " + filler.substring(0, 600));
            ObjectNode nested = o.putObject("settings");
            nested.put("mode", v % 2 == 0 ? "even" : "odd");
            nested.put("index", v);
            nested.put("enabled", v % 3 != 0);
            ArrayNode list = nested.putArray("items");
            for (int i = 0; i < 4; i++) list.add("item-" + v + "-" + i + "-" + filler.substring(0, 120));
        }

        ArrayNode rs = t.putArray("resources");
        for (int k = 0; k < resources; k++) {
            ObjectNode r = rs.addObject();
            r.put("type", "Microsoft.Storage/storageAccounts");
            r.put("apiVersion", "2022-09-01");
            r.put("name", "[concat(parameters('prefix'), 'acct', '" + k + "')]");
            r.put("location", "[resourceGroup().location]");
            r.putObject("sku").put("name", k % 2 == 0 ? "Standard_LRS" : "Standard_GRS");
            r.put("kind", "StorageV2");
            if (k > 0) r.putArray("dependsOn").add("[resourceId('Microsoft.Storage/storageAccounts', concat(parameters('prefix'), 'acct', '" + (k / 2) + "'))]");
            ObjectNode tags = r.putObject("tags");
            tags.put("environment", "[parameters('environment')]");
            tags.put("variable", "[variables('v" + (k % variables) + "').name]");
            tags.put("note", "Resource " + k + ": " + filler.substring(0, 250));
            ObjectNode props = r.putObject("properties");
            props.put("supportsHttpsTrafficOnly", true);
            props.put("minimumTlsVersion", "TLS1_2");
            props.put("accessTier", "[if(equals(mod(" + k + ", 2), 0), 'Hot', 'Cool')]");
            ObjectNode network = props.putObject("networkAcls");
            network.put("defaultAction", "Deny");
            network.put("bypass", "AzureServices");
            ArrayNode rules = network.putArray("ipRules");
            for (int i = 0; i < 8; i++) {
                rules.addObject().put("value", "10." + (k % 250) + "." + i + ".0/24").put("action", "Allow")
                        .put("comment", filler.substring(i * 40, i * 40 + 220));
            }
            props.put("description", "[concat('Account ', string(" + k + "), ' of ', parameters('prefix'), ': " + filler.substring(0, 900) + "')]");
            props.put("longText", filler.substring(0, 600));
        }

        ObjectNode outputs = t.putObject("outputs");
        for (int o = 0; o < 64; o++) {
            outputs.putObject("o" + o).put("type", "string").put("value", "[concat(variables('v" + o + "').name, '-" + o + "')]");
        }

        // Pad with one long literal string per variable until the serialized template is just under the target.
        try {
            int size = JSON.writeValueAsBytes(t).length;
            int pad = (LARGE_TARGET_BYTES - size) / variables - 20;
            if (pad > 0) {
                String p = filler(pad);
                for (int v = 0; v < variables; v++) ((ObjectNode) vars.get("v" + v)).put("padding", p);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return t;
    }

    /** Deterministic readable text (no quotes or brackets) of {@code n} characters. */
    static String filler(int n) {
        String words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ";
        StringBuilder b = new StringBuilder(n);
        while (b.length() < n) b.append(words);
        return b.substring(0, n);
    }
}
