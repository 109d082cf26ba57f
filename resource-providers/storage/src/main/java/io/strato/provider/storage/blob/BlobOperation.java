package io.strato.provider.storage.blob;

/**
 * Every operation the Blob endpoint serves, with what a SAS must grant for it: the resource level an account SAS
 * must include ({@code srt}: s, c or o) and the permission letters, any one of which suffices.
 */
public enum BlobOperation {
    LIST_CONTAINERS('s', "l"),
    CREATE_CONTAINER('c', "cw"),
    DELETE_CONTAINER('c', "d"),
    GET_CONTAINER_PROPERTIES('c', "r"),
    SET_CONTAINER_METADATA('c', "w"),
    GET_CONTAINER_ACL('c', "r"),
    SET_CONTAINER_ACL('c', "w"),
    LIST_BLOBS('c', "l"),
    PUT_BLOB('o', "cw"),
    PUT_BLOCK('o', "wa"),
    PUT_BLOCK_LIST('o', "w"),
    GET_BLOCK_LIST('o', "r"),
    GET_BLOB('o', "r"),
    GET_BLOB_PROPERTIES('o', "r"),
    SET_BLOB_PROPERTIES('o', "w"),
    GET_BLOB_METADATA('o', "r"),
    SET_BLOB_METADATA('o', "w"),
    DELETE_BLOB('o', "d"),
    COPY_BLOB('o', "cw"),
    GET_SERVICE_PROPERTIES('s', "r"),
    GET_ACCOUNT_INFO('s', "r");

    private final char resourceType;
    private final String permissions;

    BlobOperation(char resourceType, String permissions) {
        this.resourceType = resourceType;
        this.permissions = permissions;
    }

    /** {@code s}, {@code c} or {@code o}: the {@code srt} letter an account SAS needs. */
    public char resourceType() { return resourceType; }

    /** Whether a SAS granting {@code granted} (e.g. {@code "racwdl"}) may run this operation. */
    public boolean allowedBy(String granted) {
        for (char c : permissions.toCharArray()) {
            if (granted.indexOf(c) >= 0) return true;
        }
        return false;
    }

    /** Reads need only {@code r} (anonymous access applies to them). */
    public boolean isRead() { return permissions.equals("r") || this == LIST_BLOBS; }
}
