package io.strato.template.diagnostic;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a template cannot be prepared or evaluated; carries every diagnostic found (at least one). */
public final class TemplateException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    public TemplateException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("; ")));
        if (diagnostics.isEmpty()) throw new IllegalArgumentException("a TemplateException needs a diagnostic");
        this.diagnostics = List.copyOf(diagnostics);
    }

    public TemplateException(DiagnosticCode code, String message) {
        this(List.of(new Diagnostic(code, message, null)));
    }

    public TemplateException(DiagnosticCode code, String message, String jsonPath) {
        this(List.of(new Diagnostic(code, message, jsonPath)));
    }

    public List<Diagnostic> diagnostics() { return diagnostics; }

    /** The first diagnostic, the one Azure would put in the top-level error. */
    public Diagnostic first() { return diagnostics.get(0); }

    /** This exception with every path-less diagnostic attributed to {@code path}. */
    public TemplateException at(String path) {
        if (diagnostics.stream().allMatch(d -> d.jsonPath() != null)) return this;
        TemplateException e = new TemplateException(diagnostics.stream().map(d -> d.at(path)).toList());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
