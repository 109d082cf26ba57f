package io.strato.provider.storage;

import java.time.Instant;

/** Builds specs for tests: an az-default StorageV2 Standard_LRS account in {@code local}, changed field by field. */
final class StorageAccountSpecBuilder {
    private String sku = "Standard_LRS";
    private String kind = "StorageV2";
    private String accessTier = "Hot";
    private String tls = "TLS1_2";
    private Instant creationTime = Fixtures.NOW;

    StorageAccountSpecBuilder kind(String kind) { this.kind = kind; return this; }

    StorageAccountSpecBuilder accessTier(String accessTier) { this.accessTier = accessTier; return this; }

    StorageAccountSpecBuilder minimumTlsVersion(String tls) { this.tls = tls; return this; }

    StorageAccountSpecBuilder creationTime(Instant creationTime) { this.creationTime = creationTime; return this; }

    StorageAccountSpec build() {
        return new StorageAccountSpec(sku, kind, accessTier, true, tls, false, false, "Microsoft.Storage",
                StorageAccountSpec.NetworkAcls.ALLOW_ALL, creationTime, "local", null, null, null, null, null);
    }
}
