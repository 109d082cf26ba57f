package io.strato.provider.storage.file;

class InMemoryFileShareStoreTest extends FileShareStoreContract {
    private final InMemoryFileShareStore store = new InMemoryFileShareStore();

    @Override
    protected FileShareStore store() { return store; }
}
