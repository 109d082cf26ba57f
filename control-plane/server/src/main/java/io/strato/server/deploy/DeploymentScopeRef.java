package io.strato.server.deploy;

import io.strato.model.ResourceId;
import java.util.Locale;

/**
 * Where a deployment deploys to: a resource group, a subscription, or the tenant ({@code subscriptionId} null,
 * {@code tenantId} set). Tenant deployments share Azure's id {@code /providers/Microsoft.Resources/deployments/{name}};
 * their storage key carries the tenant, so two tenants' deployments of one name never meet.
 */
public record DeploymentScopeRef(String subscriptionId, String resourceGroup, String tenantId) {
    public DeploymentScopeRef(String subscriptionId, String resourceGroup) { this(subscriptionId, resourceGroup, null); }

    public static DeploymentScopeRef tenant(String tenantId) { return new DeploymentScopeRef(null, null, tenantId); }

    public boolean atTenant() { return subscriptionId == null; }

    /** The scope as a key: {@code /tenants/{t}} for the tenant, else the subscription's or group's id in lower case. */
    public String scopeKey() {
        if (atTenant()) return ("/tenants/" + tenantId).toLowerCase(Locale.ROOT);
        ResourceId scope = resourceGroup == null ? ResourceId.subscription(subscriptionId) : ResourceId.resourceGroup(subscriptionId, resourceGroup);
        return scope.key();
    }

    public String deploymentId(String name) {
        String prefix = atTenant() ? "" : resourceGroup == null ? "/subscriptions/" + subscriptionId
                : "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup;
        return prefix + "/providers/Microsoft.Resources/deployments/" + name;
    }

    /** The storage key of a deployment (the tenant's deployments are kept under their tenant). */
    public String deploymentKey(String name) {
        return ((atTenant() ? "/tenants/" + tenantId : "") + deploymentId(name)).toLowerCase(Locale.ROOT);
    }

    /** The owner of a deployment's secrets in the vault: its id, and for a tenant deployment one that names the tenant. */
    public ResourceId secretsOwner(String name) {
        return atTenant() ? ResourceId.parse("/providers/Microsoft.Resources/tenants/" + tenantId + "/deployments/" + name)
                : ResourceId.parse(deploymentId(name));
    }

    /** The scope of a stored deployment, from its key. */
    static DeploymentScopeRef ofKey(String idKey, String id) {
        int at = id.toLowerCase(Locale.ROOT).indexOf("/providers/microsoft.resources/deployments/");
        if (idKey.startsWith("/tenants/")) return tenant(idKey.substring("/tenants/".length(), idKey.indexOf('/', "/tenants/".length())));
        ResourceId scope = ResourceId.parse(id.substring(0, at));
        return new DeploymentScopeRef(scope.subscriptionId(), scope.resourceGroup().orElse(null));
    }
}
