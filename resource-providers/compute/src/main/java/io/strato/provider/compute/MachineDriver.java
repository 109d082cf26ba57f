package io.strato.provider.compute;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs guests. Machines are named by a short id the caller chooses (letters, digits and dashes); every method is
 * idempotent and returns promptly (a boot continues in the background; {@link #status} reports it).
 * Implementations: {@link QemuMachineDriver} (default) and {@link InMemoryMachineDriver} (unit tests only).
 */
public interface MachineDriver {
    /**
     * Makes the machine's disks and seed and boots it. A machine that already exists keeps its disks and power
     * state; its definition is replaced and takes effect at its next start.
     *
     * @throws MachineException when the host cannot run it (missing image file, QEMU failed to start)
     */
    void define(String machineId, Machine machine);

    /** The machine's current definition (without its seed), empty when it does not exist. */
    Optional<Machine> definition(String machineId);

    /** The machine's state, empty when it does not exist. */
    Optional<MachineStatus> status(String machineId);

    /** Boots a stopped machine; a running one is left alone. */
    void start(String machineId);

    /** Powers the machine off and keeps its disks; {@code deallocate} also releases its host resources (taps). */
    void stop(String machineId, boolean deallocate);

    /** Boots the machine if it should run but has no process (after a host restart); otherwise does nothing. */
    void restore(String machineId);

    /** Resets a running machine (a stopped one is started). */
    void restart(String machineId);

    /** Stops the machine and removes every file and device it made. A machine that does not exist is a success. */
    void destroy(String machineId);

    /** The serial console output of the current (or last) boot; empty when the machine does not exist. */
    byte[] serialLog(String machineId);

    /** Machines this driver knows, by id. */
    List<String> machines();

    /**
     * Hands a script to the machine's guest: a running guest picks it up within seconds and runs it once; a stopped
     * one runs it after its next boot. Handing the same name and sequence again changes nothing; a new sequence under
     * the same name replaces the script and runs it again. Its outcome appears in {@link MachineStatus#extensions()}.
     *
     * @throws MachineException when the machine does not exist or the script cannot be delivered
     */
    void runScript(String machineId, GuestScript script);

    /**
     * Writes the machine's OS disk, flattened (no backing file), as a standalone qcow2 at {@code target}. The machine
     * should be stopped: a running guest's disk may be mid-write.
     *
     * @throws MachineException when the machine or its disk does not exist, or the copy fails
     */
    void exportOsDisk(String machineId, java.nio.file.Path target);

    /** Forgets a script and its outcome; a script that is running finishes in the guest but is no longer reported. */
    void removeScript(String machineId, String name);

    /** Power states, as Azure reports them in {@code PowerState/...}. */
    enum Power {
        RUNNING("running", "VM running"), STARTING("starting", "VM starting"), STOPPED("stopped", "VM stopped"),
        DEALLOCATED("deallocated", "VM deallocated");

        private final String code;
        private final String display;

        Power(String code, String display) {
            this.code = code;
            this.display = display;
        }

        public String code() { return code; }

        public String display() { return display; }
    }

    /**
     * @param power       what the machine is doing now
     * @param provisioned the guest has reported the end of provisioning (its ready marker) at least once
     * @param bootedAt    when the current process started; null when stopped
     * @param extensions  exit status of scripts the guest ran (CustomScript), in the order reported
     */
    record MachineStatus(Power power, boolean provisioned, Instant bootedAt, List<ExtensionResult> extensions) {
        public MachineStatus {
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * A script for the guest (a CustomScript extension): its name (letters, digits, '.', '_', '-'), the sequence that
     * tells a new version from a repeated hand-over, and the shell script itself.
     */
    record GuestScript(String name, long sequence, byte[] script) {
        public GuestScript {
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("not a script name: " + name);
        }
    }

    /**
     * What became of a script: its name and sequence, its exit code (null while it waits or runs) and the tails of its
     * standard output and error.
     */
    record ExtensionResult(String name, long sequence, Integer exitCode, String stdout, String stderr) {
        public ExtensionResult {
            stdout = stdout == null ? "" : stdout;
            stderr = stderr == null ? "" : stderr;
        }

        public boolean finished() { return exitCode != null; }
    }

    /** The host could not do what was asked. */
    final class MachineException extends RuntimeException {
        public MachineException(String message) { super(message); }

        public MachineException(String message, Throwable cause) { super(message, cause); }
    }
}
