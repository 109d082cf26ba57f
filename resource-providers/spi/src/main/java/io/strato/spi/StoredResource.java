package io.strato.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.model.ResourceId;
import java.util.Optional;

/**
 * A resource as the appliance stores it: its id, location and the spec its handler made, as JSON.
 *
 * @param spec the JSON Jackson wrote for the handler's spec record; read it back with {@link #spec(Class)}
 * @param provisioningState {@code Creating}, {@code Succeeded}, {@code Updating}, {@code Deleting} or {@code Failed}
 */
public record StoredResource(ResourceId id, Optional<String> location, JsonNode spec, String provisioningState) {
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The stored spec as the handler's record type. */
    public <S> S spec(Class<S> type) {
        try {
            return MAPPER.treeToValue(spec, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored spec of " + id + " does not read as " + type.getSimpleName(), e);
        }
    }
}
