package io.strato.provider.storage.file;

import io.strato.provider.storage.blob.BlobServiceException;
import io.strato.provider.storage.blob.StorageErrorCode;

/**
 * The Azure Files error codes of the File endpoint that the Blob service does not have; the ones both services share
 * (authentication, ranges, headers) are {@link io.strato.provider.storage.blob.BlobErrorCode}'s.
 */
public enum FileErrorCode implements StorageErrorCode {
    ShareNotFound(404, "The specified share does not exist."),
    ShareAlreadyExists(409, "The specified share already exists."),
    ShareBeingDeleted(409, "The specified share is being deleted. Try operation later."),
    ResourceNotFound(404, "The specified resource does not exist."),
    ParentNotFound(404, "The specified parent path does not exist."),
    ResourceAlreadyExists(409, "The specified resource already exists."),
    ResourceTypeMismatch(409, "The specified resource type does not match the type of the existing resource."),
    DirectoryNotEmpty(409, "The specified directory is not empty."),
    ShareSizeLimitReached(413, "The specified share is full."),
    InvalidFileOrDirectoryPathName(400, "File or directory path is too long or contains invalid characters."),
    ReadOnlyAttribute(409, "The specified resource is read-only and cannot be modified at this time.");

    private final int status;
    private final String message;

    FileErrorCode(int status, String message) {
        this.status = status;
        this.message = message;
    }

    @Override
    public int status() { return status; }

    @Override
    public String message() { return message; }

    public BlobServiceException exception() { return new BlobServiceException(this, message, null); }

    public BlobServiceException exception(String detail) { return new BlobServiceException(this, message, detail); }
}
