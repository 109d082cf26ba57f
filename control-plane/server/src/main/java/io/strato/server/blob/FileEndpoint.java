package io.strato.server.blob;

import io.strato.provider.storage.blob.BlobErrorCode;
import io.strato.provider.storage.blob.BlobServiceException;
import io.strato.provider.storage.blob.BlobXml;
import io.strato.provider.storage.blob.ByteRange;
import io.strato.provider.storage.blob.Sas;
import io.strato.provider.storage.blob.SharedKey;
import io.strato.provider.storage.file.FileEntry;
import io.strato.provider.storage.file.FileErrorCode;
import io.strato.provider.storage.file.FilePath;
import io.strato.provider.storage.file.FileProperties;
import io.strato.provider.storage.file.FileShareStore;
import io.strato.provider.storage.file.FileXml;
import io.strato.provider.storage.file.ShareNames;
import io.strato.provider.storage.file.ShareRef;
import io.strato.server.blob.BlobAccounts.Account;
import io.strato.server.blob.FileShares.Share;
import io.strato.server.boot.ApplianceSettings;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The Azure Files REST data plane over raw Vert.x, on the storage listener of the Blob endpoint (host style
 * {@code ACCOUNT.file.SUFFIX}): shares, directories and files with Shared Key authorization, Azure Files' XML errors,
 * and the share's quota enforced. Shares are the ARM share rows ({@link FileShares}); directories and files live in the
 * storage driver's {@link FileShareStore}, written durably. Work runs on the Blob endpoint's worker threads.
 */
@ApplicationScoped
public class FileEndpoint {
    private static final Logger LOG = Logger.getLogger(FileEndpoint.class);
    private static final int MAX_RESULTS = 5000;
    /** Azure's largest Put Range. */
    private static final long MAX_RANGE = 4L * 1024 * 1024;
    /** Azure's largest file. */
    private static final long MAX_FILE = 4L * 1024 * 1024 * 1024 * 1024;
    private static final long SMALL_BODY = 256 * 1024;
    private static final Pattern WRITE_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Inject BlobAccounts accounts;
    @Inject FileShares shares;
    @Inject BlobEndpoint blob;
    @Inject ApplianceSettings settings;

    enum Level { SERVICE, SHARE, PATH }

    @FunctionalInterface
    interface Operation {
        void run(Exchange x, Account a) throws Exception;
    }

    /** Operations by {@code METHOD level restype comp} ({@code -} for an absent parameter). */
    private final Map<String, Operation> operations = new HashMap<>();

    public FileEndpoint() {
        on("GET", Level.SERVICE, "-", "list", this::listShares);
        on("PUT", Level.SHARE, "share", "-", this::createShare);
        on("DELETE", Level.SHARE, "share", "-", this::deleteShare);
        for (String m : List.of("GET", "HEAD")) {
            on(m, Level.SHARE, "share", "-", this::shareProperties);
            on(m, Level.SHARE, "share", "metadata", this::shareProperties);
            on(m, Level.SHARE, "directory", "-", this::directoryProperties);
            on(m, Level.PATH, "directory", "-", this::directoryProperties);
            on(m, Level.PATH, "-", "-", this::getFile);
            on(m, Level.PATH, "-", "metadata", this::fileMetadata);
        }
        on("PUT", Level.SHARE, "share", "metadata", this::setShareMetadata);
        on("PUT", Level.SHARE, "share", "properties", this::setShareProperties);
        on("GET", Level.SHARE, "share", "stats", this::shareStats);
        on("GET", Level.SHARE, "directory", "list", this::list);
        on("GET", Level.PATH, "directory", "list", this::list);
        on("PUT", Level.PATH, "directory", "-", this::createDirectory);
        on("DELETE", Level.PATH, "directory", "-", this::deleteDirectory);
        on("PUT", Level.PATH, "directory", "metadata", this::setMetadata);
        on("PUT", Level.PATH, "-", "-", this::createFile);
        on("PUT", Level.PATH, "-", "range", this::putRange);
        on("PUT", Level.PATH, "-", "properties", this::setFileProperties);
        on("PUT", Level.PATH, "-", "metadata", this::setMetadata);
        on("DELETE", Level.PATH, "-", "-", this::deleteFile);
    }

