package io.strato.provider.storage;

import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Storage accounts that exist only in memory, for unit and server tests ({@code strato.storage.driver=memory});
 * never the default. Keys are generated and forgotten through {@link StorageAccountKeys} like the real driver's.
 */
public final class InMemoryStorageAccountDriver implements ExternalClient<StorageAccountSpec> {
    private final Map<ResourceId, StorageAccountSpec> accounts = new ConcurrentHashMap<>();
    private final StorageAccountKeys keys;

    public InMemoryStorageAccountDriver(StorageAccountKeys keys) {
        this.keys = keys;
    }

    @Override
    public Observation observe(ResourceId id, StorageAccountSpec desired) {
        StorageAccountSpec spec = accounts.get(id);
        return spec == null ? Observation.absent() : Observation.present(Map.of("creationTime", spec.creationTime().toString()));
    }

    @Override
    public Outcome create(ResourceId id, StorageAccountSpec desired) {
        keys.ensure(id);
        accounts.put(id, desired);
        return Outcome.done();
    }

    @Override
    public Outcome update(ResourceId id, StorageAccountSpec desired) {
        return create(id, desired);
    }

    @Override
    public Outcome delete(ResourceId id) {
        accounts.remove(id);
        keys.delete(id);
        return Outcome.done();
    }
}
