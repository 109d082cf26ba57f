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
}
