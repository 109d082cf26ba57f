package io.strato.server.persistence;

import io.strato.model.ResourceId;
import io.strato.server.boot.ApplianceSettings;
import io.strato.spi.SecretVault;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resource secrets in PostgreSQL, encrypted with AES-256-GCM under the appliance's master key. The key
 * lives outside the database (DATA/secrets/master.key, mode 0600, or the file named by
 * {@code strato.master-key-file}, which replicas share), so a database dump alone reveals nothing.
 * The resource id is bound in as associated data: a ciphertext copied to another resource does not decrypt.
 */
@ApplicationScoped
public class EncryptedSecretVault implements SecretVault {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject DataSource dataSource;
    @Inject ApplianceSettings settings;
    @ConfigProperty(name = "strato.master-key-file") Optional<String> masterKeyFile;

    private SecretKeySpec key;

    @PostConstruct
    void loadKey() {
        Path file = masterKeyFile.map(Path::of).orElse(settings.dataDir().resolve("secrets/master.key"));
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] k = new byte[32];
                RANDOM.nextBytes(k);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(k));
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            key = new SecretKeySpec(Base64.getDecoder().decode(Files.readString(file).trim()), "AES");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the master key " + file, e);
        }
    }

    @Override
    public void put(ResourceId owner, String name, String value) {
        sql("INSERT INTO resource_secret(owner_key, name, ciphertext) VALUES (?, ?, ?) "
                + "ON CONFLICT (owner_key, name) DO UPDATE SET ciphertext = EXCLUDED.ciphertext", p -> {
            p.setString(1, owner.key());
            p.setString(2, name);
            p.setBytes(3, encrypt(owner.key() + "/" + name, value));
            p.executeUpdate();
            return null;
        });
    }

    @Override
    public Map<String, String> get(ResourceId owner) {
        return sql("SELECT name, ciphertext FROM resource_secret WHERE owner_key = ? ORDER BY name", p -> {
            p.setString(1, owner.key());
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.put(r.getString(1), decrypt(owner.key() + "/" + r.getString(1), r.getBytes(2)));
            }
            return out;
        });
    }

    @Override
    public void deleteAll(ResourceId owner) {
        sql("DELETE FROM resource_secret WHERE owner_key = ?", p -> {
            p.setString(1, owner.key());
            p.executeUpdate();
            return null;
        });
    }

    private byte[] encrypt(String aad, String plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    private String decrypt(String aad, byte[] blob) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, blob, 0, 12));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(blob, 12, blob.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret does not decrypt with this appliance's master key", e);
        }
    }

    private interface Sql<T> { T run(PreparedStatement p) throws SQLException; }

    private <T> T sql(String statement, Sql<T> body) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(statement)) {
            return body.run(p);
        } catch (SQLException e) {
            throw new IllegalStateException("secret storage failed", e);
        }
    }
}
