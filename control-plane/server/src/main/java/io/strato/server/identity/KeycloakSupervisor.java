package io.strato.server.identity;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strato.server.boot.ApplianceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Runs and watches the Keycloak that backs the appliance's identity, or points at an external one.
 *
 * <p><b>Embedded</b> (config {@code strato.identity.keycloak-url} not set): on start-up, without blocking it,
 * runs {@code ${strato.keycloak.home}/bin/kc.sh start-dev} from a private home under {@code DATA/keycloak/runtime}
 * (see {@link KeycloakHome}) on 127.0.0.1 and two free ports (kept in {@code DATA/keycloak/ports.properties} and
 * reused while free, because the token issuer contains the port), with the JVM that runs Strato. Its database is,
 * in order: {@code strato.identity.keycloak-db-url/-username/-password}; the {@code keycloak} database of the
 * embedded PostgreSQL when {@code strato.embedded-db.port} is set; else H2 files under {@code DATA/keycloak/h2}.
 * The master realm's admin is {@value #ADMIN_USERNAME}, with a random password created on first start and kept
 * in {@code DATA/secrets/keycloak-admin} (mode 0600). Keycloak's output goes to {@code DATA/logs/keycloak.log}.
 * If the process dies it is restarted with exponential backoff (1 s to 60 s); on shutdown it gets SIGTERM and,
 * after 20 s, SIGKILL. A Keycloak left running by a Strato that was killed is stopped on the next start.
 *
 * <p><b>External</b> ({@code strato.identity.keycloak-url} set): uses it, with the master-realm admin
 * credentials {@code strato.identity.admin-username/-password}, and only watches whether it answers.
 *
 * <p>Ready means: {@code GET /realms/master/.well-known/openid-configuration} answers 200.
 */
@ApplicationScoped
public class KeycloakSupervisor {
    private static final Logger LOG = Logger.getLogger(KeycloakSupervisor.class);
    /** The master-realm admin of an embedded Keycloak. */
    public static final String ADMIN_USERNAME = "strato-admin";
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final long MAX_BACKOFF_MS = 60_000;
    private static final long MAX_LOG_BYTES = 20L << 20;

