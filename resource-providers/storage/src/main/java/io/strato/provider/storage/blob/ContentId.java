package io.strato.provider.storage.blob;

import java.util.UUID;

/** The name a {@link BlobStore} gave a content: a UUID, so it can never escape the store's folders. */
public record ContentId(UUID value) {
    public static ContentId random() { return new ContentId(UUID.randomUUID()); }

    public static ContentId parse(String text) { return new ContentId(UUID.fromString(text)); }

    @Override
    public String toString() { return value.toString(); }
}
