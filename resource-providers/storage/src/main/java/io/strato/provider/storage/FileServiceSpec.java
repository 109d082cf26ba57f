package io.strato.provider.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code Microsoft.Storage/storageAccounts/fileServices/default}: the File service settings of one account. Strato
 * keeps what a client set and echoes it; the File endpoint does not act on them.
 *
 * @param cors                       the {@code cors} object as sent (null when never set)
 * @param shareDeleteRetentionPolicy the {@code shareDeleteRetentionPolicy} object as sent (null when never set)
 * @param protocolSettings           the {@code protocolSettings} object as sent (null when never set)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileServiceSpec(JsonNode cors, JsonNode shareDeleteRetentionPolicy, JsonNode protocolSettings) {
    public static final FileServiceSpec DEFAULT = new FileServiceSpec(null, null, null);
}