    /** Where Keycloak comes from and what it uses; read once from config. */
    public record Options(
            Optional<Path> distribution,
            Path dataDir,
            Optional<String> externalUrl,
            Optional<String> externalAdminUsername,
            Optional<String> externalAdminPassword,
            Optional<Integer> embeddedDbPort,
            Optional<String> dbUrl,
            Optional<String> dbUsername,
            Optional<String> dbPassword) {

        /** Reads {@code strato.keycloak.home}, {@code strato.identity.*} and {@code strato.embedded-db.port}. */
        public static Options fromConfig(Config config, Path dataDir) {
            return new Options(
                    config.getOptionalValue("strato.keycloak.home", String.class).map(Path::of),
                    dataDir,
                    config.getOptionalValue("strato.identity.keycloak-url", String.class),
                    config.getOptionalValue("strato.identity.admin-username", String.class),
                    config.getOptionalValue("strato.identity.admin-password", String.class),
                    config.getOptionalValue("strato.embedded-db.port", Integer.class),
                    config.getOptionalValue("strato.identity.keycloak-db-url", String.class),
                    config.getOptionalValue("strato.identity.keycloak-db-username", String.class),
                    config.getOptionalValue("strato.identity.keycloak-db-password", String.class));
        }

        /** An embedded Keycloak from {@code distribution} with its H2 files under {@code dataDir}. */
        public static Options embedded(Path distribution, Path dataDir) {
            return new Options(Optional.of(distribution), dataDir, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        boolean external() { return externalUrl.isPresent(); }

        @Override
        public String toString() {
            return "Options[distribution=" + distribution + ", dataDir=" + dataDir + ", externalUrl=" + externalUrl
                    + ", embeddedDbPort=" + embeddedDbPort + ", dbUrl=" + dbUrl + "]";
        }
    }

    /** Master-realm admin credentials. Its text never shows the password. */
    public record AdminCredentials(String username, String password) {
        @Override
        public String toString() { return "AdminCredentials[username=" + username + ", password=***]"; }
    }

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Object readiness = new Object();
    private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();
    private volatile boolean ready;
    private volatile boolean stopping;
    private volatile Process process;
    private volatile String internalUrl;
    private volatile AdminCredentials admin;
    private volatile String unavailableReason = "Keycloak has not been started yet";
    private volatile boolean unconfigured;
    private Thread watcher;
    private int httpPort;
    private int managementPort;

    @Inject
    KeycloakSupervisor(Config config, ApplianceSettings settings) {
        this(Options.fromConfig(config, settings.dataDir()));
    }

    /** For tests and for callers outside CDI: nothing happens until {@link #start()}. */
    public KeycloakSupervisor(Options options) {
        this.options = options;
    }

    void onStart(@Observes StartupEvent event) { start(); }

    void onStop(@Observes ShutdownEvent event) { stop(); }

    /**
     * Starts Keycloak (or the watch of an external one) on a background thread and returns at once.
     * Calling it again does nothing.
     */
    public synchronized void start() {
        if (watcher != null || stopping) return;
        if (options.external()) {
            internalUrl = options.externalUrl().get().replaceAll("/+$", "");
            if (options.externalAdminUsername().isEmpty() || options.externalAdminPassword().isEmpty()) {
                unavailableReason = "strato.identity.keycloak-url is set but strato.identity.admin-username/-password are not";
                LOG.error("Identity is not available: " + unavailableReason);
                unconfigured = true;
                return;
            }
            admin = new AdminCredentials(options.externalAdminUsername().get(), options.externalAdminPassword().get());
            unavailableReason = "the external Keycloak at " + internalUrl + " does not answer yet";
            watcher = new Thread(this::watchExternal, "keycloak-watch");
        } else if (options.distribution().isEmpty()) {
            unavailableReason = "no Keycloak configured: set strato.keycloak.home (a Keycloak distribution) "
                    + "or strato.identity.keycloak-url (an external Keycloak)";
            LOG.warn("Identity is not available: " + unavailableReason);
            unconfigured = true;
            return;
        } else {
            prepareEmbedded();
            unavailableReason = "Keycloak is starting";
            watcher = new Thread(this::superviseEmbedded, "keycloak-supervisor");
        }
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The quick, synchronous part of starting an embedded Keycloak: admin secret, leftovers, ports. */
    synchronized void prepareEmbedded() {
        admin = new AdminCredentials(ADMIN_USERNAME, Secrets.readOrCreate(adminSecretFile(), 32));
        stopLeftover();
        choosePorts();
    }

    /**
     * Stops the embedded Keycloak: SIGTERM, then SIGKILL after 20 s. Waits until it is gone. Also ends the
     * watch of an external one. Calling it again does nothing.
     */
    public void stop() {
        Thread w;
        synchronized (this) {
            if (stopping) return;
            stopping = true;
            w = watcher;
        }
        setReady(false);
        unavailableReason = "Strato is shutting down";
        if (w != null) w.interrupt();
        Process p = process;
        if (p != null) terminate(p.toHandle(), STOP_GRACE);
        if (w != null) {
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            LOG.debug("cannot delete " + pidFile(), e);
        }
    }

    /** Whether Keycloak answered its readiness probe and has not been seen down since. */
    public boolean isReady() { return ready; }

    /**
     * Waits until Keycloak is ready.
     *
     * @throws IdentityUnavailableException when it is not ready within {@code timeout}, or not configured
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (readiness) {
            while (!ready) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stopping || unconfigured) {
                    throw new IdentityUnavailableException("Keycloak is not ready after " + timeout.toSeconds() + " s: " + unavailableReason);
                }
                try {
                    readiness.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IdentityUnavailableException("interrupted while waiting for Keycloak");
                }
            }
        }
    }

    /**
     * Keycloak's base URL as Strato reaches it, without a trailing slash, e.g. {@code http://127.0.0.1:40123}.
     * For the embedded Keycloak this is also its configured hostname, so the issuer of its tokens is
     * {@code internalUrl() + "/realms/" + tenant}. Known right after {@link #start()}, before Keycloak is ready.
     *
     * @throws IdentityUnavailableException when no Keycloak is configured
     */
    public String internalUrl() {
        String url = internalUrl;
        if (url == null) throw new IdentityUnavailableException(unavailableReason);
        return url;
    }

    /** The master-realm admin credentials. Never log them. */
    public AdminCredentials adminCredentials() {
        AdminCredentials a = admin;
        if (a == null) throw new IdentityUnavailableException(unavailableReason);
        return a;
    }

    /**
     * Runs {@code listener} on the supervisor's thread each time Keycloak becomes ready (after a start or a
     * restart). It is not run for a readiness that happened before it was added: check {@link #isReady()}.
     */
    public void onReady(Runnable listener) { readyListeners.add(listener); }

    /** The embedded Keycloak's process while it runs (for tests and diagnostics). */
    Optional<ProcessHandle> process() {
        Process p = process;
        return p == null || !p.isAlive() ? Optional.empty() : Optional.of(p.toHandle());
    }

    synchronized int httpPort() { return httpPort; }

    synchronized int managementPort() { return managementPort; }

    /** The HTTP client for Keycloak calls (HTTP/1.1, 5 s connect timeout). */
    HttpClient http() { return http; }

    /** The data folder this supervisor works in. */
    Path dataDir() { return options.dataDir(); }

    Path logFile() { return options.dataDir().resolve("logs/keycloak.log"); }

    Path adminSecretFile() { return options.dataDir().resolve("secrets/keycloak-admin"); }

    private Path keycloakDir() { return options.dataDir().resolve("keycloak"); }

    private Path pidFile() { return keycloakDir().resolve("keycloak.pid"); }

    private Path portsFile() { return keycloakDir().resolve("ports.properties"); }

    /** The command line (no secrets on it: those go into the environment). */
    List<String> command(Path home) {
        return List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname=" + internalUrl);
    }

    /** Makes {@code env} (inherited from Strato) Keycloak's environment: strips Strato's, adds Keycloak's. */
    void environment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("KEYCLOAK_") || k.startsWith("QUARKUS_")
                || k.startsWith("STRATO_") || k.startsWith("JAVA_OPTS") || k.equals("JAVA_ADD_OPENS")
                || k.equals("JAVA_LOCALE") || k.equals("JAVA") || k.equals("DEBUG") || k.equals("DEBUG_PORT")
                || k.equals("PRINT_ENV"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", admin.username());
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", admin.password());
        env.putAll(databaseEnvironment());
    }

    /** {@code KC_DB*} variables for the configured database (see the class comment for the order). */
    Map<String, String> databaseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (options.dbUrl().isPresent()) {
            String url = options.dbUrl().get();
            env.put("KC_DB", vendorOf(url));
            env.put("KC_DB_URL", url);
            options.dbUsername().ifPresent(u -> env.put("KC_DB_USERNAME", u));
            options.dbPassword().ifPresent(p -> env.put("KC_DB_PASSWORD", p));
        } else if (options.embeddedDbPort().isPresent()) {
            env.put("KC_DB", "postgres");
            env.put("KC_DB_URL", "jdbc:postgresql://127.0.0.1:" + options.embeddedDbPort().get() + "/keycloak");
            env.put("KC_DB_USERNAME", "postgres");
        } else {
            env.put("KC_DB", "dev-file");
            env.put("KC_DB_URL", "jdbc:h2:file:" + keycloakDir().resolve("h2/keycloakdb").toAbsolutePath()
                    + ";NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE");
        }
        return env;
    }

    static String vendorOf(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(java.util.Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) return "postgres";
        if (u.startsWith("jdbc:mariadb:")) return "mariadb";
        if (u.startsWith("jdbc:mysql:")) return "mysql";
        if (u.startsWith("jdbc:sqlserver:")) return "mssql";
        if (u.startsWith("jdbc:oracle:")) return "oracle";
        if (u.startsWith("jdbc:h2:mem:")) return "dev-mem";
        if (u.startsWith("jdbc:h2:")) return "dev-file";
        throw new IllegalArgumentException("strato.identity.keycloak-db-url: unsupported database " + jdbcUrl);
    }

    // ---------------------------------------------------------------------------------------------------- embedded

    private void superviseEmbedded() {
        long backoff = 1_000;
        while (!stopping) {
            long started = System.nanoTime();
            try {
                Process p = launch();
                waitUntilReady(p, started);
                int code = p.waitFor();
                setReady(false);
                if (stopping) break;
                unavailableReason = "Keycloak exited with code " + code + "; see " + logFile();
                LOG.warnf("Keycloak (pid %d) exited with code %d; see %s", p.pid(), code, logFile());
            } catch (InterruptedException e) {
                if (stopping) break;
                Thread.currentThread().interrupt();
                LOG.warn("Keycloak supervisor interrupted; no longer watching Keycloak");
                break;
            } catch (IOException | RuntimeException e) {
                if (stopping) break;
                unavailableReason = "cannot start Keycloak: " + e.getMessage();
                LOG.errorf("Cannot start Keycloak: %s", e.getMessage());
            }
            if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(5)) backoff = 1_000;
            LOG.infof("Restarting Keycloak in %d s", backoff / 1000);
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            synchronized (this) {
                if (!stopping) choosePorts();
            }
        }
    }

    private Process launch() throws IOException {
        Path home = KeycloakHome.prepare(options.distribution().get(), keycloakDir().resolve("runtime"));
        Path log = logFile();
        Files.createDirectories(log.getParent());
        if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
            Files.move(log, log.resolveSibling("keycloak.log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb = new ProcessBuilder(command(home))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment(pb.environment());
        Process p;
        synchronized (this) {
            if (stopping) throw new IOException("shutting down");
            p = pb.start();
            process = p;
        }
        Files.writeString(pidFile(), Long.toString(p.pid()));
        LOG.infof("Starting Keycloak (pid %d) on %s with database %s; its output goes to %s",
                p.pid(), internalUrl, databaseEnvironment().get("KC_DB"), log);
        return p;
    }

    private void waitUntilReady(Process p, long startedNanos) throws InterruptedException {
        URI probe = URI.create(internalUrl + "/realms/master/.well-known/openid-configuration");
        while (p.isAlive() && !stopping) {
            if (answers(probe)) {
                LOG.infof("Keycloak ready on %s after %.1f s", internalUrl, (System.nanoTime() - startedNanos) / 1e9);
                setReady(true);
                return;
            }
            Thread.sleep(500);
        }
    }

    /** Chooses the HTTP and management ports: the last ones while they are free, otherwise new free ones. */
    private void choosePorts() {
        Properties saved = new Properties();
        Path file = portsFile();
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    saved.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int http = Integer.parseInt(saved.getProperty("http", "0"));
        int management = Integer.parseInt(saved.getProperty("management", "0"));
        if (http <= 0 || !isFree(http)) {
            if (http > 0) LOG.warnf("Keycloak's port %d is taken; choosing another (tokens issued before are no longer accepted)", http);
            http = freePort(-1);
        }
        if (management <= 0 || management == http || !isFree(management)) management = freePort(http);
        httpPort = http;
        managementPort = management;
        internalUrl = "http://127.0.0.1:" + http;
        saved.setProperty("http", Integer.toString(http));
        saved.setProperty("management", Integer.toString(management));
        try (OutputStream out = Files.newOutputStream(file)) {
            saved.store(out, "ports of the embedded Keycloak; the HTTP port is part of its token issuer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(int not) {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (s.getLocalPort() != not) return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port", e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** Stops a Keycloak that a previous, killed Strato left running on this data folder. */
    private void stopLeftover() {
        Path file = pidFile();
        if (!Files.exists(file)) return;
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            String home = keycloakDir().resolve("runtime").toAbsolutePath().toString();
            ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(home)).orElse(false))
                    .ifPresent(h -> {
                        LOG.warnf("Stopping Keycloak (pid %d) left running by a previous Strato", pid);
                        terminate(h, STOP_GRACE);
                    });
            Files.deleteIfExists(file);
        } catch (IOException | NumberFormatException e) {
            LOG.debugf("ignoring %s: %s", file, e.getMessage());
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL to the process and everything it started. */
    private static void terminate(ProcessHandle p, Duration grace) {
        List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
        p.destroy();
        try {
            p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warnf("Keycloak (pid %d) did not stop within %d s; killing it", p.pid(), grace.toSeconds());
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    // ---------------------------------------------------------------------------------------------------- external

    private void watchExternal() {
        URI probe = URI.create(internalUrl + "/realms/master/.well-known/openid-configuration");
        while (!stopping) {
            boolean up = answers(probe);
            if (up != ready) {
                if (up) LOG.infof("External Keycloak at %s is ready", internalUrl);
                else LOG.warnf("External Keycloak at %s does not answer", internalUrl);
                unavailableReason = "the external Keycloak at " + internalUrl + " does not answer";
                setReady(up);
            }
            try {
                Thread.sleep(up ? 15_000 : 2_000);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- common

    private boolean answers(URI probe) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void setReady(boolean value) {
        boolean became;
        synchronized (readiness) {
            became = value && !ready;
            ready = value;
            readiness.notifyAll();
        }
        if (!became) return;
        for (Runnable l : readyListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.error("A Keycloak-ready listener failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "KeycloakSupervisor[" + (internalUrl == null ? "not started" : internalUrl) + (ready ? ", ready" : "") + "]";
    }
}
