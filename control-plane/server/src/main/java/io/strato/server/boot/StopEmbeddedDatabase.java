package io.strato.server.boot;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Stops the embedded PostgreSQL last: observers of {@link ShutdownEvent} run in priority order, and this one comes
 * after the job scheduler and every other user of the database has stopped.
 */
@ApplicationScoped
public class StopEmbeddedDatabase {
    void stop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent ev) {
        EmbeddedDatabase.stopAfterApplication();
    }
}
