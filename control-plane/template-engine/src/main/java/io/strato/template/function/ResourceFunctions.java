package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.UNBOUNDED;
import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Resource functions, learn.microsoft.com .../template-functions-resource. reference/list* are runtime-only. */
public final class ResourceFunctions {
    /** The list* actions named in functions.tsv; any other {@code list<Suffix>} resolves through {@link #genericList()}. */
    private static final List<String> LIST_ACTIONS = List.of("listKeys", "listCallbackUrl", "listAuthKeys", "listAccountSas",
            "listCredentials", "listKeyValue", "listSas", "listSecrets", "listAdminKeys", "listChannelWithKeys",
            "listClusterAdminCredential", "listConnectionStrings", "listCredential", "listPackage", "listQueryKeys",
            "listServiceSas", "listSyncFunctionTriggerStatus", "list");

    private ResourceFunctions() {}

    public static List<FunctionDefinition> definitions() {
        List<FunctionDefinition> all = new ArrayList<>(List.of(
                fn("resourceId", 2, UNBOUNDED, ResourceFunctions::resourceId),
                fn("subscriptionResourceId", 2, UNBOUNDED, ResourceFunctions::subscriptionResourceId),
                fn("tenantResourceId", 2, UNBOUNDED, c -> build(c, "", 0)),
                fn("extensionResourceId", 3, UNBOUNDED, c -> build(c, c.string(0), 1)),
                fn("managementGroupResourceId", 2, UNBOUNDED, ResourceFunctions::managementGroupResourceId),
                fn("reference", 1, 3, ResourceFunctions::reference, FunctionFlag.RUNTIME),
                fn("references", 1, 2, c -> c.context().references(c.string(0), c.count() > 1 && "full".equalsIgnoreCase(c.string(1))), FunctionFlag.RUNTIME),
                fn("providers", 1, 2, ResourceFunctions::providers),
                // Strato's regions have no availability zones: pickZones returns an empty array, as Azure does in zone-less regions
                fn("pickZones", 3, 5, c -> ArmValues.array()),
                fn("extensions", 1, 1, c -> ArmValues.object())));
        for (String action : LIST_ACTIONS) all.add(fn(action, 2, 3, ResourceFunctions::list, FunctionFlag.RUNTIME));
        return all;
    }

    /** The definition used for a {@code list<Suffix>} name that is not in the table. */
    public static FunctionDefinition genericList() {
        return fn("list*", 2, 3, ResourceFunctions::list, FunctionFlag.RUNTIME);
    }

    static JsonNode resourceId(Invocation c) {
        List<String> args = StringFunctions.strings(c);
        int t = 0;
        while (t < args.size() && !args.get(t).contains("/")) t++;
        if (t == args.size()) throw c.error("Unable to evaluate template language function 'resourceId': no argument is a resource type ('namespace/type').");
        if (t > 2) throw c.error("Unable to evaluate template language function 'resourceId': at most a subscription id and a resource group name may precede the resource type.");
        String sub = c.context().subscriptionId();
        String rg = c.context().resourceGroupName();
        if (t == 2) {
            sub = args.get(0);
            rg = args.get(1);
        } else if (t == 1) {
            rg = args.get(0);
        }
        return idOrError(c, ResourceIds.scope(sub, rg), args.get(t), args.subList(t + 1, args.size()));
    }

    static JsonNode subscriptionResourceId(Invocation c) {
        List<String> args = StringFunctions.strings(c);
        int t = args.get(0).contains("/") ? 0 : 1;
        String sub = t == 1 ? args.get(0) : c.context().subscriptionId();
        return idOrError(c, ResourceIds.scope(sub, null), args.get(t), args.subList(t + 1, args.size()));
    }

    static JsonNode managementGroupResourceId(Invocation c) {
        List<String> args = StringFunctions.strings(c);
        if (args.get(0).contains("/")) throw c.error("The template function 'managementGroupResourceId' needs a management group id outside management-group deployments.");
        return idOrError(c, "/providers/Microsoft.Management/managementGroups/" + args.get(0), args.get(1), args.subList(2, args.size()));
    }

    static JsonNode build(Invocation c, String scope, int typeIndex) {
        List<String> args = StringFunctions.strings(c);
        return idOrError(c, scope, args.get(typeIndex), args.subList(typeIndex + 1, args.size()));
    }

    private static JsonNode idOrError(Invocation c, String scope, String type, List<String> names) {
        try {
            return ArmValues.of(ResourceIds.build(scope, type, names));
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage().replace("'resourceId'", "'" + c.name() + "'"));
        }
    }

    static JsonNode reference(Invocation c) {
        String target = c.string(0);
        String apiVersion = c.count() > 1 && !ArmValues.isNull(c.arg(1)) ? c.string(1) : null;
        boolean full = c.count() > 2 && "full".equalsIgnoreCase(c.string(2));
        return c.context().reference(target, apiVersion, full);
    }

    static JsonNode list(Invocation c) {
        String id = c.string(0);
        String apiVersion = c.string(1);
        JsonNode body = c.count() > 2 ? c.arg(2) : ArmValues.NULL;
        return c.context().list(c.name(), id, apiVersion, body);
    }

    static JsonNode providers(Invocation c) {
        String ns = c.string(0);
        ObjectNode type = ArmValues.object();
        String typeName = c.count() > 1 ? c.string(1) : null;
        String version = typeName == null ? null : c.context().profileApiVersion(ns + "/" + typeName);
        if (typeName != null) {
            type.put("resourceType", typeName);
            ArrayNode locations = type.putArray("locations");
            JsonNode rg = null;
            try {
                rg = c.context().resourceGroup();
            } catch (RuntimeException ignored) {
                // subscription scope: no group location to report
            }
            if (rg != null && rg.has("location")) locations.add(rg.get("location").asText());
            ArrayNode versions = type.putArray("apiVersions");
            if (version != null) versions.add(version);
            return type;
        }
        ObjectNode out = ArmValues.object();
        out.put("id", "/subscriptions/" + c.context().subscriptionId() + "/providers/" + ns);
        out.put("namespace", ns);
        out.put("registrationState", "Registered");
        out.putArray("resourceTypes");
        return out;
    }

    static boolean isListFunction(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("list");
    }
}
