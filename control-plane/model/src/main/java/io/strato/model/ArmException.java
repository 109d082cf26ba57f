package io.strato.model;

/** A user-visible failure carrying the HTTP status and the ARM error it is reported as. */
public final class ArmException extends RuntimeException {
    private final int status;
    private final ArmError error;

    public ArmException(int status, ArmError error) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() { return status; }

    public ArmError error() { return error; }
}
