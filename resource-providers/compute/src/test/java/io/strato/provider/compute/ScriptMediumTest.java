package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script medium as a guest reads it (the archive at the start of {@code ext.img}): which scripts it lists, when
 * its generation changes, and which outcomes the host keeps once a guest has reported them on its console.
 */
class ScriptMediumTest {
    @TempDir Path dir;

    private static String exit(String name, long seq, int rc, String out) {
        return "STRATO-EXTENSION-START: " + name + " " + seq + "\nSTRATO-EXTENSION-EXIT: " + name + " " + seq + " " + rc + " "
                + Base64.getEncoder().encodeToString(out.getBytes(StandardCharsets.UTF_8)) + " -\n";
    }

    private static ScriptMedium.Console console(String log) { return new ScriptMedium.Console(log, 0); }

    private static MachineDriver.GuestScript script(String name, long seq) {
        return new MachineDriver.GuestScript(name, seq, ("echo " + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The lines of {@code list} on the medium, read as a guest does: the archive, up to its end. */
    private List<String> listed() throws IOException, InterruptedException {
        Path out = Files.createTempDirectory(dir, "guest");
        Process tar = new ProcessBuilder("tar", "-xf", dir.resolve(ScriptMedium.FILE).toString(), "-C", out.toString())
                .redirectErrorStream(true).start();
        tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor()).isZero();
        return Files.readAllLines(out.resolve("list"));
    }

    private String generation() throws IOException {
        byte[] block = Arrays.copyOfRange(Files.readAllBytes(dir.resolve(ScriptMedium.FILE)), 512, 1024);
        return new String(block, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    @Test
    void a_finished_script_leaves_the_medium_as_soon_as_its_outcome_is_on_the_console() throws Exception {
        ScriptMedium medium = new ScriptMedium(dir);
        medium.put(script("a", 0), 0);
        medium.put(script("b", 3), 0);
        assertThat(listed()).containsExactly("a 0 s0.sh", "b 3 s1.sh");
        String before = generation();
        String log = "boot noise\n" + exit("a", 0, 0, "hello\n") + "STRATO-EXTENSION-START: b 3\n";

        medium.settle(console(log));

        assertThat(listed()).as("a reboot of the same guest finds only b").containsExactly("b 3 s0.sh");
        assertThat(generation()).isNotEqualTo(before);
        assertThat(medium.results(console(""))).as("a's outcome outlives the log").containsExactly(
                new MachineDriver.ExtensionResult("a", 0, 0, "hello\n", ""),
                new MachineDriver.ExtensionResult("b", 3, null, "", ""));
    }

    @Test
    void outcomes_already_kept_do_not_rewrite_the_medium() throws Exception {
        ScriptMedium medium = new ScriptMedium(dir);
        medium.put(script("a", 0), 0);
        String log = exit("a", 0, 2, "x\n");
        medium.settle(console(log));
        String settled = generation();

        medium.settle(console(log));
        medium.settle(console(log + "more console output\n"));

        assertThat(generation()).isEqualTo(settled);
        assertThat(listed()).isEmpty();
    }

    @Test
    void an_outcome_of_an_earlier_sequence_or_a_running_script_keeps_the_script_on_the_medium() throws Exception {
        ScriptMedium medium = new ScriptMedium(dir);
        medium.put(script("a", 1), 0);
        medium.put(script("b", 0), 0);
        String before = generation();

        medium.settle(console(exit("a", 0, 0, "old\n") + "STRATO-EXTENSION-START: b 0\n"));

        assertThat(generation()).isEqualTo(before);
        assertThat(listed()).containsExactly("a 1 s0.sh", "b 0 s1.sh");
        assertThat(medium.results(console(""))).extracting(MachineDriver.ExtensionResult::finished).containsExactly(false, false);
    }

    @Test
    void a_new_sequence_of_a_settled_script_is_listed_again_and_scripts_stay_private() throws Exception {
        ScriptMedium medium = new ScriptMedium(dir);
        medium.put(script("a", 0), 0);
        medium.settle(console(exit("a", 0, 0, "first\n")));

        medium.put(script("a", 1), 0);

        assertThat(listed()).containsExactly("a 1 s0.sh");
        assertThat(medium.results(console(exit("a", 0, 0, "first\n")))).containsExactly(new MachineDriver.ExtensionResult("a", 1, null, "", ""));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("scripts/a.sh")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ScriptMedium.FILE)))).isEqualTo("rw-------");
    }

    @Test
    void an_extension_made_again_under_the_same_sequence_waits_for_its_own_report() throws Exception {
        ScriptMedium medium = new ScriptMedium(dir);
        medium.put(script("a", 0), 0);
        String first = "boot\n" + exit("a", 0, 0, "first\n");
        medium.settle(console(first));
        medium.remove("a");

        medium.put(new MachineDriver.GuestScript("a", 0, "echo again\n".getBytes(StandardCharsets.UTF_8)), first.length());
        medium.settle(console(first));

        assertThat(listed()).containsExactly("a 0 s0.sh");
        assertThat(medium.results(console(first))).containsExactly(new MachineDriver.ExtensionResult("a", 0, null, "", ""));
        String both = first + exit("a", 0, 0, "again\n");
        assertThat(medium.results(console(both))).containsExactly(new MachineDriver.ExtensionResult("a", 0, 0, "again\n", ""));
        assertThat(medium.results(new ScriptMedium.Console(both.substring(first.length() - 3), first.length() - 3)))
                .as("the tail of a long log").containsExactly(new MachineDriver.ExtensionResult("a", 0, 0, "again\n", ""));

        medium.boot(console(both));
        assertThat(medium.results(console(""))).as("kept for the next boot, whose log starts empty")
                .containsExactly(new MachineDriver.ExtensionResult("a", 0, 0, "again\n", ""));
        assertThat(listed()).isEmpty();
    }
}
