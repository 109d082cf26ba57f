package io.strato.testkit;

import io.strato.model.ResourceId;
import io.strato.spi.SecretVault;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SecretVault} that keeps secrets in memory, for unit tests only: nothing is encrypted and
 * nothing survives the JVM. Owners are matched as {@link ResourceId} matches them, ignoring case.
 */
public final class InMemorySecretVault implements SecretVault {
    private final Map<ResourceId, Map<String, String>> secrets = new ConcurrentHashMap<>();

    @Override
    public void put(ResourceId owner, String name, String value) {
        secrets.computeIfAbsent(owner, o -> new ConcurrentHashMap<>()).put(name, value);
    }

    @Override
    public Map<String, String> get(ResourceId owner) {
        return Map.copyOf(secrets.getOrDefault(owner, Map.of()));
    }

    @Override
    public void deleteAll(ResourceId owner) {
        secrets.remove(owner);
    }

    /** Names the owners only: secret values never appear in logs or assertion messages. */
    @Override
    public String toString() {
        return "InMemorySecretVault[" + secrets.size() + " owners]";
    }
}
