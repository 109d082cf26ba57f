package io.strato.provider.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestRulesTest {
    @Test
    void a_range_is_cut_at_the_end_of_the_blob() {
        assertThat(ByteRange.of("bytes=10-99", 50)).contains(new ByteRange(10, 49));
        assertThat(ByteRange.of("bytes=10-", 50)).contains(new ByteRange(10, 49));
        assertThat(ByteRange.of("bytes=-5", 50)).contains(new ByteRange(45, 49));
        assertThat(new ByteRange(10, 49).contentRange(50)).isEqualTo("bytes 10-49/50");
    }

    @Test
    void a_range_starting_past_the_end_is_invalid_range() {
        assertThatThrownBy(() -> ByteRange.of("bytes=50-60", 50))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.InvalidRange));
    }

    @Test
    void an_unreadable_range_means_the_whole_blob() {
        assertThat(ByteRange.of("items=1-2", 50)).isEmpty();
        assertThat(ByteRange.of(null, 50)).isEmpty();
    }

    static final Instant T = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void if_match_with_another_etag_is_condition_not_met() {
        assertThatThrownBy(() -> new Conditions("\"a\"", null, null, null).check("\"b\"", T, false))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.ConditionNotMet));
        assertThat(new Conditions("\"b\"", null, null, null).check("\"b\"", T, false)).isEqualTo(Conditions.Result.PROCEED);
    }

    @Test
    void if_none_match_star_on_an_existing_blob_is_blob_already_exists_for_writes() {
        assertThatThrownBy(() -> new Conditions(null, "*", null, null).check("\"b\"", T, false))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.BlobAlreadyExists));
        assertThat(new Conditions(null, "*", null, null).check(null, null, false)).isEqualTo(Conditions.Result.PROCEED);
    }

    @Test
    void reads_answer_not_modified() {
        assertThat(new Conditions(null, "\"b\"", null, null).check("\"b\"", T, true)).isEqualTo(Conditions.Result.NOT_MODIFIED);
        assertThat(new Conditions(null, null, "Wed, 01 Jan 2025 10:00:00 GMT", null).check("\"b\"", T, true)).isEqualTo(Conditions.Result.NOT_MODIFIED);
        assertThat(new Conditions(null, null, "Wed, 01 Jan 2025 09:59:59 GMT", null).check("\"b\"", T, true)).isEqualTo(Conditions.Result.PROCEED);
    }

    @Test
    void if_match_on_a_missing_blob_is_condition_not_met() {
        assertThatThrownBy(() -> new Conditions("*", null, null, null).check(null, null, false))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.ConditionNotMet));
    }

    @Test
    void routes_name_the_operation_from_verb_level_and_parameters() {
        assertThat(BlobRoutes.resolve("PUT", BlobRoutes.Level.CONTAINER, "container", null, false)).contains(BlobOperation.CREATE_CONTAINER);
        assertThat(BlobRoutes.resolve("GET", BlobRoutes.Level.CONTAINER, "Container", "List", false)).contains(BlobOperation.LIST_BLOBS);
        assertThat(BlobRoutes.resolve("PUT", BlobRoutes.Level.BLOB, null, "block", false)).contains(BlobOperation.PUT_BLOCK);
        assertThat(BlobRoutes.resolve("PUT", BlobRoutes.Level.BLOB, null, null, true)).contains(BlobOperation.COPY_BLOB);
        assertThat(BlobRoutes.resolve("POST", BlobRoutes.Level.BLOB, null, null, false)).isEmpty();
        assertThat(BlobRoutes.resolve("PUT", BlobRoutes.Level.CONTAINER, null, null, false)).isEmpty();
    }

    @Test
    void container_names_follow_azure_rules() {
        assertThat(ContainerNames.isValid("data-1")).isTrue();
        assertThat(ContainerNames.isValid("ab")).isFalse();
        assertThat(ContainerNames.isValid("Data")).isFalse();
        assertThat(ContainerNames.isValid("a--b")).isFalse();
        assertThat(ContainerNames.isValid("-ab")).isFalse();
        assertThat(ContainerNames.isMetadataName("_colour1")).isTrue();
        assertThat(ContainerNames.isMetadataName("1colour")).isFalse();
    }

    @Test
    void the_error_body_is_azures() {
        String xml = BlobXml.error(BlobErrorCode.BlobNotFound, BlobErrorCode.BlobNotFound.message(), null, "req-1", T);
        assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobNotFound</Code><Message>"
                + "The specified blob does not exist.\nRequestId:req-1\nTime:2025-01-01T10:00:00Z</Message></Error>");
    }

    @Test
    void a_block_list_reads_each_source() {
        byte[] body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>QQ==</Latest><Committed>Qg==</Committed><Uncommitted>Qw==</Uncommitted></BlockList>".getBytes();
        assertThat(BlobXml.parseBlockList(body)).containsExactly(new BlobXml.BlockRef("QQ==", BlobXml.BlockSource.Latest),
                new BlobXml.BlockRef("Qg==", BlobXml.BlockSource.Committed), new BlobXml.BlockRef("Qw==", BlobXml.BlockSource.Uncommitted));
    }

    @Test
    void a_broken_block_list_is_invalid_xml_document() {
        assertThatThrownBy(() -> BlobXml.parseBlockList("<BlockList><Latest>".getBytes()))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.InvalidXmlDocument));
        assertThatThrownBy(() -> BlobXml.parseBlockList("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><BlockList><Latest>&e;</Latest></BlockList>".getBytes()))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.InvalidXmlDocument));
    }

    @Test
    void signed_identifiers_round_trip() {
        List<BlobXml.SignedIdentifier> ids = List.of(new BlobXml.SignedIdentifier("p1", "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z", "rl"));
        assertThat(BlobXml.parseSignedIdentifiers(BlobXml.signedIdentifiers(ids).getBytes())).isEqualTo(ids);
        assertThat(BlobXml.parseSignedIdentifiers(new byte[0])).isEmpty();
    }

    @Test
    void listings_merge_blobs_and_prefixes_in_name_order() {
        BlobXml.BlobItem b = new BlobXml.BlobItem("b.txt", T, T, "\"e\"", 3, null, null, null, null, null, null, java.util.Map.of("k", "v"));
        String xml = BlobXml.blobList("https://h/acct/", "c", null, null, null, "/", List.of(b), List.of("a/", "c/"), true, null);
        assertThat(xml.indexOf("<BlobPrefix><Name>a/")).isLessThan(xml.indexOf("<Name>b.txt")).isPositive();
        assertThat(xml.indexOf("<Name>b.txt")).isLessThan(xml.indexOf("<BlobPrefix><Name>c/"));
        assertThat(xml).contains("<Metadata><k>v</k></Metadata>").contains("<Content-Length>3</Content-Length>");
        assertThat(Optional.of(xml)).get().asString().contains("<NextMarker></NextMarker>");
    }
}
