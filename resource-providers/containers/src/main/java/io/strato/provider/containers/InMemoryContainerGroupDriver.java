package io.strato.provider.containers;

import io.strato.model.ResourceId;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container groups held in memory, for unit tests only: nothing runs; a group is "running" from create until
 * stop, and every container's log is empty.
 */
public final class InMemoryContainerGroupDriver implements ContainerGroupDriver {
    private final Clock clock;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    private record Group(ContainerGroupSpec spec, boolean running, Instant started, int restarts) {}

    public InMemoryContainerGroupDriver() { this(Clock.systemUTC()); }

    public InMemoryContainerGroupDriver(Clock clock) { this.clock = clock; }

    @Override
    public Observation observe(ResourceId id, ContainerGroupSpec desired) {
        Group g = groups.get(id.key());
        if (g == null) return Observation.absent();
        List<GroupStatus.ContainerStatus> containers = new ArrayList<>();
        for (var c : g.spec().containers()) {
            containers.add(new GroupStatus.ContainerStatus(c.name(), g.running() ? "Running" : "Terminated", g.started(), g.running() ? null : 0,
                    g.running() ? null : g.started(), g.running() ? "" : "Stopped", g.restarts(), null,
                    List.of(new GroupStatus.Event("Started", "Started container", "Normal", 1 + g.restarts(), g.started(), g.started()))));
        }
        return Observation.present(Map.of(STATUS, new GroupStatus(g.running() ? "Running" : "Stopped", g.spec().ipAddress() == null ? null : "10.0.0.4", containers, List.of())));
    }

    @Override
    public Outcome create(ResourceId id, ContainerGroupSpec desired) {
        groups.putIfAbsent(id.key(), new Group(desired, true, clock.instant(), 0));
        return Outcome.done();
    }

    @Override
    public Outcome update(ResourceId id, ContainerGroupSpec desired) {
        groups.compute(id.key(), (k, g) -> g == null ? new Group(desired, true, clock.instant(), 0)
                : new Group(desired, true, g.spec().equals(desired) && g.running() ? g.started() : clock.instant(), g.restarts()));
        return Outcome.done();
    }

    @Override
    public Outcome delete(ResourceId id) {
        groups.remove(id.key());
        return Outcome.done();
    }

    @Override
    public Outcome start(ResourceId id, ContainerGroupSpec spec) {
        groups.computeIfPresent(id.key(), (k, g) -> g.running() ? g : new Group(g.spec(), true, clock.instant(), g.restarts()));
        return Outcome.done();
    }

    @Override
    public Outcome stop(ResourceId id) {
        groups.computeIfPresent(id.key(), (k, g) -> new Group(g.spec(), false, g.started(), g.restarts()));
        return Outcome.done();
    }

    @Override
    public Outcome restart(ResourceId id, ContainerGroupSpec spec) {
        groups.computeIfPresent(id.key(), (k, g) -> new Group(g.spec(), true, clock.instant(), g.restarts() + 1));
        return Outcome.done();
    }

    @Override
    public Optional<String> logs(ResourceId id, String container, Integer tail) {
        Group g = groups.get(id.key());
        return g == null ? Optional.empty() : Optional.of("");
    }
}
