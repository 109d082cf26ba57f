package io.strato.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A GET below one resource that is not a resource of its own, e.g. {@code containers/{name}/logs} of a
 * container group. The server serves it when the path below an existing resource matches {@link #path()}.
 * Never changes anything.
 */
public interface ResourceView<S> {
    /** Matches any one segment in {@link #path()}. */
    String ANY = "{}";

    /** The segments below the resource, matched case-insensitively; {@link #ANY} matches any one segment. */
    List<String> path();

    /**
     * Answers the GET with a JSON body (status 200), or throws an {@link io.strato.model.ArmException}.
     *
     * @param values the segments that matched {@link #ANY}, in order
     * @param query the query parameters by lower-cased name
     */
    JsonNode read(ApiVersion version, ResourceId id, S spec, List<String> values, Map<String, String> query);

    /** The values of the {@link #ANY} segments when {@code segments} match {@link #path()}. */
    default Optional<List<String>> match(List<String> segments) {
        List<String> pattern = path();
        if (segments.size() != pattern.size()) return Optional.empty();
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            if (pattern.get(i).equals(ANY)) values.add(segments.get(i));
            else if (!pattern.get(i).toLowerCase(Locale.ROOT).equals(segments.get(i).toLowerCase(Locale.ROOT))) return Optional.empty();
        }
        return Optional.of(values);
    }
}
