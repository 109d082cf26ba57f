package io.strato.spi;

import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * Read access to the resources the appliance stores, for rules that span resources: a network interface reads
 * its subnet and the addresses already taken in it, a subnet refuses deletion while interfaces use it.
 *
 * <p>Reads run inside the caller's transaction (the request that is validating or deleting), so what a handler
 * reads and what the server then writes are consistent. Nothing here changes a resource.
 */
public interface StoredResources {
    /** The stored resource with this id (compared case-insensitively), if any. */
    Optional<StoredResource> find(ResourceId id);

    /**
     * Like {@link #find}, and locks the row until the caller's transaction ends: two requests that lock the same
     * parent (e.g. the virtual network before allocating an address in one of its subnets) run one after the other,
     * and the second sees what the first wrote.
     */
    Optional<StoredResource> findForUpdate(ResourceId id);

    /** Every stored resource of {@code type} in a subscription, ordered by id. */
    List<StoredResource> list(String subscriptionId, ResourceType type);

    /** Every stored resource of {@code type} in the appliance, ordered by id (used to re-create host state at start-up). */
    List<StoredResource> listAll(ResourceType type);

    /** Stores nothing and finds nothing: for contexts without a store. */
    StoredResources NONE = new StoredResources() {
        @Override public Optional<StoredResource> find(ResourceId id) { return Optional.empty(); }
        @Override public Optional<StoredResource> findForUpdate(ResourceId id) { return Optional.empty(); }
        @Override public List<StoredResource> list(String subscriptionId, ResourceType type) { return List.of(); }
        @Override public List<StoredResource> listAll(ResourceType type) { return List.of(); }
    };
}
