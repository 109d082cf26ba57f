package io.strato.provider.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class FileXmlTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_directory_listing_has_azures_entries_with_file_sizes_and_escaped_names() throws Exception {
        FileProperties p = FileProperties.fresh(NOW, Map.of());
        Document d = parse(FileXml.directoryList("https://a.file.x/", "docs", "dir", null, null, 2,
                List.of(new FileEntry("a&b.txt", false, 42, p), new FileEntry("sub", true, 0, p)), "zzz"));
        assertThat(d.getDocumentElement().getAttribute("ShareName")).isEqualTo("docs");
        assertThat(d.getDocumentElement().getAttribute("DirectoryPath")).isEqualTo("dir");
        assertThat(d.getElementsByTagName("File").item(0).getTextContent()).contains("a&b.txt").contains("42");
        assertThat(d.getElementsByTagName("Directory").getLength()).isEqualTo(1);
        assertThat(d.getElementsByTagName("NextMarker").item(0).getTextContent()).isEqualTo("zzz");
        assertThat(d.getElementsByTagName("MaxResults").item(0).getTextContent()).isEqualTo("2");
    }

    @Test
    void a_share_listing_carries_quota_and_metadata_only_when_asked() throws Exception {
        FileXml.ShareItem s = new FileXml.ShareItem("docs", NOW, "\"0x1\"", 5, "Hot", "SMB", Map.of("team", "files"));
        Document plain = parse(FileXml.shareList("https://a.file.x/", null, null, null, List.of(s), false, null));
        Document withMetadata = parse(FileXml.shareList("https://a.file.x/", null, null, null, List.of(s), true, null));
        assertThat(plain.getElementsByTagName("Quota").item(0).getTextContent()).isEqualTo("5");
        assertThat(plain.getElementsByTagName("Metadata").getLength()).isZero();
        assertThat(withMetadata.getElementsByTagName("team").item(0).getTextContent()).isEqualTo("files");
    }

    @Test
    void share_stats_round_usage_up_to_whole_gib() throws Exception {
        Document d = parse(FileXml.shareStats(1));
        assertThat(d.getElementsByTagName("ShareUsage").item(0).getTextContent()).isEqualTo("1");
        assertThat(d.getElementsByTagName("ShareUsageBytes").item(0).getTextContent()).isEqualTo("1");
        assertThat(parse(FileXml.shareStats(0)).getElementsByTagName("ShareUsage").item(0).getTextContent()).isEqualTo("0");
    }
}
