package io.strato.provider.containers.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ResourceId;
import io.strato.provider.containers.ContainerGroupDriver;
import io.strato.provider.containers.ContainerGroupSpec;
import io.strato.provider.containers.ContainersTestAccess;
import io.strato.provider.containers.Fixtures;
import io.strato.provider.containers.GroupStatus;
import io.strato.spi.Outcome;
import io.strato.testkit.InMemorySecretVault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM-isolated container group (sku Confidential) in a real QEMU guest under TCG: built from Debian's kernel (the
 * guest is cached in ~/.cache/strato/aci-guest), booted, its process answering on its port through the container
 * bridge, its output as the log, its end as the container's exit code. Needs root, QEMU and apt; skipped elsewhere.
 */
class VmIsolatedContainerGroupTest {
    static final Path GUEST = Path.of(System.getProperty("user.home"), ".cache", "strato", "aci-guest");
    static ImageStore images;
    @TempDir static Path shared;
    @TempDir Path data;
    InMemorySecretVault vault = new InMemorySecretVault();
    OciContainerGroupDriver driver;
    HostBridgeNetwork network;
    String prefix = "v" + Long.toHexString(System.nanoTime() & 0xfffff);

    @BeforeAll
    static void needsRootQemuAndTheGuest() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Shell.run(List.of("sh", "-c", "command -v qemu-system-x86_64")).ok(), "needs QEMU");
        GuestImage guest = new GuestImage(GUEST);
        if (!guest.ready()) guest.buildNow();
        images = new ImageStore(shared.resolve("images"));
        BaseImages.ensure(images, Path.of("/bin/busybox"));
    }

    @BeforeEach
    void driver() {
        Path run = Path.of("/run/strato-containers-test").resolve(prefix);
        network = new HostBridgeNetwork(prefix, OciContainerGroupDriver.defaultCidr(data.toString()), data.resolve("network"));
        driver = new OciContainerGroupDriver(data, run, prefix, images, new OciRuntime("runc", run.resolve("runtime")), network,
                new QemuRunner(new GuestImage(GUEST), "tcg"), vault, Clock.systemUTC());
    }

    @AfterEach
    void removeEverything() {
        driver.delete(Fixtures.group("vm1"));
        network.removeBridgeIfUnused();
        ImageStore.deleteTree(Path.of("/run/strato-containers-test").resolve(prefix));
    }

    private ContainerGroupSpec spec(String command, String policy) {
        ObjectNode body = (ObjectNode) Fixtures.azCreate("busybox", command, 8080);
        ((ObjectNode) body.get("properties")).put("sku", "Confidential").put("restartPolicy", policy);
        var parsed = ContainersTestAccess.parse(body);
        parsed.secrets().forEach((k, v) -> vault.put(Fixtures.group("vm1"), k, v));
        return parsed.spec();
    }

    private Outcome settle(java.util.function.Supplier<Outcome> step) throws InterruptedException {
        Outcome o = step.get();
        long deadline = System.currentTimeMillis() + 180_000;
        while (o instanceof Outcome.InProgress && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            o = step.get();
        }
        return o;
    }

    private GroupStatus status(ResourceId id) { return (GroupStatus) driver.observe(id, null).facts().get(ContainerGroupDriver.STATUS); }

    @Test
    void the_container_runs_in_its_own_kernel_answers_on_its_port_and_logs() throws Exception {
        ResourceId id = Fixtures.group("vm1");
        ContainerGroupSpec spec = spec("['sh','-c','echo kernel=$(uname -r) token=$TOKEN; mkdir -p /www; echo page-vm > /www/index.html; httpd -f -p 8080 -h /www']", "Always");

        assertThat(settle(() -> driver.create(id, spec))).isInstanceOf(Outcome.Done.class);

        GroupStatus s = status(id);
        assertThat(s.state()).isEqualTo("Running");
        assertThat(OciContainerGroupDriverTest.answers(s.ip(), 8080)).isTrue();
        String log = driver.logs(id, "app", null).orElse("");
        assertThat(log).contains("token=s3cret").doesNotContain("STRATO_CONTAINER");
        assertThat(log).doesNotContain("kernel=" + Shell.check(List.of("uname", "-r")));

        driver.delete(id);
        assertThat(Shell.run(List.of("pgrep", "-f", "qemu-system.*" + prefix)).ok()).isFalse();
        assertThat(Shell.run(List.of("ip", "link", "show", prefix + OciContainerGroupDriver.key(id))).ok()).isFalse();
    }

    @Test
    void a_process_that_ends_ends_the_guest_with_its_exit_code() throws Exception {
        ResourceId id = Fixtures.group("vm1");

        settle(() -> driver.create(id, spec("['sh','-c','echo bye; exit 7']", "Never")));
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && !"Terminated".equals(status(id).containers().get(0).state())) {
            driver.superviseAll();
            Thread.sleep(500);
        }

        assertThat(status(id).containers().get(0).exitCode()).isEqualTo(7);
        assertThat(driver.logs(id, "app", null).orElse("")).contains("bye");
        assertThat(Files.exists(data)).isTrue();
    }
}
