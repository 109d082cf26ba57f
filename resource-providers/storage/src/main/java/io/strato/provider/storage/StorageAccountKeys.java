package io.strato.provider.storage;

import io.strato.model.ResourceId;
import io.strato.spi.SecretVault;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The two access keys of every storage account, kept in the {@link SecretVault} as {@code key1}/{@code key2}
 * with their creation times as {@code key1.creationTime}/{@code key2.creationTime}. A key is 64 random bytes
 * from {@link SecureRandom}, base64-encoded as Azure's are. Key values are never logged.
 */
public final class StorageAccountKeys {
    /** The key names, in the order Azure lists them. */
    public static final List<String> NAMES = List.of("key1", "key2");
    private static final String CREATION_TIME = ".creationTime";
    private static final int KEY_BYTES = 64;

    private final SecretVault vault;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public StorageAccountKeys(SecretVault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    /** One access key; {@link #toString()} hides the value. */
    public record AccountKey(String name, String value, Instant creationTime) {
        @Override
        public String toString() { return "AccountKey[" + name + ", created " + creationTime + "]"; }
    }

    /** Generates whichever of the two keys the account does not have yet. Idempotent. */
    public void ensure(ResourceId account) {
        Map<String, String> stored = vault.get(account);
        for (String name : NAMES) {
            if (!stored.containsKey(name)) generate(account, name);
        }
    }

    /** Both keys, generating any that are missing. */
    public List<AccountKey> list(ResourceId account) {
        ensure(account);
        Map<String, String> stored = vault.get(account);
        List<AccountKey> keys = new ArrayList<>();
        for (String name : NAMES) keys.add(new AccountKey(name, stored.get(name), creationTime(stored, name)));
        return keys;
    }

    /** Replaces one key ({@code key1} or {@code key2}) with a new random one and returns both. */
    public List<AccountKey> regenerate(ResourceId account, String name) {
        if (!NAMES.contains(name)) throw new IllegalArgumentException("no such key: " + name);
        generate(account, name);
        return list(account);
    }

    /** When each existing key was made, by key name; empty when the account has no keys. */
    public Map<String, Instant> creationTimes(ResourceId account) {
        Map<String, String> stored = vault.get(account);
        Map<String, Instant> times = new java.util.LinkedHashMap<>();
        for (String name : NAMES) {
            Instant t = creationTime(stored, name);
            if (t != null) times.put(name, t);
        }
        return times;
    }

    /** Forgets both keys. Idempotent. */
    public void delete(ResourceId account) {
        vault.deleteAll(account);
    }

    private void generate(ResourceId account, String name) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        vault.put(account, name, Base64.getEncoder().encodeToString(bytes));
        vault.put(account, name + CREATION_TIME, clock.instant().toString());
    }

    private static Instant creationTime(Map<String, String> stored, String name) {
        String text = stored.get(name + CREATION_TIME);
        return text == null ? null : Instant.parse(text);
    }

    @Override
    public String toString() { return "StorageAccountKeys"; }
}
