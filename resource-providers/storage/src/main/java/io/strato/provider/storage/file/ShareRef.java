package io.strato.provider.storage.file;

import java.util.Locale;

/** One file share of one storage account, both names lower-cased (share names are lower case by rule). */
public record ShareRef(String account, String share) {
    public ShareRef {
        account = account.toLowerCase(Locale.ROOT);
        share = share.toLowerCase(Locale.ROOT);
        if (!account.matches("[a-z0-9]{3,24}")) throw new IllegalArgumentException("not a storage account name: " + account);
        if (!ShareNames.isValid(share)) throw new IllegalArgumentException("not a share name: " + share);
    }
}
