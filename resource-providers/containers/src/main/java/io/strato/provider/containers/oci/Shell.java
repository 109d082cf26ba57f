package io.strato.provider.containers.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host tools ({@code ip}, {@code mount}, the OCI runtime) and reports their exit code and output. */
final class Shell {
    private Shell() {}

    record Result(int code, String output) {
        boolean ok() { return code == 0; }
    }

    static Result run(List<String> command) { return run(command, null); }

    /** Runs {@code command} with {@code stdin} (may be null), waiting at most 60 s. */
    static Result run(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), out.trim());
        } catch (IOException e) {
            throw new UncheckedIOException("running " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** Runs and throws with the tool's output when it fails. */
    static String check(List<String> command) { return check(command, null); }

    static String check(List<String> command, String stdin) {
        Result r = run(command, stdin);
        if (!r.ok()) throw new IllegalStateException(String.join(" ", command) + " failed (" + r.code() + "): " + r.output());
        return r.output();
    }
}
