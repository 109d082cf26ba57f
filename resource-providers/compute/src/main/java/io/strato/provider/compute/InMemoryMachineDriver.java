package io.strato.provider.compute;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Machines as map entries, for unit tests only: a defined machine is running and provisioned at once, and its
 * serial log says what it was given.
 */
public final class InMemoryMachineDriver implements MachineDriver {
    private record Entry(Machine machine, Power power, Instant bootedAt) {}

    private final Map<String, Entry> machines = new ConcurrentHashMap<>();

    @Override
    public void define(String machineId, Machine machine) {
        machines.compute(machineId, (k, e) -> e == null ? new Entry(machine, Power.RUNNING, Instant.now()) : new Entry(machine, e.power(), e.bootedAt()));
    }

    @Override
    public Optional<Machine> definition(String machineId) { return Optional.ofNullable(machines.get(machineId)).map(Entry::machine); }

    @Override
    public Optional<MachineStatus> status(String machineId) {
        Entry e = machines.get(machineId);
        if (e == null) return Optional.empty();
        List<ExtensionResult> ext = new ArrayList<>();
        e.machine().seed().keySet().stream().filter(k -> k.startsWith("strato-extensions/")).sorted()
                .forEach(k -> ext.add(new ExtensionResult(k.substring(18).replaceFirst("\\.sh$", ""), 0)));
        return Optional.of(new MachineStatus(e.power(), true, e.power() == Power.RUNNING ? e.bootedAt() : null, ext));
    }

    @Override
    public void start(String machineId) {
        machines.computeIfPresent(machineId, (k, e) -> e.power() == Power.RUNNING ? e : new Entry(e.machine(), Power.RUNNING, Instant.now()));
    }

    @Override
    public void stop(String machineId, boolean deallocate) {
        machines.computeIfPresent(machineId, (k, e) -> new Entry(e.machine(), deallocate ? Power.DEALLOCATED : Power.STOPPED, null));
    }

    @Override
    public void restore(String machineId) {}

    @Override
    public void restart(String machineId) {
        machines.computeIfPresent(machineId, (k, e) -> new Entry(e.machine(), Power.RUNNING, Instant.now()));
    }

    @Override
    public void destroy(String machineId) { machines.remove(machineId); }

    @Override
    public byte[] serialLog(String machineId) {
        Entry e = machines.get(machineId);
        if (e == null) return new byte[0];
        StringBuilder log = new StringBuilder("in-memory machine " + e.machine().hostName() + "\n");
        byte[] userData = e.machine().seed().get("user-data");
        if (userData != null) log.append(new String(userData, StandardCharsets.UTF_8)).append('\n');
        return log.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<String> machines() { return machines.keySet().stream().sorted().toList(); }
}
