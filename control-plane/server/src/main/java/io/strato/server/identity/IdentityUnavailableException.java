package io.strato.server.identity;

/**
 * Keycloak is not (yet) reachable or not configured. A transient condition: answer 503 with Retry-After,
 * never 4xx (clients cache those).
 */
public class IdentityUnavailableException extends RuntimeException {
    public IdentityUnavailableException(String message) {
        super(message);
    }

    public IdentityUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
