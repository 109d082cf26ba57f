package io.strato.server.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A long-running operation as clients poll it (Location / Azure-AsyncOperation). */
@Entity
@Table(name = "async_operation")
public class AsyncOperationEntity {
    @Id
    public UUID id;

    @Column(name = "subscription_id")
    public String subscriptionId;

    public String kind;

    @Column(name = "resource_id")
    public String resourceId;

    @Column(name = "api_version")
    public String apiVersion;

    public String status;

    @JdbcTypeCode(SqlTypes.JSON)
    public String error;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;
}
