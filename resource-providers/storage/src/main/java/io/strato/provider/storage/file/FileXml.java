package io.strato.provider.storage.file;

import io.strato.provider.storage.blob.BlobXml;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The XML bodies of the File endpoint, in Azure Files' shape. */
public final class FileXml {
    private FileXml() {}

    /** One share in List Shares. */
    public record ShareItem(String name, Instant lastModified, String etag, int quota, String accessTier, String protocols,
                            Map<String, String> metadata) {}

    public static String shareList(String endpoint, String prefix, String marker, Integer maxResults, List<ShareItem> shares,
                                   boolean withMetadata, String nextMarker) {
        StringBuilder b = new StringBuilder(BlobXml.PROLOG).append("<EnumerationResults ServiceEndpoint=\"").append(BlobXml.escape(endpoint)).append("\">");
        if (prefix != null) element(b, "Prefix", prefix);
        if (marker != null) element(b, "Marker", marker);
        if (maxResults != null) element(b, "MaxResults", maxResults.toString());
        b.append("<Shares>");
        for (ShareItem s : shares) {
            b.append("<Share>");
            element(b, "Name", s.name());
            b.append("<Properties>");
            element(b, "Last-Modified", BlobXml.httpDate(s.lastModified()));
            element(b, "Etag", s.etag());
            element(b, "Quota", Integer.toString(s.quota()));
            element(b, "AccessTier", s.accessTier());
            element(b, "EnabledProtocols", s.protocols());
            b.append("</Properties>");
            if (withMetadata) metadata(b, s.metadata());
            b.append("</Share>");
        }
        b.append("</Shares>");
        element(b, "NextMarker", nextMarker == null ? "" : nextMarker);
        return b.append("</EnumerationResults>").toString();
    }

    public static String directoryList(String endpoint, String share, String directoryPath, String prefix, String marker, Integer maxResults,
                                       List<FileEntry> entries, String nextMarker) {
        StringBuilder b = new StringBuilder(BlobXml.PROLOG).append("<EnumerationResults ServiceEndpoint=\"").append(BlobXml.escape(endpoint))
                .append("\" ShareName=\"").append(BlobXml.escape(share)).append("\" DirectoryPath=\"").append(BlobXml.escape(directoryPath)).append("\">");
        if (prefix != null) element(b, "Prefix", prefix);
        if (marker != null) element(b, "Marker", marker);
        if (maxResults != null) element(b, "MaxResults", maxResults.toString());
        b.append("<Entries>");
        for (FileEntry e : entries) {
            String kind = e.directory() ? "Directory" : "File";
            b.append('<').append(kind).append('>');
            element(b, "Name", e.name());
            element(b, "FileId", e.properties().fileId());
            b.append("<Properties>");
            if (!e.directory()) element(b, "Content-Length", Long.toString(e.size()));
            b.append("</Properties>");
            b.append("</").append(kind).append('>');
        }
        b.append("</Entries>");
        element(b, "NextMarker", nextMarker == null ? "" : nextMarker);
        return b.append("</EnumerationResults>").toString();
    }

    public static String shareStats(long usageBytes) {
        long gib = (usageBytes + io.strato.provider.storage.FileShareSpec.GIB - 1) / io.strato.provider.storage.FileShareSpec.GIB;
        return BlobXml.PROLOG + "<ShareStats><ShareUsage>" + gib + "</ShareUsage><ShareUsageBytes>" + usageBytes + "</ShareUsageBytes></ShareStats>";
    }

    private static void metadata(StringBuilder b, Map<String, String> metadata) {
        b.append("<Metadata>");
        metadata.forEach((k, v) -> element(b, k, v));
        b.append("</Metadata>");
    }

    private static void element(StringBuilder b, String name, String value) {
        b.append('<').append(name).append('>').append(BlobXml.escape(value == null ? "" : value)).append("</").append(name).append('>');
    }
}
