package io.strato.provider.containers;

import java.time.Instant;
import java.util.List;

/**
 * What runs of one container group right now: the group's state, its address and each container's state with
 * its events, as the instance views of the ARM response show them.
 *
 * @param state {@code Running}, {@code Stopped}, {@code Pending} or {@code Failed}
 * @param ip the address the group answers on; null while it has none
 */
public record GroupStatus(String state, String ip, List<ContainerStatus> containers, List<Event> events) {
    public GroupStatus {
        containers = List.copyOf(containers);
        events = List.copyOf(events);
    }

    /**
     * One container.
     *
     * @param state {@code Running}, {@code Terminated} or {@code Waiting}
     */
    public record ContainerStatus(String name, String state, Instant startTime, Integer exitCode, Instant finishTime,
                                  String detailStatus, int restartCount, State previous, List<Event> events) {
        public ContainerStatus {
            events = List.copyOf(events);
        }
    }

    /** An earlier state of a container (before its last restart). */
    public record State(String state, Instant startTime, Integer exitCode, Instant finishTime, String detailStatus) {}

    /** An event in ACI's shape: {@code Pulled}, {@code Started}, {@code Killing}, ... */
    public record Event(String name, String message, String type, int count, Instant firstTimestamp, Instant lastTimestamp) {}
}
