package io.strato.provider.storage;

import io.strato.model.ResourceId;
import io.strato.spi.ProviderContext;
import io.strato.spi.StoredResources;
import java.util.Optional;

/**
 * Reads the stored spec of the account a file service or share belongs to, through the provider context's stored
 * resources (inside the request's transaction). An account that cannot be read counts as a StorageV2
 * Standard_LRS account without large file shares, the most restrictive ordinary case.
 */
final class StorageAccounts {
    static final StorageAccountSpec ORDINARY = new StorageAccountSpec("Standard_LRS", "StorageV2", "Hot", true, "TLS1_0", false, false,
            "Microsoft.Storage", null, java.time.Instant.EPOCH, null, null, null, null, null, null);

    private volatile ProviderContext context;

    void configure(ProviderContext context) { this.context = context; }

    /** The spec of {@code accountId} (a storage account id). */
    StorageAccountSpec of(ResourceId accountId) {
        return find(accountId).orElse(ORDINARY);
    }

    Optional<StorageAccountSpec> find(ResourceId accountId) {
        ProviderContext c = context;
        StoredResources stored = c == null ? StoredResources.NONE : c.resources();
        return stored.find(accountId).map(r -> r.spec(StorageAccountSpec.class));
    }
}
