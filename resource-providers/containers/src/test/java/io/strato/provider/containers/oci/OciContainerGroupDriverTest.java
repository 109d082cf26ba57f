package io.strato.provider.containers.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strato.model.ResourceId;
import io.strato.provider.containers.ContainerGroupDriver;
import io.strato.provider.containers.ContainerGroupSpec;
import io.strato.provider.containers.Fixtures;
import io.strato.provider.containers.GroupStatus;
import io.strato.spi.ExternalClient;
import io.strato.spi.Outcome;
import io.strato.testkit.ExternalClientContract;
import io.strato.testkit.InMemorySecretVault;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runc driver against the real runtime, kernel namespaces, cgroups and an overlay root filesystem. Needs root
 * and runc (CI runs as root); skipped elsewhere.
 */
class OciContainerGroupDriverTest extends ExternalClientContract<ContainerGroupSpec> {
    @TempDir static Path shared;
    @TempDir Path data;
    static ImageStore images;
    String prefix;
    InMemorySecretVault vault;
    OciContainerGroupDriver driver;
    HostBridgeNetwork network;

    static String runtimeBinary() { return System.getProperty("strato.test.runtime", "runc"); }

    @BeforeAll
    static void needsRootAndTheRuntime() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Shell.run(List.of("which", runtimeBinary())).ok(), "needs " + runtimeBinary());
        images = new ImageStore(shared.resolve("images"));
        BaseImages.ensure(images, Path.of("/bin/busybox"));
    }

    @Override
    protected ExternalClient<ContainerGroupSpec> newClient() {
        prefix = "t" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        vault = new InMemorySecretVault();
        Path run = Path.of("/run/strato-containers-test").resolve(prefix);
        if (runtimeBinary().equals("crun")) CgroupFix.forCrun();
        network = new HostBridgeNetwork(prefix, OciContainerGroupDriver.defaultCidr(data.toString()), data.resolve("network"));
        driver = new OciContainerGroupDriver(data, run, prefix, images, new OciRuntime(runtimeBinary(), run.resolve("runtime")), network, vault, Clock.systemUTC());
        return driver;
    }

    @AfterEach
    void removeEverything() {
        driver.close();
        for (String n : List.of("g1", "g2", "crashy")) driver.delete(Fixtures.group(n));
        network.removeBridgeIfUnused();
        ImageStore.deleteTree(Path.of("/run/strato-containers-test").resolve(prefix));
    }

    @Override
    protected ResourceId id() { return Fixtures.group("g1"); }

    @Override
    protected ContainerGroupSpec desired() { return spec("['httpd','-f','-p','8080']", "Always"); }

    private ContainerGroupSpec spec(String command, String policy) {
        var body = Fixtures.azCreate("busybox", command, 8080);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("properties")).put("restartPolicy", policy);
        var parsed = io.strato.provider.containers.ContainersTestAccess.parse(body);
        parsed.secrets().forEach((k, v) -> vault.put(id(), k, v));
        return parsed.spec();
    }

    private GroupStatus status(ResourceId id) {
        return (GroupStatus) driver.observe(id, null).facts().get(ContainerGroupDriver.STATUS);
    }

    @Test
    void the_containers_process_answers_on_its_port_at_the_groups_address() throws Exception {
        assertDone(driver.create(id(), desired()));

        GroupStatus s = status(id());
        assertThat(s.state()).isEqualTo("Running");
        assertThat(answers(s.ip(), 8080)).isTrue();
    }

    @Test
    void output_is_captured_and_secure_values_reach_the_process_only() throws Exception {
        assertDone(driver.create(id(), spec("['sh','-c','echo greeting=$GREETING token=$TOKEN; sleep 3600']", "Always")));

        String log = awaitLog(id(), "greeting=");
        assertThat(log).contains("greeting=hello token=s3cret");
        assertThat(driver.logs(id(), "app", 1)).contains("greeting=hello token=s3cret\n");
        try (var files = Files.walk(data)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f) && !f.toString().endsWith(".log")) assertThat(Files.readString(f)).doesNotContain("s3cret");
            }
        }
    }

    @Test
    void memory_and_cpu_limits_are_enforced_by_the_cgroup() throws Exception {
        assertDone(driver.create(id(), spec("['sh','-c','echo $$; sleep 3600']", "Always")));

        String runtimeId = prefix + "-" + OciContainerGroupDriver.key(id()) + "-0";
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory", runtimeId, "memory.limit_in_bytes")).trim()).isEqualTo(Long.toString(256L * 1024 * 1024));
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu", runtimeId, "cpu.cfs_quota_us")).trim()).isEqualTo("50000");
        String pid = Shell.check(List.of(runtimeBinary(), "--root", "/run/strato-containers-test/" + prefix + "/runtime", "state", runtimeId));
        assertThat(pid).contains("\"running\"");
    }

    @Test
    void a_crashed_container_is_restarted_per_the_restart_policy() throws Exception {
        ResourceId crashy = Fixtures.group("crashy");
        assertDone(driver.create(crashy, spec("['sh','-c','echo started; sleep 0.3; exit 3']", "OnFailure")));

        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline && status(crashy).containers().get(0).restartCount() < 1) {
            driver.superviseAll();
            Thread.sleep(100);
        }
        var c = status(crashy).containers().get(0);
        assertThat(c.restartCount()).isGreaterThanOrEqualTo(1);
        assertThat(c.previous().exitCode()).isEqualTo(3);
    }

    @Test
    void a_container_that_ends_under_policy_never_stays_terminated() throws Exception {
        assertDone(driver.create(id(), spec("['sh','-c','echo done']", "Never")));

        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !status(id()).containers().get(0).state().equals("Terminated")) {
            driver.superviseAll();
            Thread.sleep(50);
        }
        driver.superviseAll();
        var c = status(id()).containers().get(0);
        assertThat(c.state()).isEqualTo("Terminated");
        assertThat(c.exitCode()).as(driver.logs(id(), "app", null).orElse("")).isZero();
        assertThat(c.restartCount()).isZero();
        assertThat(status(id()).state()).isEqualTo("Succeeded");
    }

    @Test
    void stop_and_start_leave_no_process_behind_and_bring_it_back() throws Exception {
        assertDone(driver.create(id(), desired()));
        String ip = status(id()).ip();

        assertDone(driver.stop(id()));
        assertThat(status(id()).state()).isEqualTo("Stopped");
        assertThat(answers(ip, 8080)).isFalse();
        driver.superviseAll();
        assertThat(status(id()).state()).isEqualTo("Stopped");

        assertDone(driver.start(id(), desired()));
        assertThat(answers(ip, 8080)).isTrue();
    }

    @Test
    void delete_leaves_no_process_veth_namespace_or_cgroup() throws Exception {
        assertDone(driver.create(id(), desired()));
        String key = OciContainerGroupDriver.key(id());
        String runtimeId = prefix + "-" + key + "-0";
        assertThat(Files.exists(Path.of("/sys/fs/cgroup/memory", runtimeId))).isTrue();

        assertDone(driver.delete(id()));

        assertThat(Shell.run(List.of("ip", "link", "show", prefix + key)).ok()).isFalse();
        assertThat(Files.exists(Path.of("/run/netns", prefix + "-" + key))).isFalse();
        assertThat(Files.exists(Path.of("/sys/fs/cgroup/memory", runtimeId))).isFalse();
        assertThat(Shell.run(List.of("pgrep", "-f", runtimeId)).ok()).isFalse();
    }

    @Test
    void a_new_driver_over_the_same_folder_adopts_running_groups_without_duplicates() throws Exception {
        assertDone(driver.create(id(), desired()));
        String ip = status(id()).ip();
        driver.close();

        OciContainerGroupDriver again = (OciContainerGroupDriver) newClientOverSameState();
        again.superviseAll();
        assertThat(again.create(id(), desired())).isInstanceOf(Outcome.Done.class);

        assertThat(answers(ip, 8080)).isTrue();
        String runtimeId = prefix + "-" + OciContainerGroupDriver.key(id()) + "-0";
        assertThat(Shell.check(List.of("sh", "-c", "pgrep -f 'run --bundle .*" + runtimeId + "$' | wc -l")).trim()).isEqualTo("1");
        assertThat(((GroupStatus) again.observe(id(), null).facts().get(ContainerGroupDriver.STATUS)).containers().get(0).restartCount()).isZero();
    }

    private ExternalClient<ContainerGroupSpec> newClientOverSameState() {
        Path run = Path.of("/run/strato-containers-test").resolve(prefix);
        driver = new OciContainerGroupDriver(data, run, prefix, images, new OciRuntime(runtimeBinary(), run.resolve("runtime")), network, vault, Clock.systemUTC());
        return driver;
    }

    @Test
    void an_image_the_store_lacks_is_inaccessible() {
        var body = Fixtures.azCreate("nginx:1.25", "['nginx']", 80);
        var spec = io.strato.provider.containers.ContainersTestAccess.parse(body).spec();

        Outcome o = driver.create(Fixtures.group("g2"), spec);

        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error().code()).isEqualTo("InaccessibleImage"));
    }

    private String awaitLog(ResourceId id, String marker) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        String log = "";
        while (System.currentTimeMillis() < deadline && !(log = driver.logs(id, "app", null).orElse("")).contains(marker)) Thread.sleep(20);
        return log;
    }

    static boolean answers(String ip, int port) {
        long deadline = System.currentTimeMillis() + 3_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), 300);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
