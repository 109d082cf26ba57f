package io.strato.spi;

import java.util.Map;

/**
 * What a driver sees of one resource: whether it exists and read-only facts about it
 * (e.g. {@code primaryEndpoints}), by name. Values are plain JSON-compatible objects.
 */
public record Observation(boolean exists, Map<String, Object> facts) {
    public Observation {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static Observation absent() { return new Observation(false, Map.of()); }

    public static Observation present(Map<String, Object> facts) { return new Observation(true, facts); }
}