    private void on(String method, Level level, String restype, String comp, Operation op) {
        operations.put(method + " " + level + " " + restype + " " + comp, op);
    }

    /** Whether a request's host name is an account's File host ({@code ACCOUNT.file.SUFFIX}). */
    boolean serves(HttpServerRequest request) {
        String host = Optional.ofNullable(request.authority()).map(h -> h.host()).orElse("").toLowerCase(Locale.ROOT);
        String suffix = ".file." + settings.storageSuffix().toLowerCase(Locale.ROOT);
        return host.endsWith(suffix) && host.length() > suffix.length();
    }

    /** Entry point, on the event loop. */
    void handle(HttpServerRequest request) {
        request.pause();
        Exchange x = new Exchange(request, Vertx.currentContext());
        x.body.start();
        blob.workers().execute(() -> serve(x));
    }

    private void serve(Exchange x) {
        try {
            locate(x);
            Level level = x.blob != null ? Level.PATH : x.container != null ? Level.SHARE : Level.SERVICE;
            String key = x.request.method().name() + " " + level + " " + x.param("restype").orElse("-").toLowerCase(Locale.ROOT) + " "
                    + x.param("comp").orElse("-").toLowerCase(Locale.ROOT);
            Operation op = operations.get(key);
            if (op == null) throw unsupported(x);
            if (x.container != null && !ShareNames.isValid(x.container)) throw BlobErrorCode.InvalidResourceName.exception();
            Account a = accounts.account(x.account);
            if (!"Succeeded".equals(a.provisioningState())) throw BlobErrorCode.AccountBeingCreated.exception();
            a = accounts.authorized(a, account -> authorize(x, account));
            op.run(x, a);
        } catch (BlobServiceException e) {
            x.error(e);
        } catch (Throwable t) {
            LOG.errorf(t, "File request %s failed", x);
            x.error(BlobErrorCode.InternalError.exception());
        }
    }

    private static BlobServiceException unsupported(Exchange x) {
        return switch (x.request.method().name()) {
            case "GET", "HEAD", "PUT", "DELETE" -> BlobErrorCode.InvalidQueryParameterValue.exception("The combination of restype and comp is not served here.");
            default -> BlobErrorCode.UnsupportedHttpVerb.exception();
        };
    }

    /** Account from the host name, share and path from the request path. */
    private void locate(Exchange x) {
        String host = Optional.ofNullable(x.request.authority()).map(h -> h.host()).orElse("").toLowerCase(Locale.ROOT);
        x.account = host.substring(0, host.length() - (".file." + settings.storageSuffix()).length());
        if (!x.account.matches("[a-z0-9]{3,24}")) throw BlobErrorCode.InvalidUri.exception();
        String path = x.request.path();
        int start = path.startsWith("/") ? 1 : 0;
        if (start >= path.length()) return;
        int slash = path.indexOf('/', start);
        x.container = Exchange.decode(slash < 0 ? path.substring(start) : path.substring(start, slash));
        if (x.container.isEmpty()) x.container = null;
        if (slash >= 0 && slash + 1 < path.length()) {
            x.blob = Exchange.decode(path.substring(slash + 1).replace("+", "%2B"));
            if (FilePath.parse(x.blob).isRoot()) x.blob = null;
        }
    }

    private static void authorize(Exchange x, Account a) {
        Optional<String> authorization = x.header("Authorization");
        if (authorization.isPresent()) {
            if (authorization.get().startsWith("Bearer ")) {
                throw BlobErrorCode.AuthenticationFailed.exception("Bearer tokens are not accepted by this File endpoint; use Shared Key.");
            }
            SharedKey.verify(x.signed, authorization.get(), a.name(), a.keys());
            return;
        }
        if (Sas.present(x.signed)) throw BlobErrorCode.AuthenticationFailed.exception("This File endpoint accepts Shared Key only.");
        throw BlobErrorCode.NoAuthenticationInformation.exception();
    }

    // ---------------------------------------------------------------- shares

