package io.strato.provider.containers;

import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Outcome;
import java.util.Optional;

/**
 * Runs container groups. Besides the reconciler's verbs it starts, stops and restarts a group and reads a
 * container's log. {@link #observe} reports a {@link GroupStatus} under the fact {@value #STATUS}.
 *
 * <p>A stopped group stays stopped (also across restarts of the appliance) until {@link #start} or a new PUT.
 * Every method is idempotent.
 */
public interface ContainerGroupDriver extends ExternalClient<ContainerGroupSpec> {
    /** The observation fact that holds the group's {@link GroupStatus}. */
    String STATUS = "status";

    /** Starts every container of a stopped group again (a running group is left as it is). */
    Outcome start(ResourceId id, ContainerGroupSpec spec);

    /** Stops every container; the group keeps its definition and can be started again. */
    Outcome stop(ResourceId id);

    /** Stops and starts every container. */
    Outcome restart(ResourceId id, ContainerGroupSpec spec);

    /**
     * The captured output (stdout and stderr) of one container, or its last {@code tail} lines; empty when the
     * group or the container does not exist.
     */
    Optional<String> logs(ResourceId id, String container, Integer tail);

    /** Releases what the driver holds in this process (threads); containers keep running. */
    default void close() {}
}
