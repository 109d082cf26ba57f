package io.strato.provider.compute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs links to public content (a VM's serial log) so that only whoever was handed the link can read it, until it
 * expires: HMAC-SHA256 over the path and the expiry, with a random key kept in the provider's data folder (0600).
 */
final class ContentSigner {
    private final byte[] key;

    ContentSigner(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.getParent());
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                Path temp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
                Files.write(temp, k);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                Files.move(temp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            this.key = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the content signing key " + keyFile, e);
        }
    }

    /** The query string ({@code se=...&sig=...}) that lets {@code path} be read until {@code expiry}. */
    String sign(String path, Instant expiry) {
        long se = expiry.getEpochSecond();
        return "se=" + se + "&sig=" + mac(path + "\n" + se);
    }

    /** Whether {@code se} and {@code sig} were made by {@link #sign} for {@code path} and have not expired. */
    boolean verify(String path, String se, String sig, Instant now) {
        if (se == null || sig == null) return false;
        try {
            long expiry = Long.parseLong(se);
            if (now.getEpochSecond() > expiry) return false;
            return MessageDigest.isEqual(mac(path + "\n" + expiry).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String mac(String text) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