    private Share share(Exchange x, Account a) {
        return shares.share(a, x.container).orElseThrow(FileErrorCode.ShareNotFound::exception);
    }

    private static ShareRef ref(Exchange x, Account a) { return new ShareRef(a.name(), x.container); }

    private static String endpoint(Exchange x) {
        return "https://" + Optional.ofNullable(x.request.authority()).map(Object::toString).orElse("127.0.0.1") + "/";
    }

    private void listShares(Exchange x, Account a) {
        String prefix = x.param("prefix").orElse("");
        String marker = x.param("marker").filter(s -> !s.isEmpty()).orElse(null);
        int max = maxResults(x);
        boolean withMetadata = x.param("include").map(s -> List.of(s.toLowerCase(Locale.ROOT).split(",")).contains("metadata")).orElse(false);
        List<Share> page = shares.shares(a, prefix, marker, max + 1);
        String next = page.size() > max ? page.get(max).name() : null;
        List<FileXml.ShareItem> items = page.stream().limit(max).map(s -> new FileXml.ShareItem(s.name(), s.spec().lastModified(), s.etag(),
                s.spec().shareQuota(), s.spec().accessTier(), s.spec().enabledProtocols(), s.spec().metadata())).toList();
        x.respond(200, x.baseHeaders(), FileXml.shareList(endpoint(x), x.param("prefix").orElse(null), marker,
                x.param("maxresults").isPresent() ? max : null, items, withMetadata, next));
    }

    private static int maxResults(Exchange x) {
        Optional<String> m = x.param("maxresults");
        if (m.isEmpty()) return MAX_RESULTS;
        try {
            int n = Integer.parseInt(m.get());
            if (n < 1) throw BlobErrorCode.OutOfRangeQueryParameterValue.exception("maxresults");
            return Math.min(n, MAX_RESULTS);
        } catch (NumberFormatException e) {
            throw BlobErrorCode.InvalidQueryParameterValue.exception("maxresults");
        }
    }

    private void createShare(Exchange x, Account a) {
        Optional<String> quota = x.header("x-ms-share-quota");
        Optional<String> tier = x.header("x-ms-access-tier");
        Optional<String> protocols = x.header("x-ms-enabled-protocols");
        Map<String, String> metadata = x.metadata();
        shares.create(a, x.container, p -> {
            quota.ifPresent(q -> p.put("shareQuota", quotaValue(q)));
            tier.ifPresent(t -> p.put("accessTier", t));
            protocols.ifPresent(v -> p.put("enabledProtocols", v));
            metadata.forEach(p.putObject("metadata")::put);
        });
        respondWithShare(x, a, 201);
    }

    private static int quotaValue(String q) {
        try {
            return Integer.parseInt(q.trim());
        } catch (NumberFormatException e) {
            throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-share-quota");
        }
    }

    private void respondWithShare(Exchange x, Account a, int status) {
        Share s = share(x, a);
        MultiMap h = x.baseHeaders();
        h.set("ETag", s.etag());
        h.set("Last-Modified", BlobXml.httpDate(s.spec().lastModified()));
        x.respond(status, h, (String) null);
    }

    private void deleteShare(Exchange x, Account a) {
        share(x, a);
        shares.delete(a, x.container);
        x.respond(202, x.baseHeaders(), (String) null);
    }

    private void shareProperties(Exchange x, Account a) {
        Share s = share(x, a);
        MultiMap h = x.baseHeaders();
        h.set("ETag", s.etag());
        h.set("Last-Modified", BlobXml.httpDate(s.spec().lastModified()));
        h.set("x-ms-share-quota", Integer.toString(s.spec().shareQuota()));
        h.set("x-ms-access-tier", s.spec().accessTier());
        h.set("x-ms-access-tier-change-time", BlobXml.httpDate(s.spec().accessTierChangeTime()));
        h.set("x-ms-enabled-protocols", s.spec().enabledProtocols());
        h.set("x-ms-lease-state", "available");
        h.set("x-ms-lease-status", "unlocked");
        s.spec().metadata().forEach((k, v) -> h.set("x-ms-meta-" + k, v));
        x.respond(200, h, (String) null);
    }

