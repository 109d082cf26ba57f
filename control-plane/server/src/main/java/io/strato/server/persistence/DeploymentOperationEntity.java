package io.strato.server.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One resource's step in a deployment: what was sent, how it ended, how long it took. */
@Entity
@Table(name = "deployment_operation")
public class DeploymentOperationEntity {
    @Id
    public UUID id;

    @Column(name = "deployment_key")
    public String deploymentKey;

    public int wave;

    @Column(name = "resource_id")
    public String resourceId;

    @Column(name = "resource_type")
    public String resourceType;

    @Column(name = "resource_name")
    public String resourceName;

    @Column(name = "provisioning_state")
    public String provisioningState;

    @Column(name = "status_code")
    public String statusCode;

    @Column(name = "status_message")
    @JdbcTypeCode(SqlTypes.JSON)
    public String statusMessage;

    @Column(name = "async_operation")
    public UUID asyncOperation;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;
}
