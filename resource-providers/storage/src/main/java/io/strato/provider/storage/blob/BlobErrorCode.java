package io.strato.provider.storage.blob;

/**
 * The Azure Storage error codes the Blob endpoint answers with, their HTTP status and Azure's message. Clients
 * branch on the code (the {@code x-ms-error-code} header and the {@code <Code>} element), so the names are Azure's.
 */
public enum BlobErrorCode implements StorageErrorCode {
    AuthenticationFailed(403, "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature."),
    AuthorizationFailure(403, "This request is not authorized to perform this operation."),
    AuthorizationPermissionMismatch(403, "This request is not authorized to perform this operation using this permission."),
    AuthorizationResourceTypeMismatch(403, "This request is not authorized to perform this operation using this resource type."),
    AuthorizationServiceMismatch(403, "This request is not authorized to perform this operation using this service."),
    AuthorizationSourceIPMismatch(403, "This request is not authorized to perform this operation using this source IP."),
    AuthorizationProtocolMismatch(403, "This request is not authorized to perform this operation using this protocol."),
    NoAuthenticationInformation(401, "Server failed to authenticate the request. Please refer to the information in the www-authenticate header."),
    InvalidAuthenticationInfo(400, "Authentication information is not given in the correct format. Check the value of Authorization header."),
    PublicAccessNotPermitted(409, "Public access is not permitted on this storage account."),
    ResourceNotFound(404, "The specified resource does not exist."),
    AccountBeingCreated(409, "The specified account is in the process of being created."),
    ContainerNotFound(404, "The specified container does not exist."),
    BlobNotFound(404, "The specified blob does not exist."),
    ContainerAlreadyExists(409, "The specified container already exists."),
    ContainerBeingDeleted(409, "The specified container is being deleted. Try operation later."),
    BlobAlreadyExists(409, "The specified blob already exists."),
    ConditionNotMet(412, "The condition specified using HTTP conditional header(s) is not met."),
    SourceConditionNotMet(412, "The source condition specified using HTTP conditional header(s) is not met."),
    CannotVerifyCopySource(404, "Could not verify the copy source within the specified time."),
    InvalidBlockList(400, "The specified block list is invalid."),
    InvalidBlockId(400, "The specified blob or block content is invalid."),
    InvalidBlobOrBlock(400, "The specified blob or block content is invalid."),
    Md5Mismatch(400, "The MD5 value specified in the request did not match with the MD5 value calculated by the server."),
    InvalidMd5(400, "The MD5 value specified in the request is invalid. The MD5 value must be 128 bits and Base64-encoded."),
    InvalidRange(416, "The range specified is invalid for the current size of the resource."),
    InvalidResourceName(400, "The specifed resource name contains invalid characters."),
    InvalidQueryParameterValue(400, "Value for one of the query parameters specified in the request URI is invalid."),
    OutOfRangeQueryParameterValue(400, "One of the query parameters specified in the request URI is outside the permissible range."),
    InvalidHeaderValue(400, "The value for one of the HTTP headers is not in the correct format."),
    MissingRequiredHeader(400, "An HTTP header that's mandatory for this request is not specified."),
    MissingRequiredQueryParameter(400, "A query parameter that's mandatory for this request is not specified."),
    InvalidMetadata(400, "The metadata specified is invalid. It has characters that are not permitted."),
    InvalidXmlDocument(400, "XML specified is not syntactically valid."),
    InvalidInput(400, "One of the request inputs is not valid."),
    InvalidUri(400, "The requested URI does not represent any resource on the server."),
    MissingContentLengthHeader(411, "The Content-Length header was not specified."),
    RequestBodyTooLarge(413, "The request body is too large and exceeds the maximum permissible limit."),
    UnsupportedHttpVerb(405, "The resource doesn't support the specified HTTP verb."),
    NotImplemented(501, "The requested operation is not implemented on the specified resource."),
    InternalError(500, "The server encountered an internal error. Please retry the request.");

    private final int status;
    private final String message;

    BlobErrorCode(int status, String message) {
        this.status = status;
        this.message = message;
    }

    @Override
    public int status() { return status; }

    @Override
    public String message() { return message; }

    public BlobServiceException exception() { return new BlobServiceException(this, message, null); }

    /** The same code with a message that says more (e.g. which header). */
    public BlobServiceException exception(String detail) { return new BlobServiceException(this, message, detail); }
}
