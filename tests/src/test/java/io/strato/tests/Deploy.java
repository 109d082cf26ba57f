package io.strato.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Template deployments over the REST API, as a user drives them: request bodies, the deployment's URL at a scope,
 * waiting on the Azure-AsyncOperation of a PUT and on the Location of an answer that is 202.
 */
final class Deploy {
    static final String V = "?api-version=2021-04-01";
    static final String SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
    static final String SUB_SCHEMA = "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#";
    private static final Set<String> ACTIVE = Set.of("Accepted", "Running", "Created", "Creating", "Deploying", "Updating", "Waiting", "Validating");

    private final Arm arm;

    Deploy(Arm arm) { this.arm = arm; }

    /** {@code /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Resources/deployments/{name}}, or at the subscription when rg is null. */
    String url(String rg, String name) {
        return arm.sub() + (rg == null ? "" : "/resourceGroups/" + rg) + "/providers/Microsoft.Resources/deployments/" + name;
    }

    static ObjectNode body(JsonNode template, JsonNode parameters, String mode) {
        ObjectNode b = Appliance.JSON.createObjectNode();
        ObjectNode p = b.putObject("properties");
        p.put("mode", mode);
        p.set("template", template);
        if (parameters != null) p.set("parameters", parameters);
        return b;
    }

    static ObjectNode body(JsonNode template, JsonNode parameters) { return body(template, parameters, "Incremental"); }

    /** {@code {"name": {"value": v}, ...}} from name/value pairs. */
    static ObjectNode parameters(Object... nameValue) {
        ObjectNode p = Appliance.JSON.createObjectNode();
        for (int i = 0; i < nameValue.length; i += 2) p.putObject((String) nameValue[i]).set("value", Appliance.JSON.valueToTree(nameValue[i + 1]));
        return p;
    }

    static JsonNode json(String text) {
        try {
            return Appliance.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    Arm.Reply validate(String rg, String name, JsonNode body) throws Exception {
        return finish(arm.send("POST", url(rg, name) + "/validate" + V, body.toString()));
    }

    Arm.Reply whatIf(String rg, String name, JsonNode body) throws Exception {
        return finish(arm.send("POST", url(rg, name) + "/whatIf" + V, body.toString()));
    }

    Arm.Reply put(String rg, String name, JsonNode body) throws Exception {
        return arm.put(url(rg, name) + V, body.toString());
    }

    Arm.Reply get(String rg, String name) throws Exception { return arm.get(url(rg, name) + V); }

    /** Follows a 202's Location until the answer is final (whatIf and validate may answer 202 on Azure). */
    Arm.Reply finish(Arm.Reply r) throws Exception {
        return r.status() == 202 && r.header("Location") != null ? arm.pollLocation(r.header("Location")) : r;
    }

    /** Polls the Azure-AsyncOperation URL of a PUT until its status is final; returns the last status body. */
    JsonNode await(Arm.Reply put, long timeoutMillis) throws Exception {
        String url = put.header("Azure-AsyncOperation");
        if (url == null) throw new AssertionError("no Azure-AsyncOperation header: " + put.status() + " " + put.body());
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Arm.Reply s = arm.get(url);
            if (s.status() != 200) throw new AssertionError("operation status answered " + s.status() + ": " + s.body());
            JsonNode n = s.json();
            if (!ACTIVE.contains(n.path("status").asText())) return n;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("deployment still " + n.path("status").asText() + " after " + timeoutMillis + " ms: " + url);
            Thread.sleep(250);
        }
    }

    /** PUT, insist on 201 + Azure-AsyncOperation, wait, and answer the deployment as GET shows it. */
    JsonNode run(String rg, String name, JsonNode body) throws Exception {
        Arm.Reply r = put(rg, name, body);
        if (r.status() != 201 && r.status() != 200) throw new AssertionError("PUT deployment answered " + r.status() + ": " + r.body());
        await(r, 120_000);
        return get(rg, name).json();
    }

    static String state(JsonNode deployment) { return deployment.path("properties").path("provisioningState").asText(); }
}
