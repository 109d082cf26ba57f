package io.strato.server.arm;

import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Responses;
import io.strato.spi.ProviderQuery;
import io.strato.spi.ResourceProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Provider-defined read-only GETs below {@code /subscriptions/{s}/providers/{ns}/} ({@link ProviderQuery}):
 * location-scoped catalogues such as VM sizes and platform images. A path no query of the provider matches is
 * left to the other routes.
 */
@ApplicationScoped
public class ProviderQueries {
    @Inject ProviderCatalog catalog;
    @Inject Subscriptions subscriptions;
    @Inject ApplianceSettings settings;

    /** Answers {@code rest} (the segments after the namespace) when a query of {@code namespace} matches it. */
    Optional<Response> answer(ArmRequest req, String subscriptionId, String namespace, List<String> rest) {
        Optional<ResourceProvider> provider = catalog.provider(namespace);
        if (provider.isEmpty()) return Optional.empty();
        for (ProviderQuery q : provider.get().queries()) {
            Map<String, String> vars = match(q.path().split("/"), rest);
            if (vars == null) continue;
            subscriptions.require(subscriptionId);
            String text = req.apiVersionText();
            ApiVersion v = req.apiVersion().filter(q.apiVersions()::isPublished).orElseThrow(() -> ArmErrorCode.NoRegisteredProviderFound.exception(
                    "No registered resource provider found for location '" + settings.location() + "' and API version '" + text
                            + "' for type '" + q.path() + "'. The supported api-versions are '" + q.apiVersions().describe() + "'.", "api-version"));
            return Optional.of(q.get(v, subscriptionId, vars, req.query())
                    .map(Responses::ok)
                    .orElseThrow(() -> ArmErrorCode.NotFound.exception("The requested resource '/" + String.join("/", rest)
                            + "' of provider '" + provider.get().namespace() + "' was not found.")));
        }
        return Optional.empty();
    }

    private static Map<String, String> match(String[] pattern, List<String> segments) {
        if (pattern.length != segments.size()) return null;
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{")) vars.put(p.substring(1, p.length() - 1), segments.get(i));
            else if (!p.toLowerCase(Locale.ROOT).equals(segments.get(i).toLowerCase(Locale.ROOT))) return null;
        }
        return vars;
    }
}
