package io.strato.spi;

/**
 * A document a provider serves without a bearer token, at {@code {baseUrl}/content/{namespace}/{path}}: what
 * clients fetch with a plain HTTP GET, such as a virtual machine's serial log behind a signed, expiring link
 * (boot diagnostics) or the image-alias document the Azure CLI reads. A provider checks any signature itself.
 */
public record PublicContent(String contentType, byte[] body) {
    public PublicContent {
        body = body.clone();
    }

    @Override
    public byte[] body() { return body.clone(); }
}
