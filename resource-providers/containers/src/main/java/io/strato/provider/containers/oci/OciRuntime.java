package io.strato.provider.containers.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One OCI runtime binary ({@code runc} or {@code crun}) with a state folder of this appliance's own
 * ({@code --root}). A container runs under a small shell shim in its own session: {@code RUNTIME run} in the
 * foreground (so the runtime reaps the container and removes its cgroups), its output appended to the container's
 * log, and its exit status written to an exit file when it ends. The shim outlives the appliance's process, so a
 * restart of the appliance neither stops nor duplicates a container.
 */
final class OciRuntime {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHIM = "exec </dev/null; \"$1\" --root \"$2\" run --bundle \"$3\" \"$4\" >>\"$5\" 2>&1; "
            + "echo $? >\"$6.tmp\"; mv \"$6.tmp\" \"$6\"";

    private final String binary;
    private final Path root;

    OciRuntime(String binary, Path root) {
        this.binary = binary;
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String binary() { return binary; }

    /** Starts {@code id} from {@code bundle} under the shim and returns at once. */
    void launch(String id, Path bundle, Path log, Path exitFile) {
        try {
            Files.deleteIfExists(exitFile);
            new ProcessBuilder("setsid", "sh", "-c", SHIM, "shim", binary, root.toString(), bundle.toString(), id, log.toString(), exitFile.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + binary, e);
        }
    }

    /** The runtime's status of {@code id} ({@code created}, {@code running}, {@code stopped}); empty when it does not know it. */
    Optional<String> status(String id) {
        if (!Files.exists(root.resolve(id))) return Optional.empty();
        Shell.Result r = Shell.run(List.of(binary, "--root", root.toString(), "state", id));
        if (!r.ok()) return Optional.empty();
        try {
            return Optional.of(JSON.readTree(r.output()).path("status").asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Sends {@code signal} to the container's processes; a container that is gone is a success. */
    void kill(String id, String signal) {
        if (Files.exists(root.resolve(id))) Shell.run(List.of(binary, "--root", root.toString(), "kill", "--all", id, signal));
    }

    /** Forgets {@code id} (forcibly, after a kill); a container that is gone is a success. */
    void delete(String id) {
        if (Files.exists(root.resolve(id))) Shell.run(List.of(binary, "--root", root.toString(), "delete", "--force", id));
    }
}
