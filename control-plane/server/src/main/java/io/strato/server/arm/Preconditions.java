package io.strato.server.arm;

import io.strato.model.ArmErrorCode;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.persistence.ResourceEntity;
import java.util.Arrays;
import java.util.Optional;

/** If-Match / If-None-Match as the ARM contract's Addendum describes them. */
public final class Preconditions {
    private Preconditions() {}

    /** Throws 412 PreconditionFailed when the request's conditions do not hold for {@code existing}. */
    public static void check(ArmRequest request, Optional<ResourceEntity> existing) {
        request.header("If-Match").ifPresent(ifMatch -> {
            if (existing.isEmpty() || !matches(ifMatch, existing.get().etag)) {
                throw ArmErrorCode.PreconditionFailed.exception(existing.isEmpty()
                        ? "The resource does not exist, so the If-Match condition cannot be met."
                        : "The specified precondition 'If-Match = " + ifMatch + "' failed: the resource has changed.", "If-Match");
            }
        });
        request.header("If-None-Match").ifPresent(ifNone -> {
            if (existing.isPresent() && matches(ifNone, existing.get().etag)) {
                throw ArmErrorCode.PreconditionFailed.exception(
                        "The specified precondition 'If-None-Match = " + ifNone + "' failed: the resource already exists.", "If-None-Match");
            }
        });
    }

    private static boolean matches(String header, String etag) {
        return Arrays.stream(header.split(",")).map(String::trim)
                .anyMatch(t -> t.equals("*") || strip(t).equals(strip(etag)));
    }

    private static String strip(String tag) {
        String t = tag.startsWith("W/") ? tag.substring(2) : tag;
        return t.replace("\"", "");
    }
}
