package io.strato.server.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One stored resource (or resource group): the envelope as columns, the handler's spec as JSON. */
@Entity
@Table(name = "resource")
public class ResourceEntity {
    @Id
    @Column(name = "id_key")
    public String idKey;

    public String id;

    @Column(name = "subscription_id")
    public String subscriptionId;

    @Column(name = "resource_group")
    public String resourceGroup;

    @Column(name = "type_key")
    public String typeKey;

    @Column(name = "name_key")
    public String nameKey;

    @Column(name = "global_name")
    public boolean globalName;

    public String location;

    @JdbcTypeCode(SqlTypes.JSON)
    public String tags;

    @JdbcTypeCode(SqlTypes.JSON)
    public String spec;

    @Column(name = "provisioning_state")
    public String provisioningState;

    public String etag;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_by_type")
    public String createdByType;

    @Column(name = "modified_at")
    public OffsetDateTime modifiedAt;

    @Column(name = "modified_by")
    public String modifiedBy;

    @Column(name = "modified_by_type")
    public String modifiedByType;
}
