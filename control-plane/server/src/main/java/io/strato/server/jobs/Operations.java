package io.strato.server.jobs;

import io.strato.model.ArmError;
import io.strato.server.gateway.Json;
import io.strato.server.persistence.AsyncOperationEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Long-running operations: a durable record clients poll, and the reconcile job that drives it. Starting an
 * operation joins the caller's transaction, so the record, the job and the resource change commit together.
 */
@ApplicationScoped
public class Operations {
    /** What an operation does; its name is stored. */
    public enum Kind { CREATE, UPDATE, DELETE, DELETE_GROUP }

    public static final String IN_PROGRESS = "InProgress", SUCCEEDED = "Succeeded", FAILED = "Failed";

    @Inject EntityManager em;
    @Inject JobScheduler jobs;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID start(String subscriptionId, Kind kind, String resourceId, String apiVersion) {
        AsyncOperationEntity op = new AsyncOperationEntity();
        op.id = UUID.randomUUID();
        op.subscriptionId = subscriptionId.toLowerCase();
        op.kind = kind.name();
        op.resourceId = resourceId;
        op.apiVersion = apiVersion;
        op.status = IN_PROGRESS;
        op.startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        em.persist(op);
        jobs.scheduleReconcile(op.id, Instant.now());
        return op.id;
    }

    public Optional<AsyncOperationEntity> find(UUID id) { return Optional.ofNullable(em.find(AsyncOperationEntity.class, id)); }

    @Transactional(Transactional.TxType.MANDATORY)
    public void finish(AsyncOperationEntity op, ArmError error) {
        op.status = error == null ? SUCCEEDED : FAILED;
        op.error = error == null ? null : Json.write(error);
        op.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    public void retryLater(UUID id, Duration after) { jobs.scheduleReconcile(id, Instant.now().plus(after)); }
}
