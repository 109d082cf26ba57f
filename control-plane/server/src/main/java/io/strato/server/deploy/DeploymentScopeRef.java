package io.strato.server.deploy;

import io.strato.model.ResourceId;
import java.util.Locale;

/** Where a deployment deploys to: a subscription, or a resource group in it. */
public record DeploymentScopeRef(String subscriptionId, String resourceGroup) {
    public ResourceId scopeId() {
        return resourceGroup == null ? ResourceId.subscription(subscriptionId) : ResourceId.resourceGroup(subscriptionId, resourceGroup);
    }

    public String scopeKey() { return scopeId().key(); }

    public String deploymentId(String name) {
        return (resourceGroup == null ? "/subscriptions/" + subscriptionId : "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup)
                + "/providers/Microsoft.Resources/deployments/" + name;
    }

    public String deploymentKey(String name) { return deploymentId(name).toLowerCase(Locale.ROOT); }
}
