package io.strato.template.function;

/** Restrictions on where a function may be used. */
public enum FunctionFlag {
    /** Needs deployed resources (reference, list*): evaluated through the RuntimeLookup at execution time. */
    RUNTIME,
    /** Only allowed in a parameter's defaultValue (utcNow, newGuid). */
    PARAMETER_DEFAULT_ONLY,
    /** Only valid in a copy loop. */
    COPY_ONLY
}
