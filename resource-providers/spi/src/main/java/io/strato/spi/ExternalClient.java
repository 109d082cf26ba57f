package io.strato.spi;

import io.strato.model.ResourceId;

/**
 * The driver side of one resource type, as the generic reconciler sees it. Every method is idempotent and
 * returns promptly: long work is reported as {@link Outcome.InProgress} and the reconciler calls again later.
 */
public interface ExternalClient<S> {
    /** What exists now for {@code id}. Never changes anything. */
    Observation observe(ResourceId id, S desired);

    /** Makes the resource exist as {@code desired}; called when {@link #observe} reported it absent. */
    Outcome create(ResourceId id, S desired);

    /** Brings an existing resource to {@code desired}. */
    Outcome update(ResourceId id, S desired);

    /** Removes everything the resource made. A resource that is already gone is a success. */
    Outcome delete(ResourceId id);
}
