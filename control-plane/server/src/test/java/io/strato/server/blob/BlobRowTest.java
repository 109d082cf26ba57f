package io.strato.server.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.provider.storage.blob.BlobXml;
import io.strato.provider.storage.blob.ContentId;
import io.strato.server.blob.BlobRepository.BlobRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobRowTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static BlobRow row(ContentId content, byte[] inline, List<BlobXml.Block> blocks) {
        return new BlobRow("c", "b", content, inline == null ? 10 : inline.length, "\"e\"", NOW, NOW, null, null, null, null, null, null,
                Map.of(), blocks, inline);
    }

    @Test
    void a_small_blob_keeps_its_bytes_in_the_row_and_names_no_content() {
        BlobRow b = row(null, new byte[] {1, 2, 3}, List.of());
        assertThat(b.isInline()).isTrue();
        assertThat(b.stored()).isEmpty();
    }

    @Test
    void a_large_blob_names_the_content_that_holds_its_bytes() {
        ContentId id = ContentId.random();
        BlobRow b = row(id, null, List.of(new BlobXml.Block("YQ==", 10)));
        assertThat(b.isInline()).isFalse();
        assertThat(b.stored()).contains(id);
    }

    @Test
    void bytes_in_both_places_are_refused() {
        assertThatThrownBy(() -> row(ContentId.random(), new byte[1], List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytes_in_neither_place_are_refused() {
        assertThatThrownBy(() -> row(null, null, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_blob_with_a_block_list_cannot_be_kept_in_its_row() {
        assertThatThrownBy(() -> row(null, new byte[10], List.of(new BlobXml.Block("YQ==", 10)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_properties_and_metadata_keep_the_bytes_where_they_are() {
        byte[] bytes = {4, 5};
        BlobRow b = row(null, bytes, List.of()).withMetadata(Map.of("k", "v"), "\"f\"", NOW).withProperties("text/plain", null, null, null, null, null, "\"g\"", NOW);
        assertThat(b.inline()).isSameAs(bytes);
        assertThat(b.metadata()).containsEntry("k", "v");
        assertThat(b.contentType()).isEqualTo("text/plain");
    }
}
