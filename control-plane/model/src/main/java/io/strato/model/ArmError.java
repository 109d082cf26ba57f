package io.strato.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of an ARM error envelope: {@code {"error":{"code","message","target","details"}}}.
 * {@code code} is one of {@link ArmErrorCode}'s names, invariant and PascalCase as Azure sends it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ArmError(String code, String message, String target, List<ArmError> details) {
    public ArmError {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public ArmError(String code, String message, String target) {
        this(code, message, target, List.of());
    }
}
