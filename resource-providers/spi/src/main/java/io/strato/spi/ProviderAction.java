package io.strato.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ApiVersion;

/** A POST action at subscription scope, e.g. {@code checkNameAvailability}. */
public interface ProviderAction {
    String name();

    /** The api-versions it answers at; usually those of the provider's main type. */
    ApiVersions apiVersions();

    JsonNode invoke(ApiVersion version, String subscriptionId, JsonNode body, NameRegistry names);

    /** Lets a provider action ask the server whether a name is in use. */
    interface NameRegistry {
        boolean isTaken(io.strato.model.ResourceType type, String name);
    }
}
