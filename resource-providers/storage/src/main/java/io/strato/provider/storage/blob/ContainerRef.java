package io.strato.provider.storage.blob;

import java.util.Locale;

/** One container of one account: the unit the {@link BlobStore} keeps contents for. Names are lower-cased and checked. */
public record ContainerRef(String account, String container) {
    public ContainerRef {
        account = account.toLowerCase(Locale.ROOT);
        if (!account.matches("[a-z0-9]{3,24}")) throw new IllegalArgumentException("not a storage account name: " + account);
        if (!ContainerNames.isValid(container)) throw new IllegalArgumentException("not a container name: " + container);
    }
}
