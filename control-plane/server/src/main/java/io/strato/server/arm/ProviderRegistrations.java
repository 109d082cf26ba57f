package io.strato.server.arm;

import io.strato.model.ArmErrorCode;
import io.strato.server.persistence.ProviderRegistrationEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Locale;

/**
 * Which namespaces a subscription may use. Every provider of the appliance starts Registered (as on Azure
 * Stack Hub); an unregistered namespace refuses writes with MissingSubscriptionRegistration until registered again.
 */
@ApplicationScoped
public class ProviderRegistrations {
    public static final String REGISTERED = "Registered", NOT_REGISTERED = "NotRegistered";

    @Inject EntityManager em;

    public String state(String subscriptionId, String namespace) {
        ProviderRegistrationEntity e = em.find(ProviderRegistrationEntity.class, key(subscriptionId, namespace));
        return e == null ? REGISTERED : e.state;
    }

    public void set(String subscriptionId, String namespace, String state) {
        ProviderRegistrationEntity e = em.find(ProviderRegistrationEntity.class, key(subscriptionId, namespace));
        if (e == null) {
            e = new ProviderRegistrationEntity();
            e.key = key(subscriptionId, namespace);
            e.state = state;
            em.persist(e);
        } else {
            e.state = state;
        }
    }

    public void requireRegistered(String subscriptionId, String namespace) {
        if (!REGISTERED.equals(state(subscriptionId, namespace))) {
            throw ArmErrorCode.MissingSubscriptionRegistration.exception("The subscription is not registered to use namespace '" + namespace
                    + "'. See https://aka.ms/rps-not-found for how to register subscriptions.", namespace);
        }
    }

    private static ProviderRegistrationEntity.Key key(String subscriptionId, String namespace) {
        return new ProviderRegistrationEntity.Key(subscriptionId.toLowerCase(Locale.ROOT), namespace.toLowerCase(Locale.ROOT));
    }
}
