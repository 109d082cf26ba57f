package io.strato.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.template.function.ArmValues;

/** A deterministic RuntimeLookup: every resource "exists" with typical runtime properties derived from its name. */
public final class FakeRuntime implements RuntimeLookup {
    private final PreparedDeployment plan;
    private final java.util.Set<String> rendering = new java.util.HashSet<>();

    public FakeRuntime() { this(null); }

    /** With a plan, a declared resource's properties are its rendered body's, over the typical runtime ones. */
    public FakeRuntime(PreparedDeployment plan) { this.plan = plan; }

    @Override
    public JsonNode reference(String resourceId, String apiVersion, boolean full) {
        String name = resourceId.substring(resourceId.lastIndexOf('/') + 1);
        ObjectNode p = ArmValues.object();
        JsonNode declared = declaredProperties(resourceId);
        p.put("provisioningState", "Succeeded");
        ObjectNode endpoints = p.putObject("primaryEndpoints");
        for (String s : new String[] {"blob", "file", "queue", "table", "web", "dfs"}) {
            endpoints.put(s, "https://" + name + "." + s + ".core.windows.net/");
        }
        p.putObject("dnsSettings").put("fqdn", name + ".westus.cloudapp.azure.com");
        p.put("ipAddress", "203.0.113.10");
        p.put("vaultUri", "https://" + name + ".vault.azure.net/");
        p.put("principalId", "22222222-2222-2222-2222-222222222222");
        p.put("tenantId", "11111111-1111-1111-1111-111111111111");
        p.putObject("outputs");
        if (declared != null && declared.isObject()) p.setAll((ObjectNode) declared);
        if (!full) return p;
        ObjectNode r = ArmValues.object();
        r.put("id", resourceId);
        r.put("name", name);
        r.put("apiVersion", apiVersion);
        r.put("location", "westus");
        r.set("properties", p);
        ObjectNode identity = r.putObject("identity");
        identity.put("principalId", "22222222-2222-2222-2222-222222222222");
        identity.put("tenantId", "11111111-1111-1111-1111-111111111111");
        return r;
    }

    private JsonNode declaredProperties(String resourceId) {
        if (plan == null) return null;
        for (PlannedResource r : plan.resources()) {
            if (r.resourceId().equalsIgnoreCase(resourceId) && rendering.add(resourceId.toLowerCase())) {
                try {
                    return plan.render(r, this).get("properties");
                } catch (RuntimeException e) {
                    return null;
                } finally {
                    rendering.remove(resourceId.toLowerCase());
                }
            }
        }
        return null;
    }

    @Override
    public JsonNode list(String action, String resourceId, String apiVersion, JsonNode body) {
        ObjectNode r = ArmValues.object();
        var keys = r.putArray("keys");
        keys.addObject().put("keyName", "key1").put("value", "fake-key-1").put("permissions", "FULL");
        keys.addObject().put("keyName", "key2").put("value", "fake-key-2").put("permissions", "FULL");
        r.put("accountSasToken", "sv=fake&sig=fake");
        r.put("serviceSasToken", "sv=fake&sig=fake");
        r.put("value", "fake-" + action);
        r.put("key1", "fake-key-1");
        r.put("key2", "fake-key-2");
        return r;
    }
}
