package io.strato.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Where a deployment runs: what subscription(), resourceGroup(), deployment() and environment() describe.
 *
 * @param resourceGroup null for a subscription-scope deployment
 * @param location the resource group's location (or, at subscription scope, the deployment's location)
 * @param environment what environment() returns; null gives a default Strato environment object
 */
public record DeploymentScope(String tenantId, String subscriptionId, String resourceGroup, String location,
                              Map<String, String> resourceGroupTags, String deploymentName, JsonNode environment) {
    public DeploymentScope {
        resourceGroupTags = resourceGroupTags == null ? Map.of() : Map.copyOf(resourceGroupTags);
    }

    public boolean atSubscription() { return resourceGroup == null; }
}
