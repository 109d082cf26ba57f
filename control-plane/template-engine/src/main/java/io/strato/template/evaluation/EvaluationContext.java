package io.strato.template.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.strato.template.DeploymentScope;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.document.ApiProfiles;
import io.strato.template.expression.Expression;
import io.strato.template.function.ArmValues;
import io.strato.template.function.FunctionContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The context one expression is evaluated in: the shared {@link DeploymentState} plus local frames (copy loop
 * indexes, lambda variables, user-function parameters). Immutable: {@code with*} methods return a new context.
 */
public final class EvaluationContext implements FunctionContext {
    /** {@code propertyLoop}: a named property or variable copy, which an unnamed copyIndex() looks past. */
    private record Frame(Frame parent, boolean loop, String loopName, long loopIndex, Map<String, JsonNode> lambdaVariables,
                         Map<String, JsonNode> functionParameters, boolean propertyLoop) {}

    private final DeploymentState state;
    private final Frame frame;
    private final boolean inParameterDefault;

    private EvaluationContext(DeploymentState state, Frame frame, boolean inParameterDefault) {
        this.state = state;
        this.frame = frame;
        this.inParameterDefault = inParameterDefault;
    }

    public static EvaluationContext root(DeploymentState state) { return new EvaluationContext(state, null, false); }

    public DeploymentState state() { return state; }

    public EvaluationContext forParameterDefault() { return new EvaluationContext(state, frame, true); }

    /** Binds a resource (or output) copy loop: the one an unnamed {@code copyIndex()} means. */
    public EvaluationContext withLoop(String name, long index) {
        return new EvaluationContext(state, new Frame(frame, true, name, index, null, null, false), inParameterDefault);
    }

    /** Binds a named property or variable copy loop, which {@code copyIndex('name')} reaches. */
    public EvaluationContext withPropertyLoop(String name, long index) {
        return new EvaluationContext(state, new Frame(frame, true, name, index, null, null, true), inParameterDefault);
    }

    EvaluationContext withLambdaVariables(Map<String, JsonNode> vars) {
        return new EvaluationContext(state, new Frame(frame, false, null, -1, vars, null, false), inParameterDefault);
    }

    EvaluationContext forUserFunction(Map<String, JsonNode> params) {
        return new EvaluationContext(state, new Frame(null, false, null, -1, null, params, false), false);
    }

    private Map<String, JsonNode> functionParameters() {
        for (Frame f = frame; f != null; f = f.parent) if (f.functionParameters != null) return f.functionParameters;
        return null;
    }

    private static TemplateException error(String message) {
        return new TemplateException(DiagnosticCode.InvalidTemplateExpression, message);
    }

