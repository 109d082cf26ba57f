package io.strato.template.diagnostic;

import java.util.Objects;

/**
 * One finding about a template: a catalogued code, a human message and the JSON path it concerns
 * (e.g. {@code $.resources[2].properties.name}); the path may be null when it is not known.
 */
public record Diagnostic(DiagnosticCode code, String message, String jsonPath) {
    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The same finding attributed to {@code path} when it has none yet. */
    public Diagnostic at(String path) {
        return jsonPath == null ? new Diagnostic(code, message, path) : this;
    }

    @Override
    public String toString() {
        return code + (jsonPath == null ? "" : " at " + jsonPath) + ": " + message;
    }
}
