package io.strato.provider.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One file share ({@code Microsoft.Storage/storageAccounts/fileServices/shares}), whether made through ARM or the
 * File endpoint: both write this spec through the server's one write path.
 *
 * @param shareQuota           the largest size of the share, in GiB; the File endpoint refuses writes beyond it
 * @param accessTier           {@code TransactionOptimized}, {@code Hot}, {@code Cool} or {@code Premium}
 * @param accessTierChangeTime when the tier was last set
 * @param enabledProtocols     {@code SMB} or {@code NFS}, fixed at creation
 * @param rootSquash           NFS shares only: {@code NoRootSquash}, {@code RootSquash} or {@code AllSquash}
 * @param metadata             user metadata, names as the client spelled them
 * @param lastModified         the last change of the share's properties or metadata
 * @param signedIdentifiers    stored access policies as sent (echoed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileShareSpec(
        int shareQuota,
        String accessTier,
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = StorageAccountSpec.InstantText.class) Instant accessTierChangeTime,
        String enabledProtocols,
        String rootSquash,
        Map<String, String> metadata,
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = StorageAccountSpec.InstantText.class) Instant lastModified,
        JsonNode signedIdentifiers) {
    public static final long GIB = 1024L * 1024 * 1024;

    public FileShareSpec {
        enabledProtocols = enabledProtocols == null ? "SMB" : enabledProtocols;
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** The quota in bytes. */
    public long quotaBytes() { return shareQuota * GIB; }

    public FileShareSpec withMetadata(Map<String, String> metadata, Instant now) {
        return new FileShareSpec(shareQuota, accessTier, accessTierChangeTime, enabledProtocols, rootSquash, metadata, now, signedIdentifiers);
    }
}
