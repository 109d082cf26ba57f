package io.strato.provider.storage.blob;

/**
 * An Azure Storage error code of a data-plane endpoint (Blob: {@link BlobErrorCode}, File:
 * {@link io.strato.provider.storage.file.FileErrorCode}), with its HTTP status and Azure's message. The endpoints
 * share authentication, ranges and the XML error body, so they share this contract and {@link BlobServiceException}.
 */
public interface StorageErrorCode {
    /** The code exactly as Azure spells it ({@code <Code>} and {@code x-ms-error-code}). */
    String name();

    int status();

    /** Azure's message for the code. */
    String message();
}
