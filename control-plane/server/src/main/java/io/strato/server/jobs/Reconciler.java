package io.strato.server.jobs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.server.arm.ProviderCatalog;
import io.strato.server.arm.Specs;
import io.strato.server.persistence.AsyncOperationEntity;
import io.strato.server.persistence.EncryptedSecretVault;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.spi.ExternalClient;
import io.strato.spi.Outcome;
import io.strato.spi.ResourceTypeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The generic reconciler: drives one operation's resource towards its stored desired state through the type's
 * driver. Each run is one idempotent step; unfinished work is rescheduled, so a crash between steps only
 * repeats a step.
 */
@ApplicationScoped
public class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    @Inject Operations operations;
    @Inject ResourceStore store;
    @Inject ProviderCatalog catalog;
    @Inject EncryptedSecretVault secrets;
    @Inject io.strato.server.deploy.DeploymentHistory deploymentHistory;

    @ActivateRequestContext
    public void run(UUID operationId) {
        QuarkusTransaction.requiringNew().run(() -> {
            AsyncOperationEntity op = operations.find(operationId).orElse(null);
            if (op == null || !Operations.IN_PROGRESS.equals(op.status)) return;
            Operations.Kind kind = Operations.Kind.valueOf(op.kind);
            Outcome outcome;
            try {
                outcome = switch (kind) {
                    case CREATE, UPDATE -> apply(ResourceId.parse(op.resourceId));
                    case DELETE -> deleteResource(ResourceId.parse(op.resourceId));
                    case DELETE_GROUP -> deleteGroup(ResourceId.parse(op.resourceId));
                };
            } catch (RuntimeException e) {
                LOG.errorf(e, "operation %s (%s %s) failed", op.id, op.kind, op.resourceId);
                outcome = Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(),
                        "The operation failed inside the appliance; see the server log for request " + op.id + ".", null));
            }
            switch (outcome) {
                case Outcome.Done d -> operations.finish(op, null);
                case Outcome.InProgress p -> operations.retryLater(op.id, p.pollAfter());
                case Outcome.Failed f -> {
                    operations.finish(op, f.error());
                    if (kind == Operations.Kind.DELETE_GROUP) {
                        store.find(ResourceId.parse(op.resourceId).key()).ifPresent(g -> g.provisioningState = "Succeeded");
                    } else if (kind != Operations.Kind.DELETE) {
                        store.find(ResourceId.parse(op.resourceId).key()).ifPresent(r -> r.provisioningState = "Failed");
                    }
                }
            }
        });
    }

    private Outcome apply(ResourceId id) {
        ResourceEntity e = store.find(id.key()).orElse(null);
        if (e == null) return Outcome.failed(new ArmError(ArmErrorCode.ResourceNotFound.name(), "The resource was deleted while it was being created.", null));
        ResourceTypeHandler<?> h = catalog.handler(id.type()).orElseThrow();
        Outcome o = applyTyped(h, id, e);
        if (o instanceof Outcome.Done) e.provisioningState = "Succeeded";
        return o;
    }

    private <S> Outcome applyTyped(ResourceTypeHandler<S> h, ResourceId id, ResourceEntity e) {
        S desired = Specs.read(e.spec, h.specClass());
        ExternalClient<S> client = h.connect();
        return client.observe(id, desired).exists() ? client.update(id, desired) : client.create(id, desired);
    }

    private Outcome deleteResource(ResourceId id) {
        ResourceEntity e = store.find(id.key()).orElse(null);
        if (e == null) return Outcome.done();
        return removeWithChildren(e);
    }

    private Outcome deleteGroup(ResourceId group) {
        List<ResourceEntity> contents = new java.util.ArrayList<>(store.contentsOfGroup(group.subscriptionId().toLowerCase(), group.name().toLowerCase()));
        // users before what they use (a network interface before its virtual network); the sort is stable, so children still go first
        contents.sort(java.util.Comparator.comparingInt(e -> catalog.handler(ResourceId.parse(e.id).type()).map(ResourceTypeHandler::deleteRank).orElse(0)));
        for (ResourceEntity e : contents) {
            Outcome o = removeOne(e);
            if (!(o instanceof Outcome.Done)) return o;
        }
        store.find(group.key()).ifPresent(store::remove);
        deploymentHistory.removeScope(group);
        return Outcome.done();
    }

    /** Deletes a resource and its children through their drivers now; rows go when the drivers are done. */
    public Outcome removeNow(ResourceEntity e) { return removeWithChildren(e); }

    private Outcome removeWithChildren(ResourceEntity e) {
        List<ResourceEntity> children = store.childrenOf(e.idKey);
        for (int i = children.size() - 1; i >= 0; i--) {
            Outcome o = removeOne(children.get(i));
            if (!(o instanceof Outcome.Done)) return o;
        }
        return removeOne(e);
    }

    /** Deletes one resource through its driver, then its row and secrets. */
    private Outcome removeOne(ResourceEntity e) {
        ResourceId id = ResourceId.parse(e.id);
        Outcome o = catalog.handler(id.type()).map(h -> h.connect().delete(id)).orElse(Outcome.done());
        if (o instanceof Outcome.Done) {
            secrets.deleteAll(id);
            store.remove(e);
        }
        return o;
    }
}
