package io.strato.provider.network;

/** A host command failed while realizing a topology. */
public final class NetworkDriverException extends RuntimeException {
    public NetworkDriverException(String message) { super(message); }

    public NetworkDriverException(String message, Throwable cause) { super(message, cause); }
}
