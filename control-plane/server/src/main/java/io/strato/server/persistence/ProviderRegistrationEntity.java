package io.strato.server.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

@Entity
@Table(name = "provider_registration")
public class ProviderRegistrationEntity {
    @EmbeddedId
    public Key key;

    public String state;

    @Embeddable
    public record Key(@Column(name = "subscription_id") String subscriptionId,
                      @Column(name = "namespace_key") String namespaceKey) implements Serializable {}
}
