package io.strato.server.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@jakarta.persistence.Cacheable
// subscriptions are read on every request and change rarely: kept in Hibernate's second-level cache
@Table(name = "subscription")
public class SubscriptionEntity {
    @Id
    public String id;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "tenant_id")
    public String tenantId;

    public String state;

    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.JSON)
    public String tags = "{}";

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
