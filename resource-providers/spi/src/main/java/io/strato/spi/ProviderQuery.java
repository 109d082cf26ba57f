package io.strato.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ApiVersion;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only GET a provider answers below {@code /subscriptions/{s}/providers/{namespace}/} that is not a resource
 * collection: location-scoped catalogues such as {@code locations/{location}/vmSizes} or
 * {@code locations/{location}/publishers/{publisher}/artifacttypes/vmimage/offers}, and subscription-wide
 * lists such as {@code skus}. Paths are matched case-insensitively, segment by segment; {@code {name}} segments
 * bind variables.
 */
public interface ProviderQuery {
    /** The path below {@code providers/{namespace}/}, e.g. {@code locations/{location}/vmSizes}. */
    String path();

    /** The api-versions it answers at. */
    ApiVersions apiVersions();

    /**
     * Answers the query, or empty when the bound variables name nothing (the server answers 404 then).
     *
     * @param vars  the variables bound by {@link #path()}, by name as written there
     * @param query the request's query parameters, keys lower-cased
     */
    Optional<JsonNode> get(ApiVersion version, String subscriptionId, Map<String, String> vars, Map<String, String> query);
}
