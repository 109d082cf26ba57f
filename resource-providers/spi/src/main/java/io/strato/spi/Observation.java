package io.strato.spi;

import java.util.Map;

/**
 * What a driver sees of one resource: whether it exists and read-only facts about it
 * (e.g. {@code primaryEndpoints}), by name. Values are plain JSON-compatible objects.
 *
 * <p>{@code observed} is false when the server renders many resources at once (a list page) and did not ask the
 * driver: a handler must then render from the spec alone, without I/O, so a page costs the same for every type.
 */
public record Observation(boolean exists, Map<String, Object> facts, boolean observed) {
    public Observation {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public Observation(boolean exists, Map<String, Object> facts) { this(exists, facts, true); }

    public static Observation absent() { return new Observation(false, Map.of()); }

    public static Observation present(Map<String, Object> facts) { return new Observation(true, facts); }

    /** A stored resource rendered without asking its driver (list pages). */
    public static Observation notObserved() { return new Observation(true, Map.of(), false); }
}
