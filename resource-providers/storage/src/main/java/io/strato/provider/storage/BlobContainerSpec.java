package io.strato.provider.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Blob container ({@code Microsoft.Storage/storageAccounts/blobServices/containers}), whether it was made
 * through ARM or through the Blob endpoint: both write this spec through the server's one write path.
 *
 * @param publicAccess     {@code None}, {@code Blob} or {@code Container}: what anonymous clients may read
 * @param metadata         user metadata, names as the client spelled them
 * @param lastModified     the last change of the container's properties, metadata or ACL
 * @param signedIdentifiers stored access policies set through Set Container ACL (at most five)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlobContainerSpec(
        String publicAccess,
        Map<String, String> metadata,
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = StorageAccountSpec.InstantText.class) Instant lastModified,
        List<SignedIdentifier> signedIdentifiers) {
    public static final List<String> ACCESS_LEVELS = List.of("None", "Blob", "Container");

    public BlobContainerSpec {
        publicAccess = publicAccess == null ? "None" : publicAccess;
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
        signedIdentifiers = signedIdentifiers == null ? List.of() : List.copyOf(signedIdentifiers);
    }

    /** A stored access policy: its id, and optional start, expiry (ISO-8601 text) and permissions. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SignedIdentifier(String id, String start, String expiry, String permission) {}
}
