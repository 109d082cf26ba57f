package io.strato.provider.storage.blob;

/**
 * A request a storage endpoint (Blob or File) refuses, with Azure's code. {@code detail} (optional) is added to the error body as
 * Azure does ({@code AuthenticationErrorDetail}, {@code HeaderName}, ...); it never holds a key or a signature.
 */
public final class BlobServiceException extends RuntimeException {
    private final StorageErrorCode code;
    private final String detail;

    public BlobServiceException(StorageErrorCode code, String message, String detail) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    public StorageErrorCode code() { return code; }

    public String detail() { return detail; }
}
