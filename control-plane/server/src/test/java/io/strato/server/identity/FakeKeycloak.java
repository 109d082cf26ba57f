package io.strato.server.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in Keycloak distribution whose {@code bin/kc.sh} starts a tiny Java HTTP server (single-file source
 * program) answering the readiness probe on {@code --http-port}: supervision tests run in seconds.
 */
final class FakeKeycloak {
    private FakeKeycloak() {}

    static void distribution(Path dist, String version) throws IOException {
        Files.createDirectories(dist.resolve("bin"));
        Files.createDirectories(dist.resolve("lib/lib"));
        Files.createDirectories(dist.resolve("lib/quarkus"));
        Files.createDirectories(dist.resolve("conf"));
        Files.createDirectories(dist.resolve("themes"));
        Files.createDirectories(dist.resolve("providers"));
        Files.writeString(dist.resolve("version.txt"), "Keycloak - Version " + version);
        Files.writeString(dist.resolve("lib/quarkus-run.jar"), "not a jar");
        Files.writeString(dist.resolve("lib/quarkus/build-system.properties"), "quarkus.version=0\n");
        Files.writeString(dist.resolve("lib/lib/marker"), "shared");
        Files.writeString(dist.resolve("conf/keycloak.conf"), "# fake\n");
        Files.writeString(dist.resolve("lib/lib/FakeKeycloakServer.java"), """
                import com.sun.net.httpserver.HttpServer;
                import java.net.InetSocketAddress;

                public class FakeKeycloakServer {
                    public static void main(String[] args) throws Exception {
                        int port = Integer.parseInt(args[0]);
                        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                        s.createContext("/realms/master/.well-known/openid-configuration", x -> {
                            byte[] b = "{}".getBytes();
                            x.sendResponseHeaders(200, b.length);
                            x.getResponseBody().write(b);
                            x.close();
                        });
                        s.start();
                        System.out.println("fake keycloak on " + port);
                        System.out.println("admin=" + System.getenv("KC_BOOTSTRAP_ADMIN_USERNAME") + " db=" + System.getenv("KC_DB")
                                + " quarkus=" + System.getenv("QUARKUS_HTTP_PORT"));
                    }
                }
                """);
        Path kc = dist.resolve("bin/kc.sh");
        Files.writeString(kc, """
                #!/bin/sh
                for a in "$@"; do case "$a" in --http-port=*) PORT="${a#--http-port=}";; esac; done
                HOME_DIR="$(dirname "$(readlink -f "$0")")/.."
                exec "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -Xshare:auto "$HOME_DIR/lib/lib/FakeKeycloakServer.java" "$PORT"
                """);
        Files.setPosixFilePermissions(kc, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
