package io.strato.server.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One template deployment at a subscription or resource-group scope. */
@Entity
@Table(name = "deployment")
public class DeploymentEntity {
    @Id
    @Column(name = "id_key")
    public String idKey;

    public String id;

    @Column(name = "scope_key")
    public String scopeKey;

    public String name;
    public String mode;

    @Column(name = "provisioning_state")
    public String provisioningState;

    @JdbcTypeCode(SqlTypes.JSON)
    public String template;

    @JdbcTypeCode(SqlTypes.JSON)
    public String parameters;

    @Column(name = "template_hash")
    public String templateHash;

    @JdbcTypeCode(SqlTypes.JSON)
    public String outputs;

    @Column(name = "output_resources")
    @JdbcTypeCode(SqlTypes.JSON)
    public String outputResources;

    @JdbcTypeCode(SqlTypes.JSON)
    public String error;

    @Column(name = "correlation_id")
    public String correlationId;

    @Column(name = "api_version")
    public String apiVersion;

    @Column(name = "on_error")
    @JdbcTypeCode(SqlTypes.JSON)
    public String onError;

    @Column(name = "parent_key")
    public String parentKey;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_by_type")
    public String createdByType;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;
}
