package io.strato.provider.compute;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Guests as QEMU processes, one per machine, each in {@code {root}/{machineId}/}: {@code machine.json} (the
 * definition and the desired power state, never the seed), {@code os.qcow2} (a copy-on-write overlay of the image's
 * base disk), {@code seed.img} (the NoCloud seed, mode 0600), {@code serial.log} (the console of the current
 * boot), {@code qmp.sock} and {@code qemu.pid}.
 *
 * <p>QEMU daemonizes, so guests outlive an appliance restart; the driver finds them again by their pid file
 * (checking the process still is that machine's QEMU) and controls them through QMP. When the driver starts it
 * boots every machine whose desired state is running but whose process is gone (a host reboot): it restores them.
 */
public final class QemuMachineDriver implements MachineDriver {
    private static final System.Logger LOG = System.getLogger(QemuMachineDriver.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LOG_BYTES = 4 << 20;

    private final Path root;
    private final String qemu;
    private final Supplier<String> accelerator;

    /** What {@code machine.json} holds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record State(Machine machine, boolean running, boolean deallocated, boolean provisioned, String bootedAt) {
        State with(boolean running, boolean deallocated) { return new State(machine, running, deallocated, provisioned, bootedAt); }
    }

    /**
     * @param root        the folder machines live in
     * @param qemu        the QEMU system emulator to run
     * @param accelerator the accelerator name ({@code kvm} or {@code tcg}), asked when a machine boots
     */
    public QemuMachineDriver(Path root, String qemu, Supplier<String> accelerator) {
        this.root = root;
        this.qemu = qemu;
        this.accelerator = accelerator;
    }

    /** Boots, in the background, every machine that should run but has no process. */
    public QemuMachineDriver restoreInBackground() {
        Thread t = new Thread(() -> {
            for (String id : machines()) {
                try {
                    restore(id);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not restore machine " + id + ": " + e.getMessage());
                }
            }
        }, "strato-compute-restore");
        t.setDaemon(true);
        t.start();
        return this;
    }

    @Override
    public synchronized void define(String machineId, Machine machine) {
        Path dir = dir(machineId);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Optional<State> existing = readState(machineId);
            Path os = dir.resolve("os.qcow2");
            if (!Files.exists(os)) {
                if (!Files.isRegularFile(machine.image().baseDisk())) throw new MachineException("image disk " + machine.image().baseDisk() + " is missing");
                Path temp = dir.resolve("os.qcow2.tmp");
                Files.deleteIfExists(temp);
                Processes.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", machine.image().baseDisk().toString(),
                        temp.toString(), machine.osDiskGiB() + "G"));
                Files.move(temp, os, StandardCopyOption.ATOMIC_MOVE);
            } else if (existing.isPresent() && machine.osDiskGiB() > existing.get().machine().osDiskGiB()) {
                Processes.run(List.of("qemu-img", "resize", "-q", os.toString(), machine.osDiskGiB() + "G"));
            }
            if (!Files.exists(dir.resolve(ScriptMedium.FILE))) new ScriptMedium(dir).write();
            Path seed = dir.resolve("seed.img");
            SeedImage.write(seed, machine.seed());
            Files.setPosixFilePermissions(seed, PosixFilePermissions.fromString("rw-------"));
            Machine stored = new Machine(machine.hostName(), machine.vcpus(), machine.memoryMiB(), machine.image(), machine.osDiskGiB(),
                    machine.dataDisks(), machine.ports(), Map.of());
            if (existing.isEmpty()) {
                writeState(machineId, new State(stored, true, false, false, null));
                start(machineId);
            } else {
                State s = existing.get();
                writeState(machineId, new State(stored, s.running(), s.deallocated(), s.provisioned(), s.bootedAt()));
            }
        } catch (IOException e) {
            throw new MachineException("could not define machine " + machineId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Machine> definition(String machineId) { return readState(machineId).map(State::machine); }

    @Override
    public synchronized Optional<MachineStatus> status(String machineId) {
        Optional<State> state = readState(machineId);
        if (state.isEmpty()) return Optional.empty();
        State s = state.get();
        ScriptMedium.Console console = console(machineId);
        String log = console.text();
        boolean alive = alive(machineId);
        boolean provisioned = s.provisioned() || (alive && log.contains(s.machine().image().readyMarker()));
        if (provisioned && !s.provisioned()) {
            s = new State(s.machine(), s.running(), s.deallocated(), true, s.bootedAt());
            writeState(machineId, s);
        }
        Power power;
        if (alive) power = qmpRunning(machineId) ? Power.RUNNING : Power.STARTING;
        else power = s.deallocated() ? Power.DEALLOCATED : Power.STOPPED;
        ScriptMedium scripts = new ScriptMedium(dir(machineId));
        settle(machineId, scripts, console);
        return Optional.of(new MachineStatus(power, provisioned, alive && s.bootedAt() != null ? Instant.parse(s.bootedAt()) : null,
                scripts.results(console)));
    }

    private static void settle(String machineId, ScriptMedium scripts, ScriptMedium.Console console) {
        try {
            scripts.settle(console);
        } catch (IOException e) {   // the outcomes stay in the log; the next status or boot keeps them
            LOG.log(System.Logger.Level.WARNING, "could not keep the extension outcomes of machine " + machineId + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void start(String machineId) {
        State s = readState(machineId).orElseThrow(() -> new MachineException("no machine " + machineId));
        if (!alive(machineId)) launch(machineId, s.machine());
        writeState(machineId, new State(s.machine(), true, false, s.provisioned(), Instant.now().toString()));
    }

    private void launch(String machineId, Machine m) {
        Path dir = dir(machineId);
        try {
            Files.deleteIfExists(dir.resolve("qmp.sock"));
            Files.deleteIfExists(dir.resolve("qemu.pid"));
            new ScriptMedium(dir).boot(console(machineId));   // the new boot starts an empty log
            Files.write(dir.resolve("serial.log"), new byte[0]);
            List<String> cmd = new ArrayList<>(List.of(qemu, "-name", "strato-" + machineId, "-nodefaults", "-no-user-config",
                    "-display", "none"));
            cmd.addAll(Accelerator.qemuArguments(accelerator.get()));
            cmd.addAll(List.of("-smp", String.valueOf(m.vcpus()), "-m", m.memoryMiB() + "M",
                    "-kernel", m.image().kernel().toString(), "-initrd", m.image().initrd().toString(),
                    "-append", m.image().kernelCommandLine(),
                    "-drive", "file=" + dir.resolve("os.qcow2") + ",format=qcow2,if=virtio,cache=writeback"));
            for (Machine.DataDisk d : m.dataDisks()) {
                cmd.addAll(List.of("-drive", "file=" + d.file() + ",format=qcow2,if=virtio,cache=writeback"));
            }
            cmd.addAll(List.of("-drive", "file=" + dir.resolve("seed.img") + ",format=raw,if=virtio,readonly=on"));
            cmd.addAll(List.of("-drive", "file=" + dir.resolve(ScriptMedium.FILE) + ",format=raw,if=virtio,readonly=on"));
            int n = 0;
            for (Machine.Port p : m.ports()) {
                String netdev = p.userMode() ? "user,id=n" + n + ",restrict=on" : "tap,id=n" + n + ",ifname=" + p.tap() + ",script=no,downscript=no";
                // romfile= : no iPXE option ROM for the firmware to load and run; guests boot their kernel directly
                cmd.addAll(List.of("-netdev", netdev, "-device", "virtio-net-pci,netdev=n" + n + ",mac=" + p.mac() + ",romfile="));
                n++;
            }
            cmd.addAll(List.of("-serial", "file:" + dir.resolve("serial.log"),
                    "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off",
                    "-pidfile", dir.resolve("qemu.pid").toString(), "-daemonize"));
            Path err = dir.resolve("qemu.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MachineException("QEMU did not daemonize within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new MachineException("QEMU failed to start: " + Files.readString(err).strip());
            }
        } catch (IOException e) {
            throw new MachineException("could not start machine " + machineId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MachineException("interrupted while starting machine " + machineId, e);
        }
    }

    @Override
    public synchronized void stop(String machineId, boolean deallocate) {
        Optional<State> s = readState(machineId);
        if (s.isEmpty()) return;
        kill(machineId);
        writeState(machineId, new State(s.get().machine(), false, deallocate, s.get().provisioned(), null));
    }

    @Override
    public synchronized void restore(String machineId) {
        Optional<State> s = readState(machineId);
        if (s.isPresent() && s.get().running() && !alive(machineId)) {
            LOG.log(System.Logger.Level.INFO, "restoring machine " + machineId + " after a restart");
            start(machineId);
        }
    }

    @Override
    public synchronized void restart(String machineId) {
        if (!alive(machineId)) {
            start(machineId);
            return;
        }
        settle(machineId, new ScriptMedium(dir(machineId)), console(machineId));
        try {
            Qmp.execute(dir(machineId).resolve("qmp.sock"), "system_reset");
        } catch (IOException e) {
            kill(machineId);
            start(machineId);
        }
    }

    @Override
    public synchronized void destroy(String machineId) {
        Path dir = dir(machineId);
        if (!Files.exists(dir)) return;
        kill(machineId);
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new MachineException("could not remove machine " + machineId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void runScript(String machineId, GuestScript script) {
        if (readState(machineId).isEmpty()) throw new MachineException("no machine " + machineId);
        try {
            Path log = dir(machineId).resolve("serial.log");
            new ScriptMedium(dir(machineId)).put(script, Files.isRegularFile(log) ? Files.size(log) : 0);
        } catch (IOException e) {
            throw new MachineException("could not hand script " + script.name() + " to machine " + machineId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void exportOsDisk(String machineId, Path target) {
        Path os = dir(machineId).resolve("os.qcow2");
        if (readState(machineId).isEmpty() || !Files.isRegularFile(os)) throw new MachineException("no machine " + machineId);
        try {
            // -U: a running QEMU holds the image's write lock; the caller makes sure the guest is stopped
            Processes.run(List.of("qemu-img", "convert", "-U", "-q", "-O", "qcow2", os.toString(), target.toString()), 1800);
        } catch (IOException e) {
            throw new MachineException("could not copy the OS disk of " + machineId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void removeScript(String machineId, String name) {
        if (readState(machineId).isEmpty()) return;
        try {
            new ScriptMedium(dir(machineId)).remove(name);
        } catch (IOException e) {
            throw new MachineException("could not remove script " + name + " from machine " + machineId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] serialLog(String machineId) { return console(machineId).text().getBytes(StandardCharsets.ISO_8859_1); }

    /** The serial log's last {@link #MAX_LOG_BYTES} bytes and where they start in the file. */
    private ScriptMedium.Console console(String machineId) {
        Path log = dir(machineId).resolve("serial.log");
        if (!Files.isRegularFile(log)) return new ScriptMedium.Console("", 0);
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - MAX_LOG_BYTES);
            byte[] out = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(out);
            return new ScriptMedium.Console(new String(out, StandardCharsets.ISO_8859_1), from);
        } catch (IOException e) {
            return new ScriptMedium.Console("", 0);
        }
    }

    @Override
    public List<String> machines() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("machine.json"))).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The pid of this machine's QEMU when it runs; a stale pid file (reused pid) does not count. */
    Optional<Long> pid(String machineId) {
        Path pidFile = dir(machineId).resolve("qemu.pid");
        try {
            if (!Files.isRegularFile(pidFile)) return Optional.empty();
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
            if (!Files.exists(cmdline)) return Optional.empty();
            String command = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            return command.contains("strato-" + machineId) && command.contains(dir(machineId).toString()) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean alive(String machineId) { return pid(machineId).isPresent(); }

    private boolean qmpRunning(String machineId) {
        try {
            JsonNode status = Qmp.execute(dir(machineId).resolve("qmp.sock"), "query-status");
            return status.path("running").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the machine's QEMU: QMP {@code quit}, then SIGKILL when it lingers. */
    private void kill(String machineId) {
        Optional<Long> pid = pid(machineId);
        if (pid.isPresent()) {
            try {
                Qmp.execute(dir(machineId).resolve("qmp.sock"), "quit");
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "QMP quit failed for " + machineId + ": " + e.getMessage());
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid.get());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (handle.isPresent() && handle.get().isAlive() && System.nanoTime() < deadline) sleep(20);
            if (handle.isPresent() && handle.get().isAlive()) {
                handle.get().destroyForcibly();
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (handle.get().isAlive() && System.nanoTime() < deadline) sleep(20);
            }
        }
        try {
            Files.deleteIfExists(dir(machineId).resolve("qmp.sock"));
            Files.deleteIfExists(dir(machineId).resolve("qemu.pid"));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not tidy " + machineId + ": " + e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path dir(String machineId) {
        if (!machineId.matches("[a-z0-9-]{1,40}")) throw new IllegalArgumentException("not a machine id: " + machineId);
        return root.resolve(machineId);
    }

    private Optional<State> readState(String machineId) {
        Path file = dir(machineId).resolve("machine.json");
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), State.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void writeState(String machineId, State state) {
        Path file = dir(machineId).resolve("machine.json");
        try {
            Path temp = file.resolveSibling("machine.json.tmp");
            JSON.writeValue(temp.toFile(), state);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MachineException("could not record machine " + machineId + ": " + e.getMessage(), e);
        }
    }
}
