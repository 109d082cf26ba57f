package io.strato.server.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Random secrets and the small files that keep them. Nothing here ever logs a secret's value. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Secrets() {}

    /**
     * A random string of letters and digits (about 5.95 bits each). Letters and digits only, so a secret
     * never starts with {@code -} (argparse in az would take it for an option) and needs no quoting.
     */
    static String random(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return b.toString();
    }

    /**
     * The secret kept in {@code file}; on first use a new random one of {@code length} characters, written
     * with mode 0600 (the folder gets 0700) before anyone can read it.
     */
    static String readOrCreate(Path file, int length) {
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            String secret = random(length);
            Path tmp = Files.createTempFile(dir, ".secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
                try {
                    // a hard link never replaces an existing file: if another process got there first, its secret wins
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    return Files.readString(file, StandardCharsets.UTF_8).trim();
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + file, e);
        }
    }
}
