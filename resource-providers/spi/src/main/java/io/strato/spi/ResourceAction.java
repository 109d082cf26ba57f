package io.strato.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;

/** A POST action on an existing resource, e.g. {@code listKeys}. */
public interface ResourceAction<S> {
    /** The last path segment, matched case-insensitively. */
    String name();

    /** Runs the action; {@code body} is an empty object when none was sent. */
    JsonNode invoke(ApiVersion version, ResourceId id, S spec, JsonNode body);

    /**
     * Whether the server answers 204 without a body, as Azure does for actions that only change state
     * ({@code start}, {@code stop}, {@code restart} of a container group); {@link #invoke}'s result is then ignored.
     */
    default boolean answersNoContent() { return false; }
}
