package io.strato.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.server.arm.Envelope;
import io.strato.server.arm.ProviderCatalog;
import io.strato.server.arm.Resources;
import io.strato.server.arm.Specs;
import io.strato.server.gateway.Json;
import io.strato.server.persistence.DeploymentEntity;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.spi.ResourceAction;
import io.strato.spi.ResourceTypeHandler;
import io.strato.template.RuntimeLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Locale;

/**
 * {@code reference()} and {@code list*()} of templates, answered from what the appliance stores: a resource's
 * response body at the requested api-version, a nested deployment's outputs, a resource action's result.
 */
@ApplicationScoped
public class StoreLookup implements RuntimeLookup {
    @Inject ResourceStore store;
    @Inject ProviderCatalog catalog;
    @Inject Resources resources;
    @Inject EntityManager em;

    @Override
    public JsonNode reference(String resourceId, String apiVersion, boolean full) {
        ResourceId id = parse(resourceId);
        if (id.type().toString().equalsIgnoreCase("Microsoft.Resources/deployments")) {
            DeploymentEntity d = em.find(DeploymentEntity.class, id.key());
            if (d == null) throw notFound(resourceId);
            ObjectNode props = Json.object();
            props.put("provisioningState", d.provisioningState);
            if (d.outputs != null) props.set("outputs", Envelope.readJson(d.outputs));
            if (!full) return props;
            ObjectNode n = Json.object().put("id", d.id).put("name", d.name).put("type", "Microsoft.Resources/deployments");
            n.set("properties", props);
            return n;
        }
        ResourceTypeHandler<?> h = catalog.handler(id.type()).orElseThrow(() -> notFound(resourceId));
        ApiVersion v = apiVersion != null && ApiVersion.isWellFormed(apiVersion) ? ApiVersion.parse(apiVersion) : h.apiVersions().newest();
        ObjectNode body;
        if (h instanceof io.strato.server.arm.EmbeddedChildHandler<?> ec) {
            ResourceEntity parent = store.find(id.parent().key()).orElseThrow(() -> notFound(resourceId));
            body = resources.renderEmbedded(parent, ec, id, v).orElseThrow(() -> notFound(resourceId));
        } else {
            ResourceEntity e = store.find(id.key()).orElseThrow(() -> notFound(resourceId));
            body = resources.render(e, h, v, true);
        }
        if (full) {
            body.put("apiVersion", v.toString());
            return body;
        }
        return body.path("properties").isMissingNode() ? Json.object() : body.get("properties");
    }

    @Override
    public JsonNode list(String action, String resourceId, String apiVersion, JsonNode body) {
        ResourceId id = parse(resourceId);
        ResourceEntity e = store.find(id.key()).orElseThrow(() -> notFound(resourceId));
        ResourceTypeHandler<?> h = catalog.handler(id.type()).orElseThrow(() -> notFound(resourceId));
        return invoke(h, action, id, e, apiVersion, body);
    }

    private <S> JsonNode invoke(ResourceTypeHandler<S> h, String action, ResourceId id, ResourceEntity e, String apiVersion, JsonNode body) {
        ResourceAction<S> a = h.actions().stream().filter(x -> x.name().equalsIgnoreCase(action)).findFirst()
                .orElseThrow(() -> ArmErrorCode.InvalidResourceType.exception("The resource type '" + h.type() + "' has no action '" + action + "'."));
        ApiVersion v = apiVersion != null && ApiVersion.isWellFormed(apiVersion) ? ApiVersion.parse(apiVersion) : h.apiVersions().newest();
        return a.invoke(v, id, Specs.read(e.spec, h.specClass()), body == null ? Json.object() : body);
    }

    private static ResourceId parse(String resourceId) {
        return ResourceId.tryParse(resourceId).orElseThrow(() -> ArmErrorCode.InvalidTemplate.exception(
                "The resource id '" + resourceId + "' is not a valid ARM resource id.", resourceId));
    }

    private static RuntimeException notFound(String id) {
        return ArmErrorCode.ResourceNotFound.exception("The Resource '" + id.toLowerCase(Locale.ROOT).replaceFirst(".*/providers/", "")
                + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix", id);
    }
}
