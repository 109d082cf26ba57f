package io.strato.provider.storage.blob;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The XML bodies of the Blob service: errors, listings, block lists and access policies. */
public final class BlobXml {
    public static final String PROLOG = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    /** Dates in headers and listings: RFC 1123 ({@code Mon, 27 Jan 2025 10:00:00 GMT}). */
    public static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private BlobXml() {}

    public static String httpDate(Instant t) {
        return DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC).format(t);
    }

    /** Azure's error body; the message ends with the request id and time, as Azure's does. */
    public static String error(StorageErrorCode code, String message, String detail, String requestId, Instant now) {
        StringBuilder b = new StringBuilder(PROLOG).append("<Error><Code>").append(code.name()).append("</Code><Message>")
                .append(escape(message)).append("\nRequestId:").append(requestId).append("\nTime:")
                .append(DateTimeFormatter.ISO_INSTANT.format(now)).append("</Message>");
        if (detail != null) {
            String element = code == BlobErrorCode.AuthenticationFailed ? "AuthenticationErrorDetail" : "Detail";
            b.append('<').append(element).append('>').append(escape(detail)).append("</").append(element).append('>');
        }
        return b.append("</Error>").toString();
    }

    /** One container of a List Containers page. */
    public record ContainerItem(String name, Instant lastModified, String etag, String publicAccess, Map<String, String> metadata) {}

    public static String containerList(String endpoint, String prefix, String marker, Integer maxResults,
                                       List<ContainerItem> items, boolean withMetadata, String nextMarker) {
        StringBuilder b = new StringBuilder(PROLOG).append("<EnumerationResults ServiceEndpoint=\"").append(escape(endpoint)).append("\">");
        element(b, "Prefix", prefix);
        element(b, "Marker", marker);
        if (maxResults != null) element(b, "MaxResults", maxResults.toString());
        b.append("<Containers>");
        for (ContainerItem c : items) {
            b.append("<Container><Name>").append(escape(c.name())).append("</Name><Properties>");
            element(b, "Last-Modified", httpDate(c.lastModified()));
            element(b, "Etag", c.etag());
            b.append("<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>");
            if (!"None".equals(c.publicAccess())) element(b, "PublicAccess", c.publicAccess().toLowerCase(Locale.ROOT));
            b.append("<HasImmutabilityPolicy>false</HasImmutabilityPolicy><HasLegalHold>false</HasLegalHold>");
            b.append("<DefaultEncryptionScope>$account-encryption-key</DefaultEncryptionScope><DenyEncryptionScopeOverride>false</DenyEncryptionScopeOverride>");
            b.append("</Properties>");
            if (withMetadata) metadata(b, c.metadata());
            b.append("</Container>");
        }
        b.append("</Containers>");
        b.append("<NextMarker>").append(nextMarker == null ? "" : escape(nextMarker)).append("</NextMarker></EnumerationResults>");
        return b.toString();
    }

    /** One blob of a List Blobs page. */
    public record BlobItem(String name, Instant created, Instant lastModified, String etag, long size, String contentType,
                           String contentEncoding, String contentLanguage, String contentDisposition, String cacheControl,
                           String contentMd5, Map<String, String> metadata) {}

    public static String blobList(String endpoint, String container, String prefix, String marker, Integer maxResults, String delimiter,
                                  List<BlobItem> blobs, List<String> prefixes, boolean withMetadata, String nextMarker) {
        StringBuilder b = new StringBuilder(PROLOG).append("<EnumerationResults ServiceEndpoint=\"").append(escape(endpoint))
                .append("\" ContainerName=\"").append(escape(container)).append("\">");
        element(b, "Prefix", prefix);
        element(b, "Marker", marker);
        if (maxResults != null) element(b, "MaxResults", maxResults.toString());
        element(b, "Delimiter", delimiter);
        b.append("<Blobs>");
        // Azure lists blobs and prefixes merged in name order
        int i = 0, j = 0;
        while (i < blobs.size() || j < prefixes.size()) {
            boolean blobNext = j >= prefixes.size() || (i < blobs.size() && blobs.get(i).name().compareTo(prefixes.get(j)) < 0);
            if (blobNext) blob(b, blobs.get(i++), withMetadata);
            else b.append("<BlobPrefix><Name>").append(escape(prefixes.get(j++))).append("</Name></BlobPrefix>");
        }
        b.append("</Blobs><NextMarker>").append(nextMarker == null ? "" : escape(nextMarker)).append("</NextMarker></EnumerationResults>");
        return b.toString();
    }

    private static void blob(StringBuilder b, BlobItem x, boolean withMetadata) {
        b.append("<Blob><Name>").append(escape(x.name())).append("</Name><Properties>");
        element(b, "Creation-Time", httpDate(x.created()));
        element(b, "Last-Modified", httpDate(x.lastModified()));
        element(b, "Etag", x.etag());
        element(b, "Content-Length", Long.toString(x.size()));
        b.append("<Content-Type>").append(escape(x.contentType() == null ? "application/octet-stream" : x.contentType())).append("</Content-Type>");
        b.append("<Content-Encoding>").append(escape(nz(x.contentEncoding()))).append("</Content-Encoding>");
        b.append("<Content-Language>").append(escape(nz(x.contentLanguage()))).append("</Content-Language>");
        b.append("<Content-CRC64 />");
        b.append("<Content-MD5>").append(nz(x.contentMd5())).append("</Content-MD5>");
        b.append("<Cache-Control>").append(escape(nz(x.cacheControl()))).append("</Cache-Control>");
        b.append("<Content-Disposition>").append(escape(nz(x.contentDisposition()))).append("</Content-Disposition>");
        b.append("<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>");
        b.append("<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted>");
        b.append("</Properties>");
        if (withMetadata) metadata(b, x.metadata());
        b.append("<OrMetadata /></Blob>");
    }

    /** A block of Get Block List. */
    public record Block(String id, long size) {}

    public static String blockList(List<Block> committed, List<Block> uncommitted, boolean showCommitted, boolean showUncommitted) {
        StringBuilder b = new StringBuilder(PROLOG).append("<BlockList>");
        if (showCommitted) blocks(b, "CommittedBlocks", committed);
        if (showUncommitted) blocks(b, "UncommittedBlocks", uncommitted);
        return b.append("</BlockList>").toString();
    }

    private static void blocks(StringBuilder b, String element, List<Block> blocks) {
        b.append('<').append(element).append('>');
        for (Block x : blocks) {
            b.append("<Block><Name>").append(escape(x.id())).append("</Name><Size>").append(x.size()).append("</Size></Block>");
        }
        b.append("</").append(element).append('>');
    }

    /** Where Put Block List takes a block from. */
    public enum BlockSource { Committed, Uncommitted, Latest }

    public record BlockRef(String id, BlockSource source) {}

    /** Parses a Put Block List body: {@code <BlockList><Latest>id</Latest>...</BlockList>}. */
    public static List<BlockRef> parseBlockList(byte[] xml) {
        Element root = parse(xml);
        if (!root.getTagName().equals("BlockList")) throw BlobErrorCode.InvalidXmlDocument.exception("the root element must be BlockList");
        List<BlockRef> out = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element e)) continue;
            BlockSource source;
            try {
                source = BlockSource.valueOf(e.getTagName());
            } catch (IllegalArgumentException ex) {
                throw BlobErrorCode.InvalidXmlDocument.exception("unknown element " + e.getTagName());
            }
            out.add(new BlockRef(e.getTextContent().trim(), source));
        }
        return out;
    }

    /** A stored access policy of Set/Get Container ACL. */
    public record SignedIdentifier(String id, String start, String expiry, String permission) {}

    public static List<SignedIdentifier> parseSignedIdentifiers(byte[] xml) {
        if (xml.length == 0) return List.of();
        Element root = parse(xml);
        if (!root.getTagName().equals("SignedIdentifiers")) throw BlobErrorCode.InvalidXmlDocument.exception("the root element must be SignedIdentifiers");
        List<SignedIdentifier> out = new ArrayList<>();
        NodeList ids = root.getElementsByTagName("SignedIdentifier");
        for (int i = 0; i < ids.getLength(); i++) {
            Element e = (Element) ids.item(i);
            out.add(new SignedIdentifier(text(e, "Id"), text(e, "Start"), text(e, "Expiry"), text(e, "Permission")));
        }
        if (out.size() > 5) throw BlobErrorCode.InvalidXmlDocument.exception("at most five signed identifiers");
        return out;
    }

    public static String signedIdentifiers(List<SignedIdentifier> ids) {
        StringBuilder b = new StringBuilder(PROLOG).append("<SignedIdentifiers>");
        for (SignedIdentifier s : ids) {
            b.append("<SignedIdentifier><Id>").append(escape(s.id())).append("</Id><AccessPolicy>");
            element(b, "Start", s.start());
            element(b, "Expiry", s.expiry());
            element(b, "Permission", s.permission());
            b.append("</AccessPolicy></SignedIdentifier>");
        }
        return b.append("</SignedIdentifiers>").toString();
    }

    private static String text(Element parent, String name) {
        NodeList l = parent.getElementsByTagName(name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    private static Element parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            Document d = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
            return d.getDocumentElement();
        } catch (BlobServiceException e) {
            throw e;
        } catch (Exception e) {
            throw BlobErrorCode.InvalidXmlDocument.exception();
        }
    }

    private static void metadata(StringBuilder b, Map<String, String> metadata) {
        b.append("<Metadata>");
        metadata.forEach((k, v) -> b.append('<').append(k).append('>').append(escape(v)).append("</").append(k).append('>'));
        b.append("</Metadata>");
    }

    private static void element(StringBuilder b, String name, String value) {
        if (value == null) return;
        b.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
    }

    private static String nz(String s) { return s == null ? "" : s; }

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') b.append("&#x").append(Integer.toHexString(c)).append(';');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    static boolean isElement(Node n) { return n instanceof Element; }
}
