package io.strato.server.arm;

import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.server.gateway.Json;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.spi.StoredResource;
import io.strato.spi.StoredResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The providers' read-only view of the store ({@link StoredResources}), in the caller's transaction. */
@ApplicationScoped
public class StoredResourcesView implements StoredResources {
    @Inject ResourceStore store;

    @Override
    public Optional<StoredResource> find(ResourceId id) { return store.find(id.key()).map(StoredResourcesView::of); }

    @Override
    public Optional<StoredResource> findForUpdate(ResourceId id) { return store.findForUpdate(id.key()).map(StoredResourcesView::of); }

    @Override
    public List<StoredResource> list(String subscriptionId, ResourceType type) {
        return store.ofType(subscriptionId.toLowerCase(Locale.ROOT), type.key()).stream().map(StoredResourcesView::of).toList();
    }

    @Override
    public List<StoredResource> listAll(ResourceType type) {
        return store.ofType(null, type.key()).stream().map(StoredResourcesView::of).toList();
    }

    static StoredResource of(ResourceEntity e) {
        try {
            return new StoredResource(ResourceId.parse(e.id), Optional.ofNullable(e.location), Json.STRICT.readTree(e.spec), e.provisioningState);
        } catch (java.io.IOException x) {
            throw new IllegalStateException("stored spec of " + e.id + " is not JSON", x);
        }
    }
}
