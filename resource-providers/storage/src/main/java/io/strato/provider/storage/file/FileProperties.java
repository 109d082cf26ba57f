package io.strato.provider.storage.file;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Azure Files keeps about a directory or file besides its bytes: its id, ETag, times, HTTP headers (files) and
 * metadata. Times are ISO-8601 text when stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileProperties(
        String fileId,
        String etag,
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = InstantText.class) Instant created,
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = InstantText.class) Instant modified,
        String contentType,
        String contentEncoding,
        String contentLanguage,
        String contentDisposition,
        String cacheControl,
        String contentMd5,
        Map<String, String> metadata) {

    public FileProperties {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** A new directory or file's properties: a fresh id and ETag, both times {@code now}. */
    public static FileProperties fresh(Instant now, Map<String, String> metadata) {
        return new FileProperties(Ids.fileId(), Ids.etag(), now, now, null, null, null, null, null, null, metadata);
    }

    /** The HTTP headers of a file, as Set File Properties and Create File send them. */
    public record Headers(String contentType, String contentEncoding, String contentLanguage, String contentDisposition,
                          String cacheControl, String contentMd5) {}

    public FileProperties withHeaders(Headers h) {
        return new FileProperties(fileId, etag, created, modified, h.contentType(), h.contentEncoding(), h.contentLanguage(),
                h.contentDisposition(), h.cacheControl(), h.contentMd5(), metadata);
    }

    public FileProperties withMetadata(Map<String, String> metadata) {
        return new FileProperties(fileId, etag, created, modified, contentType, contentEncoding, contentLanguage, contentDisposition,
                cacheControl, contentMd5, metadata);
    }

    /** The same properties after a change at {@code now}: a new ETag and modification time. */
    public FileProperties changed(Instant now) {
        return new FileProperties(fileId, Ids.etag(), created, now, contentType, contentEncoding, contentLanguage, contentDisposition,
                cacheControl, contentMd5, metadata);
    }

    /** Reads ISO-8601 text back without Jackson's java.time module. */
    static final class InstantText extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<Instant> {
        InstantText() { super(Instant.class); }

        @Override
        public Instant deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext c)
                throws java.io.IOException {
            return Instant.parse(p.getValueAsString());
        }
    }
}