    private void setShareMetadata(Exchange x, Account a) {
        Map<String, String> metadata = x.metadata();
        shares.update(a, x.container, p -> metadata.forEach(p.putObject("metadata")::put));
        respondWithShare(x, a, 200);
    }

    private void setShareProperties(Exchange x, Account a) {
        Optional<String> quota = x.header("x-ms-share-quota");
        Optional<String> tier = x.header("x-ms-access-tier");
        shares.update(a, x.container, p -> {
            quota.ifPresent(q -> p.put("shareQuota", quotaValue(q)));
            tier.ifPresent(t -> p.put("accessTier", t));
        });
        respondWithShare(x, a, 200);
    }

    private void shareStats(Exchange x, Account a) throws Exception {
        Share s = share(x, a);
        MultiMap h = x.baseHeaders();
        h.set("ETag", s.etag());
        h.set("Last-Modified", BlobXml.httpDate(s.spec().lastModified()));
        x.respond(200, h, FileXml.shareStats(shares.fileStore().usageBytes(ref(x, a))));
    }

    // ---------------------------------------------------------------- directories

    private static FilePath path(Exchange x) { return x.blob == null ? FilePath.ROOT : FilePath.parse(x.blob); }

    private static void entryHeaders(MultiMap h, FileEntry e) {
        FileProperties p = e.properties();
        h.set("ETag", p.etag());
        h.set("Last-Modified", BlobXml.httpDate(p.modified()));
        h.set("x-ms-server-encrypted", "true");
        h.set("x-ms-file-attributes", e.directory() ? "Directory" : "Archive");
        h.set("x-ms-file-creation-time", FILE_TIME.format(p.created()));
        h.set("x-ms-file-last-write-time", FILE_TIME.format(p.modified()));
        h.set("x-ms-file-change-time", FILE_TIME.format(p.modified()));
        h.set("x-ms-file-permission-key", "0*0");
        h.set("x-ms-file-id", p.fileId());
        h.set("x-ms-file-parent-id", "0");
        p.metadata().forEach((k, v) -> h.set("x-ms-meta-" + k, v));
    }

    private void createDirectory(Exchange x, Account a) throws Exception {
        share(x, a);
        FileEntry e = shares.fileStore().createDirectory(ref(x, a), path(x), x.metadata(), Instant.now());
        MultiMap h = x.baseHeaders();
        entryHeaders(h, e);
        h.set("x-ms-request-server-encrypted", "true");
        x.respond(201, h, (String) null);
    }

    private void deleteDirectory(Exchange x, Account a) throws Exception {
        share(x, a);
        shares.fileStore().deleteDirectory(ref(x, a), path(x));
        x.respond(202, x.baseHeaders(), (String) null);
    }

    private void directoryProperties(Exchange x, Account a) throws Exception {
        share(x, a);
        FileEntry e = shares.fileStore().entry(ref(x, a), path(x)).filter(FileEntry::directory)
                .orElseThrow(FileErrorCode.ResourceNotFound::exception);
        MultiMap h = x.baseHeaders();
        entryHeaders(h, e);
        x.respond(200, h, (String) null);
    }

    private void list(Exchange x, Account a) throws Exception {
        share(x, a);
        FilePath dir = path(x);
        String prefix = x.param("prefix").orElse("");
        String marker = x.param("marker").filter(s -> !s.isEmpty()).orElse(null);
        int max = maxResults(x);
        List<FileEntry> all = shares.fileStore().list(ref(x, a), dir).stream()
                .filter(e -> e.name().startsWith(prefix))
                .filter(e -> marker == null || e.name().compareTo(marker) >= 0).toList();
        String next = all.size() > max ? all.get(max).name() : null;
        x.respond(200, x.baseHeaders(), FileXml.directoryList(endpoint(x), x.container, dir.toString(), x.param("prefix").orElse(null), marker,
                x.param("maxresults").isPresent() ? max : null, all.stream().limit(max).toList(), next));
    }

