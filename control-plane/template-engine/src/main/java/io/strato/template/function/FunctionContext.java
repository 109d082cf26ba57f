package io.strato.template.function;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a function may ask of the deployment being evaluated. Implemented by the evaluation layer; functions
 * never see templates or plans directly.
 */
public interface FunctionContext {
    JsonNode parameter(String name);

    JsonNode variable(String name);

    /** The index of the named loop, or of the innermost loop when {@code loopName} is null. */
    long copyIndex(String loopName);

    JsonNode deployment();

    JsonNode environment();

    JsonNode subscription();

    /** The target resource group object; fails at subscription scope. */
    JsonNode resourceGroup();

    JsonNode tenant();

    String subscriptionId();

    /** The target resource group's name, or null at subscription scope. */
    String resourceGroupName();

    String tenantId();

    /** Whether parameter-default-only functions (utcNow, newGuid) may be called here. */
    boolean inParameterDefault();

    /** The current UTC instant of this deployment (stable within one deployment). */
    java.time.Instant now();

    /** reference(): {@code target} is a resource id, a declared resource name or a symbolic name. */
    JsonNode reference(String target, String apiVersion, boolean full);

    /** references(): the runtime states of every instance of a symbolic copy collection. */
    JsonNode references(String symbolicName, boolean full);

    /** list*(): POSTs {@code action} to the resource. */
    JsonNode list(String action, String resourceId, String apiVersion, JsonNode body);

    /** The api-version a resource type gets from the template's apiProfile, or null. */
    String profileApiVersion(String resourceType);

    /** lambda(): captures the parameters and body as an opaque value. */
    JsonNode lambda(List<String> parameterNames, io.strato.template.expression.Expression body);

    /** Runs a value made by {@link #lambda}. */
    JsonNode invokeLambda(JsonNode lambda, List<JsonNode> arguments);

    /** lambdaVariables('x'): the value of a lambda parameter in scope. */
    JsonNode lambdaVariable(String name);
}
