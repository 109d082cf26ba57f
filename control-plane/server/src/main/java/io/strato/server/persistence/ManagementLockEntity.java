package io.strato.server.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One management lock: its id, the scope it locks (lower-cased), its level, notes and owners (JSON). */
@Entity
@Table(name = "management_lock")
public class ManagementLockEntity {
    @Id
    @Column(name = "id_key")
    public String idKey;

    public String id;

    @Column(name = "subscription_id")
    public String subscriptionId;

    @Column(name = "scope_key")
    public String scopeKey;

    public String name;
    public String level;
    public String notes;
    public String owners;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
