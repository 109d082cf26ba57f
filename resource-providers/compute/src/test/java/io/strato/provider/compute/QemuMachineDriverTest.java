package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QEMU driver boots the real tiny image (TCG here): the guest reads its NoCloud seed, runs the user-data, reports
 * ready, runs scripts handed to it while it runs (the script medium) and reports their outcomes on the serial console; stop leaves no process, a second driver over the same folder
 * finds the running guest again, and destroy leaves no file. Needs qemu-system-x86_64 and the image (built into
 * {@code ~/.cache/strato/images} when missing, as the appliance does).
 */
class QemuMachineDriverTest {
    static ImageCache images;
    static Machine.BootImage boot;

    @TempDir Path dir;
    QemuMachineDriver driver;
    final String id = "vm-test0000000001";

    @BeforeAll
    static void image() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")), "qemu-system-x86_64 is not installed");
        images = new ImageCache(Path.of(System.getProperty("strato.compute.image-cache",
                System.getProperty("user.home") + "/.cache/strato/images")));
        ImageSource.Availability a = images.resolve(PlatformImages.TINY);
        if (!(a instanceof ImageSource.Ready)) a = images.buildNow(PlatformImages.TINY);
        assertThat(a).as("the tiny image builds").isInstanceOf(ImageSource.Ready.class);
        boot = ((ImageSource.Ready) a).boot();
    }

    @AfterEach
    void tidy() {
        if (driver != null) driver.destroy(id);
    }

    private Machine machine() {
        return new Machine("guest1", 1, 256, boot, 2, List.of(), GuestNetwork.userMode().attach(Fixtures.vm("q1"), List.of()),
                Map.of("meta-data", "instance-id: i-1\nlocal-hostname: guest1\n".getBytes(StandardCharsets.UTF_8),
                        "user-data", "#!/bin/sh\necho user-data ran on $(hostname)\n".getBytes(StandardCharsets.UTF_8),
                        "network-config", "version: 2\nethernets:\n  eth0:\n    addresses: [10.0.2.15/24]\n    gateway4: 10.0.2.2\n".getBytes(StandardCharsets.UTF_8)));
    }

    private static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private String log() { return new String(driver.serialLog(id), StandardCharsets.UTF_8); }

    @Test
    void a_guest_boots_runs_its_seed_and_stops_without_leftovers() throws IOException, InterruptedException {
        driver = new QemuMachineDriver(dir, "qemu-system-x86_64", () -> "tcg");

        driver.define(id, machine());
        await(() -> driver.status(id).orElseThrow().provisioned(), Duration.ofSeconds(120), "the guest to report ready");

        assertThat(log()).contains("STRATO-HOSTNAME: guest1").contains("user-data ran on guest1").contains("STRATO-NET: eth0 10.0.2.15/24");
        var status = driver.status(id).orElseThrow();
        assertThat(status.power()).isEqualTo(MachineDriver.Power.RUNNING);
        long pid = driver.pid(id).orElseThrow();

        driver.runScript(id, new MachineDriver.GuestScript("hello", 1, "echo extension says hi on $(hostname)\necho oops >&2\nexit 3\n".getBytes(StandardCharsets.UTF_8)));
        await(() -> driver.status(id).orElseThrow().extensions().get(0).finished(), Duration.ofSeconds(60), "the running guest to run the script");
        assertThat(driver.status(id).orElseThrow().extensions()).containsExactly(new MachineDriver.ExtensionResult("hello", 1, 3, "extension says hi on guest1\n", "oops\n"));
        assertThat(log()).doesNotContain("extension says hi");
        driver.runScript(id, new MachineDriver.GuestScript("hello", 2, "echo second\n".getBytes(StandardCharsets.UTF_8)));
        await(() -> driver.status(id).orElseThrow().extensions().get(0).finished(), Duration.ofSeconds(60), "the new sequence to run");
        assertThat(driver.status(id).orElseThrow().extensions()).containsExactly(new MachineDriver.ExtensionResult("hello", 2, 0, "second\n", ""));
        assertThat(driver.pid(id)).contains(pid);
        // deleted and made again at once (the handler gives a new extension a new sequence): it runs again, and the
        // report of the old one is not taken for its outcome
        driver.removeScript(id, "hello");
        driver.runScript(id, new MachineDriver.GuestScript("hello", 3, "echo third\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(driver.status(id).orElseThrow().extensions()).as("the earlier report is not this script's")
                .containsExactly(new MachineDriver.ExtensionResult("hello", 3, null, "", ""));
        await(() -> driver.status(id).orElseThrow().extensions().get(0).finished(), Duration.ofSeconds(60), "the script made again to run");
        assertThat(driver.status(id).orElseThrow().extensions()).containsExactly(new MachineDriver.ExtensionResult("hello", 3, 0, "third\n", ""));
        driver.restart(id);   // a reset in the same process: the log goes on, and the medium no longer lists finished scripts
        await(() -> log().split("STRATO-EXTENSIONS: /dev/", -1).length == 3, Duration.ofSeconds(120), "the guest to boot again after its reset");
        Thread.sleep(6000);   // three polls of the medium
        assertThat(log().split("STRATO-EXTENSION-START: hello 3", -1)).as("the finished script does not run again after a reset").hasSize(2);

        QemuMachineDriver again = new QemuMachineDriver(dir, "qemu-system-x86_64", () -> "tcg");
        assertThat(again.pid(id)).contains(pid);
        assertThat(again.status(id).orElseThrow().power()).isEqualTo(MachineDriver.Power.RUNNING);

        driver.stop(id, false);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(driver.status(id).orElseThrow().power()).isEqualTo(MachineDriver.Power.STOPPED);
        assertThat(driver.status(id).orElseThrow().provisioned()).isTrue();
        driver.start(id);
        await(() -> log().contains("STRATO-EXTENSIONS: /dev/"), Duration.ofSeconds(120), "the guest to boot again");
        assertThat(driver.status(id).orElseThrow().extensions()).as("an outcome outlives a reboot, and the script does not run again")
                .containsExactly(new MachineDriver.ExtensionResult("hello", 3, 0, "third\n", ""));
        driver.stop(id, false);

        driver.destroy(id);
        assertThat(dir.resolve(id)).doesNotExist();
        assertThat(driver.status(id)).isEmpty();
    }

    @Test
    void a_machine_that_should_run_is_restored_by_a_new_driver() {
        driver = new QemuMachineDriver(dir, "qemu-system-x86_64", () -> "tcg");
        driver.define(id, machine());
        long first = driver.pid(id).orElseThrow();
        ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
        await(() -> driver.pid(id).isEmpty(), Duration.ofSeconds(10), "QEMU to die");

        QemuMachineDriver restored = new QemuMachineDriver(dir, "qemu-system-x86_64", () -> "tcg").restoreInBackground();

        await(() -> restored.pid(id).isPresent(), Duration.ofSeconds(30), "the machine to be restored");
        assertThat(restored.pid(id).orElseThrow()).isNotEqualTo(first);
    }
}
