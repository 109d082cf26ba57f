package io.strato.provider.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host commands ({@code ip}, {@code nft}); a seam so the Linux driver's command lines can be tested without root. */
public interface CommandRunner {
    /**
     * Runs {@code command} with {@code stdin} (may be null) and returns its standard output.
     *
     * @throws NetworkDriverException when it exits non-zero (the message carries its standard error)
     */
    String run(List<String> command, String stdin);

    /** Runs commands on this host. */
    final class Local implements CommandRunner {
        @Override
        public String run(List<String> command, String stdin) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
                if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                byte[] err = p.getErrorStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new NetworkDriverException(String.join(" ", command) + ": timed out");
                }
                if (p.exitValue() != 0) {
                    throw new NetworkDriverException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + new String(err, StandardCharsets.UTF_8).trim());
                }
                return new String(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new NetworkDriverException(String.join(" ", command) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NetworkDriverException(String.join(" ", command) + ": interrupted", e);
            }
        }
    }
}