    @Override
    public JsonNode parameter(String name) {
        Map<String, JsonNode> fp = functionParameters();
        Map<String, JsonNode> source = fp != null ? fp : state.parameters;
        JsonNode v = source.get(name);
        if (v == null) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The template parameter '" + name
                    + "' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.");
        }
        return v;
    }

    @Override
    public JsonNode variable(String name) {
        if (functionParameters() != null) throw error("User-defined functions cannot access template variables: variables('" + name + "').");
        return state.variable(name, root(state));
    }

    @Override
    public long copyIndex(String loopName) {
        Frame innermost = null;
        for (Frame f = frame; f != null; f = f.parent) {
            if (!f.loop) continue;
            if (innermost == null) innermost = f;
            // Azure: inside a property copy of a copied resource, copyIndex() without a name is the resource's index
            if (loopName == null ? !f.propertyLoop : loopName.equalsIgnoreCase(f.loopName)) return f.loopIndex;
        }
        if (loopName == null && innermost != null) return innermost.loopIndex;
        throw error(loopName == null
                ? "The template function 'copyIndex' is not expected at this location. The function can only be used in a resource, property, variable or output with copy specified."
                : "The template function 'copyIndex' refers to the loop '" + loopName + "', which is not an enclosing copy loop.");
    }

    @Override
    public JsonNode deployment() {
        if (state.deploymentObject != null) return state.deploymentObject;
        ObjectNode d = ArmValues.object();
        d.put("name", scope().deploymentName());
        ObjectNode props = d.putObject("properties");
        // Azure returns the submitted template whole (its resources and outputs included), as the deployment()
        // example of the template-functions-deployment reference shows.
        JsonNode tpl = state.template;
        ObjectNode t = tpl.isObject() ? ((ObjectNode) tpl).deepCopy() : ArmValues.object();
        if (!t.has("contentVersion")) t.put("contentVersion", "1.0.0.0");
        props.set("template", t);
        props.put("templateHash", String.valueOf(Integer.toUnsignedLong(ArmValues.json(tpl).hashCode())));
        props.putObject("parameters");
        props.put("mode", "Incremental");
        props.put("provisioningState", "Accepted");
        if (scope().atSubscription() && scope().location() != null) d.put("location", scope().location());
        state.deploymentObject = d;
        return d;
    }

    @Override
    public JsonNode environment() {
        if (scope().environment() != null) return scope().environment();
        ObjectNode e = ArmValues.object();
        e.put("name", "Strato");
        e.put("gallery", "");
        e.put("graph", "");
        e.put("portal", "");
        e.put("graphAudience", "");
        e.put("activeDirectoryDataLake", "");
        e.put("batch", "");
        e.put("media", "");
        e.put("sqlManagement", "");
        e.put("vmImageAliasDoc", "");
        e.put("resourceManager", "");
        ObjectNode auth = e.putObject("authentication");
        auth.put("loginEndpoint", "");
        auth.putArray("audiences");
        auth.put("tenant", "common");
        auth.put("identityProvider", "AAD");
        ObjectNode suffixes = e.putObject("suffixes");
        suffixes.put("storage", "core.windows.net");
        suffixes.put("keyvaultDns", ".vault.azure.net");
        suffixes.put("sqlServerHostname", ".database.windows.net");
        suffixes.put("acrLoginServer", ".azurecr.io");
        // Azure's environment() always carries these keys; the appliance runs none of these services, so they are empty.
        suffixes.put("azureDatalakeAnalyticsCatalogAndJob", "");
        suffixes.put("azureDatalakeStoreFileSystem", "");
        suffixes.put("azureFrontDoorEndpointSuffix", "");
        return e;
    }

    @Override
    public JsonNode subscription() {
        if (scope().atTenant()) {
            throw error("The template function 'subscription' is not expected at this location: the deployment targets the tenant.");
        }
        ObjectNode s = ArmValues.object();
        s.put("id", "/subscriptions/" + scope().subscriptionId());
        s.put("subscriptionId", scope().subscriptionId());
        s.put("tenantId", scope().tenantId());
        s.put("displayName", scope().subscriptionId());
        return s;
    }

    @Override
    public JsonNode resourceGroup() {
        if (scope().resourceGroup() == null) {
            throw error("The template function 'resourceGroup' is not expected at this location: the deployment targets "
                    + (scope().atTenant() ? "the tenant." : "a subscription."));
        }
        ObjectNode g = ArmValues.object();
        g.put("id", "/subscriptions/" + scope().subscriptionId() + "/resourceGroups/" + scope().resourceGroup());
        g.put("name", scope().resourceGroup());
        g.put("type", "Microsoft.Resources/resourceGroups");
        g.put("location", scope().location());
        ObjectNode tags = ArmValues.object();
        new TreeMap<>(scope().resourceGroupTags()).forEach(tags::put);
        if (!tags.isEmpty()) g.set("tags", tags);
        g.putObject("properties").put("provisioningState", "Succeeded");
        return g;
    }

    @Override
    public JsonNode tenant() {
        ObjectNode t = ArmValues.object();
        t.put("id", "/tenants/" + scope().tenantId());
        t.put("tenantId", scope().tenantId());
        return t;
    }

    @Override
    public String subscriptionId() { return scope().subscriptionId(); }

    @Override
    public String resourceGroupName() { return scope().resourceGroup(); }

    @Override
    public String tenantId() { return scope().tenantId(); }

    @Override
    public boolean inParameterDefault() { return inParameterDefault; }

    @Override
    public Instant now() { return state.now; }

    private DeploymentScope scope() { return state.scope; }

    private RuntimeLookupRequired runtimeRequired(String function) {
        return new RuntimeLookupRequired(function);
    }

    @Override
    public JsonNode reference(String target, String apiVersion, boolean full) {
        if (state.runtime == null) throw runtimeRequired("reference");
        String id = target;
        String version = apiVersion;
        Optional<ResourceResolver.Target> declared = state.resolver.resolve(target);
        if (declared.isPresent()) {
            id = declared.get().resourceId();
            if (version == null) version = declared.get().apiVersion();
        } else if (!target.startsWith("/") && target.split("/").length >= 3 && target.split("/").length % 2 == 1) {
            // 'Namespace/type/name' of a resource not declared here: it lives in the deployment's own scope
            id = io.strato.template.function.ResourceIds.scope(scope().subscriptionId(), scope().resourceGroup()) + "/providers/" + target;
        } else if (!target.startsWith("/")) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The resource '" + target
                    + "' referenced by reference() is not defined in the template and is not a resource id.");
        }
        JsonNode v = state.runtime.reference(id, version, full);
        return v == null ? ArmValues.NULL : ArmValues.normalize(v);
    }

    @Override
    public JsonNode references(String symbolicName, boolean full) {
        if (state.runtime == null) throw runtimeRequired("references");
        ArrayNode out = ArmValues.array();
        for (ResourceResolver.Target t : state.resolver.collection(symbolicName)) {
            out.add(ArmValues.normalize(state.runtime.reference(t.resourceId(), t.apiVersion(), full)));
        }
        return out;
    }

    @Override
    public JsonNode list(String action, String resourceId, String apiVersion, JsonNode body) {
        if (state.runtime == null) throw runtimeRequired(action);
        JsonNode v = state.runtime.list(action, resourceId, apiVersion, body);
        return v == null ? ArmValues.NULL : ArmValues.normalize(v);
    }

    @Override
    public String profileApiVersion(String resourceType) {
        return ApiProfiles.apiVersion(state.apiProfile == null ? ApiProfiles.DEFAULT_PROFILE : state.apiProfile, resourceType).orElse(null);
    }

    @Override
    public JsonNode lambda(List<String> parameterNames, Expression body) {
        return new POJONode(new LambdaValue(parameterNames, body, this));
    }

    @Override
    public JsonNode invokeLambda(JsonNode lambda, List<JsonNode> arguments) {
        if (!(lambda instanceof POJONode p) || !(p.getPojo() instanceof LambdaValue l)) {
            throw error("The template language function expects a lambda() argument; provided a value of type '" + ArmValues.typeName(lambda) + "'.");
        }
        if (l.parameters().size() > arguments.size()) {
            throw error("The lambda expects " + l.parameters().size() + " parameter(s) but is given " + arguments.size() + ".");
        }
        Map<String, JsonNode> vars = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < l.parameters().size(); i++) vars.put(l.parameters().get(i), arguments.get(i));
        return Evaluator.evaluate(l.body(), l.captured().withLambdaVariables(vars));
    }

    @Override
    public JsonNode lambdaVariable(String name) {
        for (Frame f = frame; f != null; f = f.parent) {
            if (f.lambdaVariables != null && f.lambdaVariables.containsKey(name)) return f.lambdaVariables.get(name);
        }
        throw error("The lambda variable '" + name + "' is not defined here; lambdaVariables() is only valid inside a lambda.");
    }

    JsonNode callUserFunction(String qualifiedName, List<JsonNode> args) {
        DeploymentState.UserFunction f = state.functions.get(qualifiedName.toLowerCase(java.util.Locale.ROOT));
        if (f == null) throw error("The template function '" + qualifiedName + "' is not valid. Please see https://aka.ms/arm-functions for usage details.");
        if (f.parameters().size() != args.size()) {
            throw error("The template function '" + qualifiedName + "' expects " + f.parameters().size() + " argument(s) but is given " + args.size() + ".");
        }
        Map<String, JsonNode> params = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < args.size(); i++) params.put(f.parameters().get(i), args.get(i));
        return Evaluator.evaluateValue(f.output(), forUserFunction(params), "$.functions");
    }

    /** Raised when a runtime-only function is evaluated before execution time. */
    public static final class RuntimeLookupRequired extends RuntimeException {
        public RuntimeLookupRequired(String function) {
            super("The template function '" + function + "' can only be evaluated while the deployment runs.");
        }

        public TemplateException asTemplateException() {
            return new TemplateException(DiagnosticCode.InvalidTemplate, getMessage());
        }
    }
}
