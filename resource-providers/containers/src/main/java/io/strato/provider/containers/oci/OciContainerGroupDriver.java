package io.strato.provider.containers.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.provider.containers.ContainerGroupDriver;
import io.strato.provider.containers.ContainerGroupSpec;
import io.strato.provider.containers.ContainerNetwork;
import io.strato.provider.containers.GroupStatus;
import io.strato.provider.containers.oci.GroupRecord.ContainerRecord;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.ProviderContext;
import io.strato.spi.SecretVault;
import io.strato.spi.network.NetworkPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Container groups on an OCI runtime ({@code runc} or {@code crun}) with a shared kernel. Per container: a root
 * filesystem as an overlay over the image's unpacked layers, a {@code config.json} with the container's cgroup limits
 * and the group's network namespace, and a shim that runs it and captures its output. A supervisor applies the
 * restart policy to containers that end and, after the appliance (or the host) restarts, starts again what should
 * run and is not running.
 *
 * <p>Durable state (definition, run history, logs, volumes, overlay upper layers) lives under the provider's data
 * folder; runtime state (bundles with their {@code config.json}, which may hold secure environment values) lives
 * on the {@code /run} tmpfs, never on disk.
 */
public final class OciContainerGroupDriver implements ContainerGroupDriver {
    private static final Logger LOG = Logger.getLogger(OciContainerGroupDriver.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String BUSYBOX_SETTING = "strato.containers.busybox";
    static final String PREFIX_SETTING = "strato.containers.prefix";
    static final String NETWORK_SETTING = "strato.containers.bridge-cidr";
    static final String IMPORT_SETTING = "strato.containers.import";
    static final String RUN_DIR_SETTING = "strato.containers.run-dir";
    static final String GUEST_SETTING = "strato.containers.vm-guest";
    static final String ACCEL_SETTING = "strato.containers.vm-accel";
    /** How long a start waits for the runtime to report a container running. */
    static final long START_TIMEOUT_MS = 10_000;
    static final long STOP_TIMEOUT_MS = 10_000;

    private final Path groupsDir;
    private final Path runDir;
    private final String prefix;
    private final ImageStore images;
    private final OciRuntime runtime;
    private final ContainerNetwork network;
    private final QemuRunner vm;
    private final SecretVault vault;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private ScheduledExecutorService supervisor;

    OciContainerGroupDriver(Path dataDir, Path runDir, String prefix, ImageStore images, OciRuntime runtime, ContainerNetwork network,
                            SecretVault vault, Clock clock) {
        this(dataDir, runDir, prefix, images, runtime, network, null, vault, clock);
    }

    /** @param vm runs VM-isolated groups; null when QEMU is not installed (such groups are then refused) */
    OciContainerGroupDriver(Path dataDir, Path runDir, String prefix, ImageStore images, OciRuntime runtime, ContainerNetwork network,
                            QemuRunner vm, SecretVault vault, Clock clock) {
        this.groupsDir = dataDir.resolve("groups");
        this.runDir = runDir;
        this.prefix = prefix;
        this.images = images;
        this.runtime = runtime;
        this.network = network;
        this.vm = vm;
        this.vault = vault;
        this.clock = clock;
        try {
            Files.createDirectories(groupsDir);
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The driver over the provider's context with {@code runtimeBinary}: builds the base images when missing,
     * imports the archives named by {@value #IMPORT_SETTING} and found in {@code DATA/import}, and starts the supervisor.
     */
    public static OciContainerGroupDriver start(ProviderContext context, String runtimeBinary) {
        Path data = context.dataDirectory();
        // "s<tag>c": the appliance's host-object prefix ("s<tag>", shared with Microsoft.Network) and 'c' for containers
        String prefix = context.setting(PREFIX_SETTING).orElseGet(() -> "s" + context.applianceTag() + "c");
        if (!prefix.matches("[a-z][a-z0-9]{0,7}")) throw new IllegalArgumentException(PREFIX_SETTING + " must be 1-8 lower-case letters and digits: " + prefix);
        Path runDir = Path.of(context.setting(RUN_DIR_SETTING).orElse("/run/strato-containers")).resolve(prefix);
        ImageStore images = new ImageStore(data.resolve("images"));
        BaseImages.ensure(images, Path.of(context.setting(BUSYBOX_SETTING).orElse("/bin/busybox")));
        importArchives(context, images, data.resolve("import"));
        if (runtimeBinary.equals("crun")) CgroupFix.forCrun();
        String cidr = context.setting(NETWORK_SETTING).orElseGet(() -> defaultCidr(prefix + data.toAbsolutePath()));
        ContainerNetwork network = new GroupNetworks(new HostBridgeNetwork(prefix, cidr, data.resolve("network")),
                () -> context.service(NetworkPorts.class));
        QemuRunner vm = null;
        if (Shell.run(List.of("sh", "-c", "command -v qemu-system-x86_64")).ok()) {
            GuestImage guest = new GuestImage(Path.of(context.setting(GUEST_SETTING).orElse(data.resolve("images").resolve("guest").toString())));
            guest.buildInBackground();
            vm = new QemuRunner(guest, context.setting(ACCEL_SETTING).orElse("tcg"));
        }
        OciContainerGroupDriver driver = new OciContainerGroupDriver(data, runDir, prefix, images,
                new OciRuntime(runtimeBinary, runDir.resolve("runtime")), network, vm, context.secrets(), Clock.systemUTC());
        driver.supervise(500);
        return driver;
    }

    /** A /24 in 10.200.0.0-10.249.255.0 chosen from the data folder, so two appliances on one host differ. */
    static String defaultCidr(String seed) {
        byte[] h = HexFormat.of().parseHex(hash(seed));
        return "10." + (200 + Math.floorMod(h[0], 50)) + "." + Byte.toUnsignedInt(h[1]) + ".0/24";
    }

    private static void importArchives(ProviderContext context, ImageStore images, Path folder) {
        List<Path> archives = new ArrayList<>();
        context.setting(IMPORT_SETTING).ifPresent(s -> {
            for (String p : s.split(",")) if (!p.isBlank()) archives.add(Path.of(p.trim()));
        });
        if (Files.isDirectory(folder)) {
            try (var list = Files.list(folder)) {
                list.filter(p -> p.toString().endsWith(".tar")).sorted().forEach(archives::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path a : archives) {
            List<String> names = images.importArchive(a, Optional.empty());
            LOG.info(() -> "imported " + names + " from " + a);
        }
    }

    /** Runs the supervisor every {@code periodMs}. */
    void supervise(long periodMs) {
        supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "container-supervisor");
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::superviseAll, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (supervisor != null) supervisor.shutdownNow();
    }

    // ---- the reconciler's verbs -------------------------------------------------------------------------------

    @Override
    public Observation observe(ResourceId id, ContainerGroupSpec desired) {
        String key = key(id);
        synchronized (lock(key)) {
            return load(key).map(g -> Observation.present(Map.of(STATUS, status(g)))).orElse(Observation.absent());
        }
    }

    @Override
    public Outcome create(ResourceId id, ContainerGroupSpec desired) { return apply(id, desired); }

    @Override
    public Outcome update(ResourceId id, ContainerGroupSpec desired) { return apply(id, desired); }

    private Outcome apply(ResourceId id, ContainerGroupSpec desired) {
        String key = key(id);
        synchronized (lock(key)) {
            Optional<GroupRecord> existing = load(key);
            if (existing.isPresent() && existing.get().spec.equals(desired)) {
                GroupRecord g = existing.get();
                g.stopped = false;
                return startAll(id, g, false);
            }
            if (isVm(desired)) {
                Optional<Outcome> refused = vmRefusal(desired);
                if (refused.isPresent()) return refused.get();
            }
            Map<String, ImageStore.Image> resolved = new java.util.HashMap<>();
            for (var c : all(desired)) {
                Optional<ImageStore.Image> image = images.resolve(c.image());
                if (image.isEmpty()) {
                    return Outcome.failed(new ArmError(ArmErrorCode.InaccessibleImage.name(), "The image '" + c.image() + "' in container group '"
                            + id.name() + "' is not accessible. Please check the image and registry credential. The images of this appliance are: "
                            + String.join(", ", images.names()) + ".", null));
                }
                resolved.put(c.name(), image.get());
            }
            existing.ifPresent(g -> stopAll(g, "Killing", "Killing container to apply a new definition"));
            GroupRecord g = existing.orElseGet(GroupRecord::new);
            g.id = id.toString();
            g.key = key;
            g.spec = desired;
            g.stopped = false;
            attach(id, g, desired);
            Map<String, ContainerRecord> containers = new java.util.LinkedHashMap<>();
            int i = 0;
            for (var c : all(desired)) {
                ContainerRecord r = g.containers.getOrDefault(c.name(), new ContainerRecord());
                r.runtimeId = prefix + "-" + key + "-" + i++;
                r.init = desired.initContainers().contains(c);
                r.state = "Waiting";
                GroupRecord.event(r.events, "Pulled", "Successfully pulled image \"" + c.image() + "\"", "Normal", now());
                containers.put(c.name(), r);
            }
            g.containers = containers;
            save(g);
            return startAll(id, g, false);
        }
    }

    @Override
    public Outcome delete(ResourceId id) {
        String key = key(id);
        synchronized (lock(key)) {
            Optional<GroupRecord> g = load(key);
            g.ifPresent(r -> stopAll(r, "Killing", "Killing container for deletion"));
            network.detach(key, id);
            ImageStore.deleteTree(runDir.resolve(key));
            ImageStore.deleteTree(groupsDir.resolve(key));
            locks.remove(key);
            return Outcome.done();
        }
    }

    // ---- actions --------------------------------------------------------------------------------------------------

    @Override
    public Outcome start(ResourceId id, ContainerGroupSpec spec) {
        String key = key(id);
        synchronized (lock(key)) {
            Optional<GroupRecord> g = load(key);
            if (g.isEmpty()) return apply(id, spec);
            g.get().stopped = false;
            return startAll(id, g.get(), false);
        }
    }

    @Override
    public Outcome stop(ResourceId id) {
        String key = key(id);
        synchronized (lock(key)) {
            Optional<GroupRecord> g = load(key);
            if (g.isEmpty()) return Outcome.done();
            g.get().stopped = true;
            stopAll(g.get(), "Killing", "Killing container: the container group was stopped");
            save(g.get());
            return Outcome.done();
        }
    }

    @Override
    public Outcome restart(ResourceId id, ContainerGroupSpec spec) {
        String key = key(id);
        synchronized (lock(key)) {
            Optional<GroupRecord> g = load(key);
            if (g.isEmpty()) return apply(id, spec);
            stopAll(g.get(), "Killing", "Killing container: the container group was restarted");
            g.get().stopped = false;
            return startAll(id, g.get(), true);
        }
    }

    @Override
    public Optional<String> logs(ResourceId id, String container, Integer tail) {
        Path log = groupsDir.resolve(key(id)).resolve("logs").resolve(container + ".log");
        if (!Files.exists(log)) return load(key(id)).map(g -> "");
        try {
            String content = Files.readString(log, StandardCharsets.UTF_8).replaceAll("(?m)^STRATO_CONTAINER_[A-Z]+.*\\R?", "");
            if (tail == null) return Optional.of(content);
            String[] lines = content.split("\n", -1);
            int end = content.endsWith("\n") ? lines.length - 1 : lines.length;
            int from = Math.max(0, end - tail);
            StringBuilder b = new StringBuilder();
            for (int i = from; i < end; i++) b.append(lines[i]).append('\n');
            return Optional.of(b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- running containers ---------------------------------------------------------------------------------------

    private static List<ContainerGroupSpec.Container> all(ContainerGroupSpec spec) {
        List<ContainerGroupSpec.Container> all = new ArrayList<>(spec.initContainers());
        all.addAll(spec.containers());
        return all;
    }

    /**
     * Starts every container that is not running: init containers first, each to its end, then the others, and
     * waits until the runtime reports them running. {@code restart} counts a restart for each.
     */
    private Outcome startAll(ResourceId id, GroupRecord g, boolean restart) {
        try {
            if (isVm(g.spec) || g.netnsPath == null || !Files.exists(Path.of(g.netnsPath))) attach(id, g, g.spec);
            writeVolumes(id, g);
            for (var c : g.spec.initContainers()) {
                ContainerRecord r = g.containers.get(c.name());
                if ("Terminated".equals(r.state) && Integer.valueOf(0).equals(r.exitCode) && !restart) continue;
                launch(id, g, c, r, restart);
                if (!awaitExit(r, START_TIMEOUT_MS * 6)) {
                    return failed(g, "The init container '" + c.name() + "' did not finish.");
                }
                if (!Integer.valueOf(0).equals(r.exitCode)) {
                    return failed(g, "The init container '" + c.name() + "' exited with code " + r.exitCode + ".");
                }
            }
            List<String> launched = new ArrayList<>();
            for (var c : g.spec.containers()) {
                ContainerRecord r = g.containers.get(c.name());
                if (status(g, r).filter(s -> s.equals("running") || s.equals("created")).isPresent()) continue;
                if (!restart && "Waiting".equals(r.state) && r.startTime > 0 && Files.exists(exitFile(r))) {
                    recordExit(r);   // it ended since its launch: the supervisor applies the restart policy
                    continue;
                }
                launch(id, g, c, r, restart);
                launched.add(c.name());
            }
            if (isVm(g.spec)) {
                // a guest boots for seconds: report progress and let the reconciler ask again
                boolean booting = false;
                for (var c : g.spec.containers()) {
                    ContainerRecord r = g.containers.get(c.name());
                    Optional<String> st = status(g, r);
                    if (st.filter("running"::equals).isPresent()) r.state = "Running";
                    else if (st.isPresent()) booting = true;
                    else if (Files.exists(exitFile(r))) recordExit(r);
                }
                save(g);
                return booting ? Outcome.inProgress(java.time.Duration.ofSeconds(1)) : Outcome.done();
            }
            for (String name : launched) {
                ContainerRecord r = g.containers.get(name);
                if (!awaitRunning(g, r)) {
                    String log = logs(id, name, 5).orElse("").trim();
                    if (!"Terminated".equals(r.state)) return failed(g, "The container '" + name + "' did not start: " + log);
                }
            }
            save(g);
            return Outcome.done();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "starting container group " + id + " failed", e);
            return failed(g, "The container group could not be started: " + e.getMessage());
        }
    }

    private Outcome failed(GroupRecord g, String message) {
        save(g);
        return Outcome.failed(new ArmError(ArmErrorCode.BadRequest.name(), message, null));
    }

    private void launch(ResourceId id, GroupRecord g, ContainerGroupSpec.Container c, ContainerRecord r, boolean restart) {
        ImageStore.Image image = images.resolve(c.image()).orElseThrow(() -> new IllegalStateException("The image '" + c.image() + "' left the store."));
        Path bundle = runDir.resolve(g.key).resolve(c.name());
        Path persistent = groupsDir.resolve(g.key).resolve("containers").resolve(c.name());
        try {
            forget(g, r);
            Path rootfs = bundle.resolve("rootfs");
            Files.createDirectories(rootfs);
            Files.createDirectories(persistent.resolve("upper"));
            Files.createDirectories(persistent.resolve("work"));
            Mounts.overlay(image.rootfs(), persistent.resolve("upper"), persistent.resolve("work"), rootfs);
            List<String> args = !c.command().isEmpty() ? c.command() : concat(image.entrypoint(), image.cmd());
            if (args.isEmpty()) throw new IllegalStateException("The container '" + c.name() + "' has no command and its image none either.");
            List<String> env = new ArrayList<>(image.env());
            if (env.stream().noneMatch(e -> e.startsWith("PATH="))) env.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            Map<String, String> secrets = c.environmentVariables().stream().anyMatch(ContainerGroupSpec.EnvironmentVariable::secure) ? vault.get(id) : Map.of();
            for (var e : c.environmentVariables()) {
                String value = e.secure() ? secrets.getOrDefault(ContainerGroupSpec.secureEnvKey(c.name(), e.name()), "") : e.value();
                env.removeIf(x -> x.startsWith(e.name() + "="));
                env.add(e.name() + "=" + value);
            }
            List<OciBundle.Bind> binds = new ArrayList<>();
            binds.add(new OciBundle.Bind(hostsFile(g), "/etc/hosts", true));
            for (var m : c.volumeMounts()) {
                binds.add(new OciBundle.Bind(volumeDir(g, m.name()), m.mountPath(), m.readOnly() || isSecret(g, m.name())));
            }
            String hostname = g.spec.containers().size() == 1 ? shortName(id) : c.name();
            if (isVm(g.spec)) {
                launchVm(g, c, r, bundle, rootfs, args, env, hostname);
                return;
            }
            var config = OciBundle.config(args, env, image.workingDir(), hostname, rootfs, g.netnsPath, "/" + r.runtimeId, c.enforced(), binds);
            Path configFile = bundle.resolve("config.json");
            Path tmp = bundle.resolve("config.json.tmp");
            Files.write(tmp, ImageStore.json(config));
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path logs = groupsDir.resolve(g.key).resolve("logs");
            Files.createDirectories(logs);
            Path log = logs.resolve(c.name() + ".log");
            Files.write(log, new byte[0]);
            if (restart || "Terminated".equals(r.state)) {
                if (r.startTime > 0) {
                    r.previousState = r.state;
                    r.previousStart = r.startTime;
                    r.previousExitCode = r.exitCode;
                    r.previousFinish = r.finishTime;
                    r.previousDetail = r.detail;
                }
                if (r.startTime > 0) r.restartCount++;
            }
            r.state = "Waiting";
            r.exitCode = null;
            r.finishTime = 0;
            r.detail = "";
            exitFiles.put(r.runtimeId, bundle.resolve("exit"));
            runtime.launch(r.runtimeId, bundle, log, bundle.resolve("exit"));
            r.startTime = now();
            GroupRecord.event(r.events, "Started", "Started container", "Normal", now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortName(ResourceId id) {
        String n = id.name();
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Waits until the runtime reports the container running (true) or it ended (false, recorded). */
    private boolean awaitRunning(GroupRecord g, ContainerRecord r) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        Path exit = exitFile(r);
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(exit)) {
                recordExit(r);
                return false;
            }
            if (status(g, r).filter("running"::equals).isPresent()) {
                r.state = "Running";
                return true;
            }
            sleep(5);
        }
        return false;
    }

    private boolean awaitExit(ContainerRecord r, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(exitFile(r))) {
                recordExit(r);
                return true;
            }
            sleep(20);
        }
        return false;
    }

    /** The shim's exit file of a container, by runtime id (filled whenever a group is loaded or launched). */
    private final Map<String, Path> exitFiles = new ConcurrentHashMap<>();

    private Path exitFile(ContainerRecord r) { return exitFiles.getOrDefault(r.runtimeId, runDir.resolve("none")); }

    private void recordExit(ContainerRecord r) {
        Path exit = exitFile(r);
        int code = -1;
        try {
            code = Integer.parseInt(Files.readString(exit).trim());
        } catch (IOException | NumberFormatException e) {
            LOG.fine(() -> "no exit code for " + r.runtimeId);
        }
        r.state = "Terminated";
        r.exitCode = code;
        r.finishTime = now();
        r.detail = code == 0 ? "Completed" : code == 137 ? "Killed" : "Error";
    }

    /** Kills every container and waits for each to end; unmounts their root filesystems. */
    private void stopAll(GroupRecord g, String event, String message) {
        for (ContainerRecord r : g.containers.values()) {
            boolean wasRunning = status(g, r).isPresent();
            if (wasRunning) {
                kill(g, r);
                GroupRecord.event(r.events, event, message, "Normal", now());
                awaitExit(r, STOP_TIMEOUT_MS);
            }
            forget(g, r);
            if (!"Terminated".equals(r.state)) {
                r.state = "Terminated";
                r.finishTime = now();
                r.exitCode = wasRunning ? 137 : r.exitCode;
                r.detail = "Killed";
            }
        }
        for (String name : g.containers.keySet()) {
            Mounts.unmount(runDir.resolve(g.key).resolve(name).resolve("rootfs"));
        }
    }

    private Path hostsFile(GroupRecord g) throws IOException {
        Path hosts = runDir.resolve(g.key).resolve("hosts");
        Files.createDirectories(hosts.getParent());
        ResourceId id = ResourceId.parse(g.id);
        Files.writeString(hosts, "127.0.0.1\tlocalhost\n" + (g.ip == null ? "" : g.ip + "\t" + shortName(id) + "\n"));
        return hosts;
    }

    private boolean isSecret(GroupRecord g, String volume) {
        return g.spec.volumes().stream().anyMatch(v -> v.name().equals(volume) && v.kind().equals("secret"));
    }

    private Path volumeDir(GroupRecord g, String volume) {
        // secret volumes live on the tmpfs (never on disk); emptyDir volumes in the data folder
        return isSecret(g, volume) ? runDir.resolve(g.key).resolve("volumes").resolve(volume)
                : groupsDir.resolve(g.key).resolve("volumes").resolve(volume);
    }

    private void writeVolumes(ResourceId id, GroupRecord g) throws UncheckedIOException {
        try {
            Map<String, String> secrets = null;
            for (var v : g.spec.volumes()) {
                Path dir = volumeDir(g, v.name());
                Files.createDirectories(dir);
                if (v.kind().equals("secret")) {
                    if (secrets == null) secrets = vault.get(id);
                    for (String f : v.secretFiles()) {
                        String value = secrets.getOrDefault(ContainerGroupSpec.secretFileKey(v.name(), f), "");
                        Path file = ImageStore.safeResolve(dir, f);
                        Files.write(file, Base64.getDecoder().decode(value));
                        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the supervisor ------------------------------------------------------------------------------------------

    /** One pass: containers that ended are recorded and restarted per the group's policy; stopped groups are left. */
    void superviseAll() {
        try (var dirs = Files.list(groupsDir)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String key = dir.getFileName().toString();
                try {
                    synchronized (lock(key)) {
                        load(key).ifPresent(this::supervise);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "supervising container group " + key + " failed", e);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "container supervisor pass failed", e);
        }
    }

    private void supervise(GroupRecord g) {
        if (g.stopped) return;
        ResourceId id = ResourceId.parse(g.id);
        boolean changed = false, restart = false;
        for (var c : g.spec.containers()) {
            ContainerRecord r = g.containers.get(c.name());
            exitFiles.put(r.runtimeId, runDir.resolve(g.key).resolve(c.name()).resolve("exit"));
            if (!"Running".equals(r.state) && !"Waiting".equals(r.state)) {
                if ("Terminated".equals(r.state) && policyRestarts(g.spec.restartPolicy(), r.exitCode) && r.finishTime > 0) restart = true;
                continue;
            }
            Optional<String> now = Files.exists(exitFile(r)) ? Optional.empty() : status(g, r);
            if (now.filter("running"::equals).isPresent() && !"Running".equals(r.state)) {
                r.state = "Running";
                changed = true;
            }
            if (now.isPresent()) continue;
            if (!Files.exists(exitFile(r))) sleep(150);   // the shim writes the exit file just after the runtime forgets the container
            if (Files.exists(exitFile(r))) {
                recordExit(r);
            } else {
                // no exit status: the host restarted (the runtime's state on /run is gone); the container should run
                r.state = "Terminated";
                r.exitCode = null;
                r.finishTime = now();
                r.detail = "Host restarted";
            }
            changed = true;
            if (r.exitCode == null || policyRestarts(g.spec.restartPolicy(), r.exitCode)) restart = true;
        }
        if (restart) {
            for (var c : g.spec.containers()) {
                ContainerRecord r = g.containers.get(c.name());
                if ("Terminated".equals(r.state) && (r.exitCode == null || policyRestarts(g.spec.restartPolicy(), r.exitCode))) {
                    GroupRecord.event(r.events, "BackOff", "Restarting container per restart policy " + g.spec.restartPolicy(), "Normal", now());
                    Mounts.unmount(runDir.resolve(g.key).resolve(c.name()).resolve("rootfs"));
                    r.state = "Waiting";
                }
            }
            Outcome o = startAll(id, g, true);
            if (o instanceof Outcome.Failed f) LOG.warning("restarting container group " + g.id + ": " + f.error().message());
        } else if (changed) {
            save(g);
        }
    }

    // ---- the two isolation levels ------------------------------------------------------------------------------

    private static boolean isVm(ContainerGroupSpec spec) { return spec.isolation() == ContainerGroupSpec.Isolation.VirtualMachine; }

    /** Why a VM-isolated group cannot run (yet), if it cannot. */
    private Optional<Outcome> vmRefusal(ContainerGroupSpec spec) {
        String why = null;
        if (vm == null) why = "needs QEMU (qemu-system-x86_64), which this host lacks";
        else if (spec.containers().size() != 1 || !spec.initContainers().isEmpty()) why = "runs exactly one container and no init containers";
        else if (!spec.subnetIds().isEmpty()) why = "cannot be on a subnet yet";
        else if (!spec.volumes().isEmpty()) why = "has no volumes yet";
        if (why != null) {
            return Optional.of(Outcome.failed(new ArmError(ArmErrorCode.InvalidRequestPropertyValue.name(), "A container group of sku '"
                    + spec.sku() + "' (isolated in a virtual machine) " + why + ".", "properties.sku")));
        }
        if (!vm.guest().ready()) {
            vm.guest().buildInBackground();
            Throwable failed = vm.guest().failure();
            if (failed != null) {
                return Optional.of(Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(),
                        "The guest for VM-isolated container groups could not be built: " + failed.getMessage(), null)));
            }
            return Optional.of(Outcome.inProgress(java.time.Duration.ofSeconds(5)));
        }
        return Optional.empty();
    }

    private void attach(ResourceId id, GroupRecord g, ContainerGroupSpec spec) {
        var attachment = isVm(spec) ? network.attachTap(g.key, id, spec.subnetIds()) : network.attach(g.key, id, spec.subnetIds());
        g.ip = attachment.ip();
        g.netnsPath = attachment.netnsPath();
        g.tap = attachment.tap();
        g.gateway = attachment.gateway();
    }

    private void launchVm(GroupRecord g, ContainerGroupSpec.Container c, ContainerRecord r, Path bundle, Path rootfs, List<String> args,
                          List<String> env, String hostname) throws IOException {
        Path log = groupsDir.resolve(g.key).resolve("logs").resolve(c.name() + ".log");
        Files.createDirectories(log.getParent());
        Files.write(log, new byte[0]);
        exitFiles.put(r.runtimeId, bundle.resolve("exit"));
        var amounts = c.enforced();
        vm.launch(bundle, rootfs, log, args, env, hostname, g.tap, g.ip, g.gateway, amounts.memoryBytes(), amounts.cpu());
        if (r.startTime > 0 && r.finishTime > 0) r.restartCount++;
        r.state = "Waiting";
        r.exitCode = null;
        r.finishTime = 0;
        r.startTime = now();
        GroupRecord.event(r.events, "Started", "Started the container's virtual machine", "Normal", now());
    }

    private Optional<String> status(GroupRecord g, ContainerRecord r) {
        return isVm(g.spec) ? vm.status(exitFile(r).getParent()) : runtime.status(r.runtimeId);
    }

    private void kill(GroupRecord g, ContainerRecord r) {
        if (isVm(g.spec)) vm.kill(exitFile(r).getParent());
        else runtime.kill(r.runtimeId, "KILL");
    }

    private void forget(GroupRecord g, ContainerRecord r) {
        if (!isVm(g.spec)) runtime.delete(r.runtimeId);
    }

    private static boolean policyRestarts(String policy, Integer exitCode) {
        return switch (policy) {
            case "Always" -> true;
            case "OnFailure" -> exitCode == null || exitCode != 0;
            default -> false;
        };
    }

    // ---- status --------------------------------------------------------------------------------------------------

    private GroupStatus status(GroupRecord g) {
        List<GroupStatus.ContainerStatus> containers = new ArrayList<>();
        boolean allRunning = true, allEnded = true, allSucceeded = true;
        for (var e : g.containers.entrySet()) {
            ContainerRecord r = e.getValue();
            GroupStatus.State previous = r.previousState == null ? null : new GroupStatus.State(r.previousState, instant(r.previousStart),
                    r.previousExitCode, instant(r.previousFinish), r.previousDetail);
            containers.add(new GroupStatus.ContainerStatus(e.getKey(), r.state, instant(r.startTime), r.exitCode, instant(r.finishTime), r.detail,
                    r.restartCount, previous, events(r.events)));
            if (r.init) continue;
            allRunning &= "Running".equals(r.state);
            allEnded &= "Terminated".equals(r.state);
            allSucceeded &= Integer.valueOf(0).equals(r.exitCode);
        }
        String state = g.stopped ? "Stopped" : allRunning ? "Running" : allEnded ? (allSucceeded ? "Succeeded" : "Failed") : "Pending";
        return new GroupStatus(state, g.ip, containers, events(g.events));
    }

    private static List<GroupStatus.Event> events(List<GroupRecord.EventRecord> records) {
        return records.stream().map(e -> new GroupStatus.Event(e.name, e.message, e.type, e.count, Instant.ofEpochMilli(e.first),
                Instant.ofEpochMilli(e.last))).toList();
    }

    private static Instant instant(long millis) { return millis == 0 ? null : Instant.ofEpochMilli(millis); }

    // ---- persistence --------------------------------------------------------------------------------------------

    private Optional<GroupRecord> load(String key) {
        Path f = groupsDir.resolve(key).resolve("group.json");
        if (!Files.exists(f)) return Optional.empty();
        try {
            GroupRecord g = JSON.readValue(f.toFile(), GroupRecord.class);
            g.containers.forEach((name, r) -> exitFiles.put(r.runtimeId, runDir.resolve(key).resolve(name).resolve("exit")));
            return Optional.of(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save(GroupRecord g) {
        try {
            Path dir = groupsDir.resolve(g.key);
            Files.createDirectories(dir);
            Path tmp = dir.resolve("group.json.tmp");
            JSON.writeValue(tmp.toFile(), g);
            Files.move(tmp, dir.resolve("group.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            g.containers.forEach((name, r) -> exitFiles.put(r.runtimeId, runDir.resolve(g.key).resolve(name).resolve("exit")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object lock(String key) { return locks.computeIfAbsent(key, k -> new Object()); }

    private long now() { return clock.millis(); }

    /** The group's short key: 7 hex digits of its lower-cased id (with the prefix, a host link name fits Linux's 15 characters). */
    static String key(ResourceId id) { return hash(id.key()).substring(0, 7); }

    static String hash(String s) { return ImageStore.sha256(s.getBytes(StandardCharsets.UTF_8)); }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