    private void setMetadata(Exchange x, Account a) throws Exception {
        Share s = share(x, a);
        Map<String, String> metadata = x.metadata();
        FileEntry e = shares.fileStore().update(ref(x, a), path(x), p -> p.withMetadata(metadata), -1, s.spec().quotaBytes(), Instant.now());
        MultiMap h = x.baseHeaders();
        h.set("ETag", e.properties().etag());
        h.set("Last-Modified", BlobXml.httpDate(e.properties().modified()));
        h.set("x-ms-request-server-encrypted", "true");
        x.respond(200, h, (String) null);
    }

    // ---------------------------------------------------------------- files

    private static FileProperties.Headers headers(Exchange x, FileProperties.Headers before) {
        return new FileProperties.Headers(
                x.header("x-ms-content-type").orElse(before == null ? null : before.contentType()),
                x.header("x-ms-content-encoding").orElse(before == null ? null : before.contentEncoding()),
                x.header("x-ms-content-language").orElse(before == null ? null : before.contentLanguage()),
                x.header("x-ms-content-disposition").orElse(before == null ? null : before.contentDisposition()),
                x.header("x-ms-cache-control").orElse(before == null ? null : before.cacheControl()),
                x.header("x-ms-content-md5").orElse(before == null ? null : before.contentMd5()));
    }

    private static long contentLength(Exchange x, boolean required) {
        Optional<String> v = x.header("x-ms-content-length");
        if (v.isEmpty()) {
            if (required) throw BlobErrorCode.MissingRequiredHeader.exception("x-ms-content-length");
            return -1;
        }
        try {
            long n = Long.parseLong(v.get().trim());
            if (n < 0 || n > MAX_FILE) throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-content-length");
            return n;
        } catch (NumberFormatException e) {
            throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-content-length");
        }
    }

    private void createFile(Exchange x, Account a) throws Exception {
        String type = x.header("x-ms-type").orElseThrow(() -> BlobErrorCode.MissingRequiredHeader.exception("x-ms-type"));
        if (!type.equalsIgnoreCase("file")) throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-type");
        long size = contentLength(x, true);
        Share s = share(x, a);
        FileProperties props = FileProperties.fresh(Instant.now(), x.metadata()).withHeaders(headers(x, null));
        FileEntry e = shares.fileStore().createFile(ref(x, a), path(x), size, props, s.spec().quotaBytes());
        MultiMap h = x.baseHeaders();
        entryHeaders(h, e);
        h.set("x-ms-request-server-encrypted", "true");
        x.respond(201, h, (String) null);
    }

    private void putRange(Exchange x, Account a) throws Exception {
        String range = x.header("x-ms-range").or(() -> x.header("Range")).orElseThrow(() -> BlobErrorCode.MissingRequiredHeader.exception("x-ms-range"));
        Matcher m = WRITE_RANGE.matcher(range.trim());
        if (!m.matches()) throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-range");
        long first = Long.parseLong(m.group(1)), last = Long.parseLong(m.group(2));
        if (last < first) throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-range");
        long length = last - first + 1;
        String write = x.header("x-ms-write").orElseThrow(() -> BlobErrorCode.MissingRequiredHeader.exception("x-ms-write"));
        share(x, a);
        FileShareStore store = shares.fileStore();
        MultiMap h = x.baseHeaders();
        FileEntry e;
        switch (write.toLowerCase(Locale.ROOT)) {
            case "update" -> {
                if (length > MAX_RANGE) throw BlobErrorCode.RequestBodyTooLarge.exception("A range is at most 4 MiB.");
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                e = store.writeRange(ref(x, a), path(x), first, length, () -> {
                    ByteBuffer b = x.body.next();
                    if (b != null) md5.update(b.duplicate());
                    return b;
                }, Instant.now());
                h.set("Content-MD5", Base64.getEncoder().encodeToString(md5.digest()));
            }
            case "clear" -> {
                if (x.header("Content-Length").filter(v -> !v.equals("0")).isPresent()) throw BlobErrorCode.InvalidHeaderValue.exception("Content-Length");
                e = store.clearRange(ref(x, a), path(x), first, length, Instant.now());
            }
            default -> throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-write");
        }
        h.set("ETag", e.properties().etag());
        h.set("Last-Modified", BlobXml.httpDate(e.properties().modified()));
        h.set("x-ms-request-server-encrypted", "true");
        x.respond(201, h, (String) null);
    }

