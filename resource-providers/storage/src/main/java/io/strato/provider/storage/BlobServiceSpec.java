package io.strato.provider.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code Microsoft.Storage/storageAccounts/blobServices/default}: the Blob service settings of one account.
 * Strato keeps what a client set and echoes it; the data plane does not act on them.
 *
 * @param cors                  the {@code cors} object as sent (null when never set)
 * @param deleteRetentionPolicy the {@code deleteRetentionPolicy} object as sent (null when never set)
 * @param isVersioningEnabled   echoed back only when a client sent it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlobServiceSpec(JsonNode cors, JsonNode deleteRetentionPolicy, Boolean isVersioningEnabled) {
    public static final BlobServiceSpec DEFAULT = new BlobServiceSpec(null, null, null);
}
