package io.strato.spi;

import io.strato.model.ResourceId;
import java.util.Map;

/**
 * Secrets that belong to one resource (account keys, passwords), stored encrypted at rest and never logged.
 * Every method is idempotent.
 */
public interface SecretVault {
    void put(ResourceId owner, String name, String value);

    /** All secrets of the resource, by name; empty when none. */
    Map<String, String> get(ResourceId owner);

    void deleteAll(ResourceId owner);
}
