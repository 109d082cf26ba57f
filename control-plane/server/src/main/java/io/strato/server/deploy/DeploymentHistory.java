package io.strato.server.deploy;

import io.strato.model.ResourceId;
import io.strato.server.persistence.DeploymentEntity;
import io.strato.server.persistence.EncryptedSecretVault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The deployments recorded for a scope; they go with the resource group they deployed to. */
@ApplicationScoped
public class DeploymentHistory {
    @Inject EntityManager em;
    @Inject EncryptedSecretVault vault;

    /** Removes every deployment of a scope, with its operations and stored parameters. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void removeScope(ResourceId scope) {
        for (DeploymentEntity d : em.createQuery("select d from DeploymentEntity d where d.scopeKey = :s", DeploymentEntity.class)
                .setParameter("s", scope.key()).getResultList()) {
            vault.deleteAll(Deployments.secretsOwner(d));
            em.remove(d);
        }
    }
}
