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
 * serial log says what it was given. A script handed to a running machine runs at once under the host's
 * {@code /bin/sh} in a scratch folder (so tests see real exit codes and output); a stopped machine keeps it waiting
 * until it starts.
 */
public final class InMemoryMachineDriver implements MachineDriver {
    private record Entry(Machine machine, Power power, Instant bootedAt) {}

    private final Map<String, Entry> machines = new ConcurrentHashMap<>();
    private final Map<String, Map<String, GuestScript>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ExtensionResult>> results = new ConcurrentHashMap<>();

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
        Map<String, ExtensionResult> done = results.getOrDefault(machineId, Map.of());
        scripts.getOrDefault(machineId, Map.of()).values().stream().sorted(java.util.Comparator.comparing(GuestScript::name)).forEach(s -> {
            ExtensionResult r = done.get(s.name());
            ext.add(r != null && r.sequence() == s.sequence() ? r : new ExtensionResult(s.name(), s.sequence(), null, "", ""));
        });
        return Optional.of(new MachineStatus(e.power(), true, e.power() == Power.RUNNING ? e.bootedAt() : null, ext));
    }

    @Override
    public void start(String machineId) {
        machines.computeIfPresent(machineId, (k, e) -> e.power() == Power.RUNNING ? e : new Entry(e.machine(), Power.RUNNING, Instant.now()));
        runWaiting(machineId);
    }

    @Override
    public void runScript(String machineId, GuestScript script) {
        if (!machines.containsKey(machineId)) throw new MachineException("no machine " + machineId);
        GuestScript before = scripts.computeIfAbsent(machineId, k -> new ConcurrentHashMap<>()).put(script.name(), script);
        if (before != null && before.sequence() == script.sequence()) return;
        results.getOrDefault(machineId, new ConcurrentHashMap<>()).remove(script.name());
        runWaiting(machineId);
    }

    /** In-memory machines have no disk files. */
    @Override
    public void exportOsDisk(String machineId, java.nio.file.Path target) {
        throw new MachineException("the in-memory driver has no disk files");
    }

    @Override
    public void removeScript(String machineId, String name) {
        scripts.getOrDefault(machineId, new ConcurrentHashMap<>()).remove(name);
        results.getOrDefault(machineId, new ConcurrentHashMap<>()).remove(name);
    }

    private void runWaiting(String machineId) {
        Entry e = machines.get(machineId);
        if (e == null || e.power() != Power.RUNNING) return;
        Map<String, ExtensionResult> done = results.computeIfAbsent(machineId, k -> new ConcurrentHashMap<>());
        for (GuestScript s : scripts.getOrDefault(machineId, Map.of()).values()) {
            ExtensionResult r = done.get(s.name());
            if (r == null || r.sequence() != s.sequence()) done.put(s.name(), run(s));
        }
    }

    private static ExtensionResult run(GuestScript s) {
        try {
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("strato-script");
            try {
                java.nio.file.Path script = java.nio.file.Files.write(work.resolve("script.sh"), s.script());
                Process p = new ProcessBuilder("/bin/sh", script.toString()).directory(work.toFile())
                        .redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new ExtensionResult(s.name(), s.sequence(), 124, "", "timed out");
                }
                return new ExtensionResult(s.name(), s.sequence(), p.exitValue(),
                        java.nio.file.Files.readString(work.resolve("stdout")), java.nio.file.Files.readString(work.resolve("stderr")));
            } finally {
                try (var all = java.nio.file.Files.walk(work)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        } catch (java.io.IOException e) {
            return new ExtensionResult(s.name(), s.sequence(), 127, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExtensionResult(s.name(), s.sequence(), 130, "", "interrupted");
        }
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
        runWaiting(machineId);
    }

    @Override
    public void destroy(String machineId) {
        machines.remove(machineId);
        scripts.remove(machineId);
        results.remove(machineId);
    }

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
