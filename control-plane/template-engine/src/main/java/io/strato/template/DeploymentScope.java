package io.strato.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Where a deployment runs: what subscription(), resourceGroup(), deployment() and environment() describe.
 *
 * @param subscriptionId null for a tenant-scope deployment
 * @param resourceGroup null for a subscription- or tenant-scope deployment
 * @param location the resource group's location (or, at subscription scope, the deployment's location)
 * @param environment what environment() returns; null gives a default Strato environment object
 */
public record DeploymentScope(String tenantId, String subscriptionId, String resourceGroup, String location,
                              Map<String, String> resourceGroupTags, String deploymentName, JsonNode environment) {
    public DeploymentScope {
        resourceGroupTags = resourceGroupTags == null ? Map.of() : Map.copyOf(resourceGroupTags);
    }

    /** Subscription or tenant scope: no resource group (what deployment() gives a location for). */
    public boolean atSubscription() { return resourceGroup == null; }

    public boolean atTenant() { return subscriptionId == null; }
}