    private FileEntry existingFile(Exchange x, Account a) throws Exception {
        share(x, a);
        FilePath p = path(x);
        Optional<FileEntry> e = shares.fileStore().entry(ref(x, a), p);
        if (e.isPresent() && !e.get().directory()) return e.get();
        boolean parent = p.isRoot() || shares.fileStore().entry(ref(x, a), p.parent()).map(FileEntry::directory).orElse(false);
        throw parent ? FileErrorCode.ResourceNotFound.exception() : FileErrorCode.ParentNotFound.exception();
    }

    private static void fileHeaders(MultiMap h, FileEntry e) {
        entryHeaders(h, e);
        FileProperties p = e.properties();
        h.set("x-ms-type", "File");
        h.set("Accept-Ranges", "bytes");
        h.set("Content-Type", p.contentType() == null ? "application/octet-stream" : p.contentType());
        if (p.contentEncoding() != null) h.set("Content-Encoding", p.contentEncoding());
        if (p.contentLanguage() != null) h.set("Content-Language", p.contentLanguage());
        if (p.contentDisposition() != null) h.set("Content-Disposition", p.contentDisposition());
        if (p.cacheControl() != null) h.set("Cache-Control", p.cacheControl());
        h.set("x-ms-lease-state", "available");
        h.set("x-ms-lease-status", "unlocked");
    }

    private void getFile(Exchange x, Account a) throws Exception {
        FileEntry e = existingFile(x, a);
        MultiMap h = x.baseHeaders();
        fileHeaders(h, e);
        Optional<ByteRange> range = x.isHead() ? Optional.empty()
                : ByteRange.of(x.header("x-ms-range").orElse(x.header("Range").orElse(null)), e.size());
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(e.size());
        int status = range.isPresent() ? 206 : 200;
        if (range.isPresent()) {
            h.set("Content-Range", range.get().contentRange(e.size()));
            if (e.properties().contentMd5() != null) h.set("x-ms-content-md5", e.properties().contentMd5());
        } else if (e.properties().contentMd5() != null) {
            h.set("Content-MD5", e.properties().contentMd5());
        }
        h.set("Content-Length", Long.toString(length));
        if (x.isHead() || length == 0) {
            x.respond(status, h, (Buffer) null);
            return;
        }
        FileShareStore store = shares.fileStore();
        Optional<java.nio.file.Path> file = length > SMALL_BODY ? store.localFile(ref(x, a), path(x)) : Optional.empty();
        if (file.isPresent()) {
            x.sendFile(status, h, file.get().toString(), offset, length);
            return;
        }
        try (ReadableByteChannel in = store.open(ref(x, a), path(x), offset, length)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 16 * 1024 * 1024));
            while (buf.hasRemaining() && in.read(buf) >= 0) { }
            buf.flip();
            x.respond(status, h, Buffer.buffer(io.netty.buffer.Unpooled.wrappedBuffer(buf)));
        }
    }

    private void fileMetadata(Exchange x, Account a) throws Exception {
        FileEntry e = existingFile(x, a);
        MultiMap h = x.baseHeaders();
        h.set("ETag", e.properties().etag());
        h.set("Last-Modified", BlobXml.httpDate(e.properties().modified()));
        e.properties().metadata().forEach((k, v) -> h.set("x-ms-meta-" + k, v));
        x.respond(200, h, (String) null);
    }

    private void setFileProperties(Exchange x, Account a) throws Exception {
        long size = contentLength(x, false);
        Share s = share(x, a);
        FileEntry e = shares.fileStore().update(ref(x, a), path(x), p -> p.withHeaders(headers(x, null)), size, s.spec().quotaBytes(), Instant.now());
        MultiMap h = x.baseHeaders();
        entryHeaders(h, e);
        h.set("x-ms-request-server-encrypted", "true");
        x.respond(200, h, (String) null);
    }

    private void deleteFile(Exchange x, Account a) throws Exception {
        share(x, a);
        shares.fileStore().deleteFile(ref(x, a), path(x));
        x.respond(202, x.baseHeaders(), (String) null);
    }
}
