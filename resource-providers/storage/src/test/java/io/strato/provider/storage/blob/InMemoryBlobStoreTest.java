package io.strato.provider.storage.blob;

class InMemoryBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore newStore() { return new InMemoryBlobStore(); }

    @Override
    protected int contents() { return ((InMemoryBlobStore) store).count(C); }
}
