package io.strato.server.arm;

import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceType;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Responses;
import io.strato.server.persistence.ResourceStore;
import io.strato.spi.ProviderAction;
import io.strato.spi.ResourceProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;

/** Subscription-scope provider actions, e.g. {@code POST /subscriptions/{s}/providers/Microsoft.Storage/checkNameAvailability}. */
@ApplicationScoped
public class ProviderActions {
    @Inject Providers providers;
    @Inject Subscriptions subscriptions;
    @Inject ResourceStore store;
    @Inject ApplianceSettings settings;

    @Transactional
    Response invoke(ArmRequest req, Map<String, String> vars) {
        subscriptions.require(vars.get("s"));
        ResourceProvider p = providers.require(vars.get("ns"));
        String name = vars.get("action");
        ProviderAction action = p.actions().stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> ArmErrorCode.InvalidResourceType.exception("The resource type '" + name + "' could not be found in the namespace '"
                        + p.namespace() + "' for api version '" + req.apiVersionText() + "'."));
        String text = req.apiVersionText();
        ApiVersion v = req.apiVersion().filter(action.apiVersions()::isPublished).orElseThrow(() -> ArmErrorCode.NoRegisteredProviderFound.exception(
                "No registered resource provider found for location '" + settings.location() + "' and API version '" + text + "' for type '"
                        + action.name() + "'. The supported api-versions are '" + action.apiVersions().describe() + "'.", "api-version"));
        ProviderAction.NameRegistry names = (ResourceType type, String n) -> store.globalNameTaken(type.key(), n.toLowerCase(Locale.ROOT));
        return Responses.ok(action.invoke(v, vars.get("s"), req.json(), names));
    }
}
