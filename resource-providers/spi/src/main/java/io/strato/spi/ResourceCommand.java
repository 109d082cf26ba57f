package io.strato.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A request below one resource that is not a resource of its own and may change the resource's desired state:
 * {@code POST virtualMachineScaleSets/{n}/virtualMachines/{id}/start}, {@code POST virtualMachineScaleSets/{n}/delete}
 * with instance ids, {@code DELETE virtualMachineScaleSets/{n}/virtualMachines/{id}}.
 *
 * <p>The server matches {@link #method()} and {@link #path()} against the segments below an existing resource, locks
 * the resource, calls {@link #run} with its stored spec, stores the spec {@link #run} returns and, when it differs from
 * the stored one, lets the type's driver apply it ({@link ExternalClient#update}) before answering: 200 with
 * {@link Result#body()}, or without a body when that is null or missing. An exception is the answer instead, and
 * nothing is stored.
 *
 * @param <S> the resource's spec type
 */
public interface ResourceCommand<S> {
    /** The HTTP method, upper case: {@code POST} (the default) or {@code DELETE}. */
    default String method() { return "POST"; }

    /** The segments below the resource, matched case-insensitively; {@link ResourceView#ANY} matches any one segment. */
    List<String> path();

    /**
     * Runs the command, or throws an {@link io.strato.model.ArmException} with Azure's code.
     *
     * @param values the segments that matched {@link ResourceView#ANY}, in order
     * @param body   the request body, an empty object when none was sent
     */
    Result<S> run(ApiVersion version, ResourceId id, S spec, List<String> values, JsonNode body);

    /** What a command leaves: the resource's desired state (the given one when unchanged) and the response body. */
    record Result<S>(S spec, JsonNode body) {}

    /** The values of the {@link ResourceView#ANY} segments when {@code segments} match {@link #path()}. */
    default Optional<List<String>> match(List<String> segments) {
        List<String> pattern = path();
        if (segments.size() != pattern.size()) return Optional.empty();
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            if (pattern.get(i).equals(ResourceView.ANY)) values.add(segments.get(i));
            else if (!pattern.get(i).toLowerCase(Locale.ROOT).equals(segments.get(i).toLowerCase(Locale.ROOT))) return Optional.empty();
        }
        return Optional.of(values);
    }
}
