package io.strato.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakSupervisorTest {
    @TempDir Path data;
    @TempDir Path dist;

    private KeycloakSupervisor embedded() {
        return new KeycloakSupervisor(KeycloakSupervisor.Options.embedded(dist, data));
    }

    private KeycloakSupervisor.Options options(Optional<Integer> embeddedPort, Optional<String> dbUrl) {
        return new KeycloakSupervisor.Options(Optional.of(dist), data, Optional.empty(), Optional.empty(), Optional.empty(),
                embeddedPort, dbUrl, dbUrl.map(u -> "kc"), dbUrl.map(u -> "db-secret"));
    }

    @Test
    void theAdminPasswordIsCreatedOnceAndOnlyItsOwnerCanReadIt() throws IOException {
        KeycloakSupervisor first = embedded();
        first.prepareEmbedded();
        KeycloakSupervisor second = embedded();
        second.prepareEmbedded();

        Path file = data.resolve("secrets/keycloak-admin");
        assertThat(first.adminCredentials().username()).isEqualTo("strato-admin");
        assertThat(first.adminCredentials().password()).hasSize(32).isEqualTo(second.adminCredentials().password());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(first.adminCredentials().toString()).doesNotContain(first.adminCredentials().password());
    }

    @Test
    void thePortsAreKeptForTheNextStartSoTheIssuerStaysTheSame() {
        KeycloakSupervisor first = embedded();
        first.prepareEmbedded();
        KeycloakSupervisor second = embedded();
        second.prepareEmbedded();

        assertThat(second.httpPort()).isEqualTo(first.httpPort()).isPositive();
        assertThat(second.managementPort()).isEqualTo(first.managementPort()).isNotEqualTo(first.httpPort());
        assertThat(second.internalUrl()).isEqualTo("http://127.0.0.1:" + first.httpPort());
    }

    @Test
    void aPortTakenByAnotherProgramIsReplaced() throws IOException {
        KeycloakSupervisor first = embedded();
        first.prepareEmbedded();
        try (ServerSocket squatter = new ServerSocket(first.httpPort(), 1, InetAddress.getLoopbackAddress())) {
            KeycloakSupervisor second = embedded();
            second.prepareEmbedded();

            assertThat(second.httpPort()).isNotEqualTo(squatter.getLocalPort());
        }
    }

    @Test
    void keycloakListensOnLoopbackWithItsHostnameFixedToItsUrl() {
        KeycloakSupervisor kc = embedded();
        kc.prepareEmbedded();

        assertThat(kc.command(Path.of("/home"))).containsExactly("/home/bin/kc.sh", "start-dev", "--http-host=127.0.0.1",
                "--http-port=" + kc.httpPort(), "--http-management-port=" + kc.managementPort(), "--hostname=http://127.0.0.1:" + kc.httpPort());
    }

    @Test
    void keycloaksEnvironmentHasNoneOfStratosSettingsAndUsesThisJvm() {
        KeycloakSupervisor kc = embedded();
        kc.prepareEmbedded();
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin", "QUARKUS_HTTP_PORT", "8443", "KC_DB", "oracle",
                "STRATO_DATA", "/x", "JAVA_OPTS", "-Xmx8g", "KEYCLOAK_ADMIN", "root"));

        kc.environment(env);

        assertThat(env).containsEntry("PATH", "/usr/bin")
                .containsEntry("JAVA_HOME", System.getProperty("java.home"))
                .containsEntry("KC_BOOTSTRAP_ADMIN_USERNAME", "strato-admin")
                .containsEntry("KC_BOOTSTRAP_ADMIN_PASSWORD", kc.adminCredentials().password())
                .containsEntry("KC_DB", "dev-file")
                .doesNotContainKeys("QUARKUS_HTTP_PORT", "STRATO_DATA", "JAVA_OPTS", "KEYCLOAK_ADMIN");
    }

    @Test
    void withoutADatabaseKeycloakKeepsH2FilesInTheDataFolder() {
        assertThat(embedded().databaseEnvironment()).containsEntry("KC_DB", "dev-file")
                .hasEntrySatisfying("KC_DB_URL", u -> assertThat(u).startsWith("jdbc:h2:file:" + data.resolve("keycloak/h2/keycloakdb")));
    }

    @Test
    void theEmbeddedPostgresqlIsUsedThroughItsKeycloakDatabase() {
        assertThat(new KeycloakSupervisor(options(Optional.of(5433), Optional.empty())).databaseEnvironment())
                .containsExactly(Map.entry("KC_DB", "postgres"), Map.entry("KC_DB_URL", "jdbc:postgresql://127.0.0.1:5433/keycloak"),
                        Map.entry("KC_DB_USERNAME", "postgres"));
    }

    @Test
    void aConfiguredDatabaseWinsOverTheEmbeddedOne() {
        KeycloakSupervisor kc = new KeycloakSupervisor(options(Optional.of(5433), Optional.of("jdbc:postgresql://db:5432/kc")));

        assertThat(kc.databaseEnvironment()).containsEntry("KC_DB", "postgres").containsEntry("KC_DB_URL", "jdbc:postgresql://db:5432/kc")
                .containsEntry("KC_DB_USERNAME", "kc").containsEntry("KC_DB_PASSWORD", "db-secret");
        assertThat(options(Optional.empty(), Optional.of("jdbc:postgresql://db/kc")).toString()).doesNotContain("db-secret");
    }

    @Test
    void jdbcUrlsNameTheirKeycloakDatabaseVendor() {
        assertThat(KeycloakSupervisor.vendorOf("jdbc:postgresql://h/db")).isEqualTo("postgres");
        assertThat(KeycloakSupervisor.vendorOf("jdbc:mariadb://h/db")).isEqualTo("mariadb");
        assertThat(KeycloakSupervisor.vendorOf("jdbc:h2:file:/x")).isEqualTo("dev-file");
        assertThatThrownBy(() -> KeycloakSupervisor.vendorOf("jdbc:db2://h/db")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withNothingConfiguredIdentityIsUnavailableAtOnce() {
        KeycloakSupervisor kc = new KeycloakSupervisor(new KeycloakSupervisor.Options(Optional.empty(), data, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        kc.start();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> kc.awaitReady(Duration.ofMinutes(1))).isInstanceOf(IdentityUnavailableException.class)
                .hasMessageContaining("strato.keycloak.home");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(kc::internalUrl).isInstanceOf(IdentityUnavailableException.class);
        assertThat(kc.isReady()).isFalse();
    }

    @Test
    void anExternalKeycloakNeedsAdminCredentials() {
        KeycloakSupervisor kc = new KeycloakSupervisor(new KeycloakSupervisor.Options(Optional.empty(), data, Optional.of("http://kc:8080/"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        kc.start();

        assertThatThrownBy(() -> kc.awaitReady(Duration.ofSeconds(30))).hasMessageContaining("strato.identity.admin-username");
    }

    @Test
    void anExternalKeycloakIsUsedAsConfigured() {
        KeycloakSupervisor kc = new KeycloakSupervisor(new KeycloakSupervisor.Options(Optional.empty(), data, Optional.of("http://127.0.0.1:9/"),
                Optional.of("admin"), Optional.of("pw"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        kc.start();
        try {
            assertThat(kc.internalUrl()).isEqualTo("http://127.0.0.1:9");
            assertThat(kc.adminCredentials()).isEqualTo(new KeycloakSupervisor.AdminCredentials("admin", "pw"));
            assertThatThrownBy(() -> kc.awaitReady(Duration.ofMillis(300))).isInstanceOf(IdentityUnavailableException.class);
        } finally {
            kc.stop();
        }
    }

    @Test
    void aPrivateHomeLinksTheDistributionsJarsAndCopiesWhatKeycloakRewrites() throws IOException {
        FakeKeycloak.distribution(dist, "26.7.3");
        Path home = data.resolve("home");

        KeycloakHome.prepare(dist, home);

        assertThat(Files.isSymbolicLink(home.resolve("lib/lib"))).isTrue();
        assertThat(Files.isSymbolicLink(home.resolve("themes"))).isTrue();
        assertThat(Files.isSymbolicLink(home.resolve("bin/kc.sh"))).isFalse();
        assertThat(Files.isExecutable(home.resolve("bin/kc.sh"))).isTrue();
        assertThat(Files.isDirectory(home.resolve("lib/quarkus"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isDirectory(home.resolve("conf"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(home.resolve("lib/quarkus/build-system.properties")).exists();
    }

    @Test
    void aPrivateHomeIsKeptUntilTheDistributionChanges() throws IOException {
        FakeKeycloak.distribution(dist, "26.7.3");
        Path home = data.resolve("home");
        KeycloakHome.prepare(dist, home);
        Files.writeString(home.resolve("lib/quarkus/generated-bytecode.jar"), "augmented");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/keep"), "x");

        KeycloakHome.prepare(dist, home);
        assertThat(home.resolve("lib/quarkus/generated-bytecode.jar")).hasContent("augmented");

        Files.writeString(dist.resolve("version.txt"), "Keycloak - Version 26.8.0");
        KeycloakHome.prepare(dist, home);
        assertThat(home.resolve("lib/quarkus/generated-bytecode.jar")).doesNotExist();
        assertThat(home.resolve("data/keep")).exists();
        assertThat(dist.resolve("lib/lib/marker")).exists();
    }

    @Test
    void anIncompleteDistributionIsNotUsed() {
        assertThatThrownBy(() -> KeycloakHome.prepare(dist, data.resolve("home"))).isInstanceOf(IOException.class).hasMessageContaining("kc.sh");
    }

    @Test
    void aKeycloakThatDiesIsRestartedAndAStoppedOneIsGone() throws Exception {
        FakeKeycloak.distribution(dist, "26.7.3");
        KeycloakSupervisor kc = embedded();
        kc.start();
        try {
            kc.awaitReady(Duration.ofSeconds(60));
            String url = kc.internalUrl();
            ProcessHandle first = kc.process().orElseThrow();

            first.destroyForcibly();
            first.onExit().get();
            long t0 = System.nanoTime();
            while (kc.isReady() && System.nanoTime() - t0 < 10_000_000_000L) Thread.sleep(50);
            kc.awaitReady(Duration.ofSeconds(60));

            ProcessHandle second = kc.process().orElseThrow();
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(kc.internalUrl()).isEqualTo(url);
            assertThat(Files.readString(data.resolve("logs/keycloak.log")))
                    .contains("fake keycloak on " + kc.httpPort())
                    .contains("admin=strato-admin db=dev-file quarkus=null")
                    .doesNotContain(kc.adminCredentials().password());

            kc.stop();
            assertThat(second.isAlive()).isFalse();
            assertThat(kc.isReady()).isFalse();
            assertThat(data.resolve("keycloak/keycloak.pid")).doesNotExist();
        } finally {
            kc.stop();
        }
    }

    @Test
    void aKeycloakLeftRunningByAKilledStratoIsStoppedOnTheNextStartButNothingElse() throws Exception {
        Path runtime = data.resolve("keycloak/runtime");
        Files.createDirectories(runtime);
        Path pidFile = data.resolve("keycloak/keycloak.pid");
        // a process whose command line names this appliance's Keycloak home, as kc.sh and its java do
        Process orphan = new ProcessBuilder("sh", "-c", "sleep 300; true", runtime.toString()).start();
        Process stranger = new ProcessBuilder("sh", "-c", "sleep 300; true").start();
        try {
            Files.writeString(pidFile, Long.toString(orphan.pid()));
            embedded().prepareEmbedded();
            assertThat(orphan.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(pidFile).doesNotExist();

            Files.writeString(pidFile, Long.toString(stranger.pid()));
            embedded().prepareEmbedded();
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            orphan.destroyForcibly();
            stranger.destroyForcibly();
        }
    }
}
