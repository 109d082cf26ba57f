package io.strato.server.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * A private Keycloak home for one appliance, built from a shared, read-only Keycloak distribution.
 *
 * <p>{@code kc.sh start-dev} re-augments the server whenever a build-time option (such as the database
 * vendor) differs from the last build, and it writes the result into {@code lib/quarkus} of its home. Several
 * Keycloaks started from one unpacked distribution with different options would overwrite each other's build
 * there, and pay about 25-40 s of re-augmentation on every start. So each appliance gets its own home: the
 * large jar folders ({@code lib/lib}, {@code lib/app}, {@code themes}) are symbolic links into the
 * distribution, while {@code bin/kc.sh} (it resolves its home from its own real path), {@code lib/quarkus},
 * {@code lib/quarkus-run.jar} and {@code conf} are copies, about 5 MB.
 */
final class KeycloakHome {
    private static final String MARKER = ".strato-distribution";

    private KeycloakHome() {}

    /**
     * Makes {@code home} a runnable Keycloak home for {@code distribution} and returns it. Does nothing when it
     * already is one for the same distribution and version; otherwise rebuilds it, keeping its {@code data}.
     *
     * @throws IOException when the distribution is incomplete (for instance still being unpacked)
     */
    static Path prepare(Path distribution, Path home) throws IOException {
        Path kcSh = distribution.resolve("bin/kc.sh");
        Path version = distribution.resolve("version.txt");
        if (!Files.isRegularFile(kcSh) || !Files.isRegularFile(version) || !Files.isRegularFile(distribution.resolve("lib/quarkus-run.jar"))) {
            throw new IOException("no Keycloak distribution at " + distribution + " (bin/kc.sh, version.txt or lib/quarkus-run.jar missing)");
        }
        String identity = distribution.toRealPath() + "\n" + Files.readString(version, StandardCharsets.UTF_8).trim() + "\n";
        Path marker = home.resolve(MARKER);
        if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(identity)
                && Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Files.createDirectories(home);
        Files.deleteIfExists(marker);
        for (String part : new String[] {"bin", "lib", "conf", "themes", "providers", "version.txt"}) deleteTree(home.resolve(part));

        Files.createDirectories(home.resolve("bin"));
        Files.copy(kcSh, home.resolve("bin/kc.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(home.resolve("bin/kc.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve("lib"));
        Path real = distribution.toRealPath();
        Files.createSymbolicLink(home.resolve("lib/lib"), real.resolve("lib/lib"));
        if (Files.isDirectory(real.resolve("lib/app"))) Files.createSymbolicLink(home.resolve("lib/app"), real.resolve("lib/app"));
        Files.copy(real.resolve("lib/quarkus-run.jar"), home.resolve("lib/quarkus-run.jar"));
        copyTree(real.resolve("lib/quarkus"), home.resolve("lib/quarkus"));
        copyTree(real.resolve("conf"), home.resolve("conf"));
        Files.createSymbolicLink(home.resolve("themes"), real.resolve("themes"));
        Files.createSymbolicLink(home.resolve("providers"), real.resolve("providers"));
        Files.copy(version, home.resolve("version.txt"));
        Files.writeString(marker, identity, StandardCharsets.UTF_8);
        return home;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.createDirectories(to);
            return;
        }
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Deletes a file, a symbolic link (not what it points to) or a folder tree. */
    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
