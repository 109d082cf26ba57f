package io.strato.server.blob;

import io.strato.provider.storage.BlobContainerSpec;
import io.strato.provider.storage.blob.BlobErrorCode;
import io.strato.provider.storage.blob.BlobOperation;
import io.strato.provider.storage.blob.BlobRoutes;
import io.strato.provider.storage.blob.BlobServiceException;
import io.strato.provider.storage.blob.BlobStore;
import io.strato.provider.storage.blob.BlobXml;
import io.strato.provider.storage.blob.ByteRange;
import io.strato.provider.storage.blob.Conditions;
import io.strato.provider.storage.blob.ContainerNames;
import io.strato.provider.storage.blob.ContainerRef;
import io.strato.provider.storage.blob.ContentId;
import io.strato.provider.storage.blob.Sas;
import io.strato.provider.storage.blob.SharedKey;
import io.strato.server.blob.BlobAccounts.Account;
import io.strato.server.blob.BlobAccounts.Container;
import io.strato.server.blob.BlobRepository.BlobRow;
import io.strato.server.blob.BlobRepository.StagedBlock;
import io.strato.server.boot.ApplianceSettings;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Blob data plane over raw Vert.x: resolves the account (host style {@code ACCOUNT.blob.SUFFIX} or path style
 * {@code /ACCOUNT/...}), the operation ({@link BlobRoutes}), authenticates (Shared Key, SAS, or anonymous reads
 * where the container allows), then runs the operation on a worker thread. Bodies stream between the socket and
 * the {@link BlobStore}; nothing holds a whole blob in memory.
 */
@ApplicationScoped
public class BlobEndpoint {
    private static final Logger LOG = Logger.getLogger(BlobEndpoint.class);
    private static final int XML_LIMIT = 4 * 1024 * 1024;
    private static final int MAX_RESULTS = 5000;
    private static final long MAX_BLOCK = 4000L * 1024 * 1024;
    /** Bodies up to this size are read on the worker and written at once; larger ones are sent from their file. */
    private static final long SMALL_BODY = 256 * 1024;
    /**
     * Put Blob and Copy Blob keep a blob up to this size in its metadata row rather than in a file: one WAL flush
     * then makes the write durable, instead of forcing a file, its folder and the WAL.
     */
    static final int INLINE_LIMIT = 64 * 1024;

    @Inject BlobAccounts accounts;
    @Inject BlobRepository blobs;
    @Inject ApplianceSettings settings;
    @ConfigProperty(name = "strato.blob.threads", defaultValue = "64") int threads;

    @FunctionalInterface
    interface Operation {
        void run(Exchange x, Account a) throws Exception;
    }

    private final Map<BlobOperation, Operation> operations = new EnumMap<>(BlobOperation.class);
    private volatile ExecutorService workers;

    public BlobEndpoint() {
        operations.put(BlobOperation.LIST_CONTAINERS, this::listContainers);
        operations.put(BlobOperation.GET_SERVICE_PROPERTIES, this::serviceProperties);
        operations.put(BlobOperation.GET_ACCOUNT_INFO, this::accountInfo);
        operations.put(BlobOperation.CREATE_CONTAINER, this::createContainer);
        operations.put(BlobOperation.DELETE_CONTAINER, this::deleteContainer);
        operations.put(BlobOperation.GET_CONTAINER_PROPERTIES, this::containerProperties);
        operations.put(BlobOperation.SET_CONTAINER_METADATA, this::setContainerMetadata);
        operations.put(BlobOperation.GET_CONTAINER_ACL, this::getContainerAcl);
        operations.put(BlobOperation.SET_CONTAINER_ACL, this::setContainerAcl);
        operations.put(BlobOperation.LIST_BLOBS, this::listBlobs);
        operations.put(BlobOperation.PUT_BLOB, this::putBlob);
        operations.put(BlobOperation.PUT_BLOCK, this::putBlock);
        operations.put(BlobOperation.PUT_BLOCK_LIST, this::putBlockList);
        operations.put(BlobOperation.GET_BLOCK_LIST, this::getBlockList);
        operations.put(BlobOperation.GET_BLOB, this::getBlob);
        operations.put(BlobOperation.GET_BLOB_PROPERTIES, this::getBlob);
        operations.put(BlobOperation.GET_BLOB_METADATA, this::getBlobMetadata);
        operations.put(BlobOperation.SET_BLOB_PROPERTIES, this::setBlobProperties);
        operations.put(BlobOperation.SET_BLOB_METADATA, this::setBlobMetadata);
        operations.put(BlobOperation.DELETE_BLOB, this::deleteBlob);
        operations.put(BlobOperation.COPY_BLOB, this::copyBlob);
    }

    /** The worker threads of the storage listener (Blob and File requests). */
    ExecutorService workers() {
        if (workers == null) {
            synchronized (this) {
                if (workers == null) {
                    AtomicInteger n = new AtomicInteger();
                    workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "blob-worker-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
        return workers;
    }

    void shutdown() {
        if (workers != null) workers.shutdownNow();
    }

    /** Entry point, on the event loop. */
    void handle(HttpServerRequest request) {
        request.pause();
        Exchange x = new Exchange(request, Vertx.currentContext());
        x.body.start();
        workers().execute(() -> serve(x));
    }

    private void serve(Exchange x) {
        try {
            locate(x);
            BlobRoutes.Level level = x.blob != null ? BlobRoutes.Level.BLOB : x.container != null ? BlobRoutes.Level.CONTAINER : BlobRoutes.Level.SERVICE;
            BlobOperation op = BlobRoutes.resolve(x.request.method().name(), level, x.param("restype").orElse(null), x.param("comp").orElse(null),
                            x.header("x-ms-copy-source").isPresent())
                    .orElseThrow(() -> unsupported(x));
            if (x.container != null && !ContainerNames.isValid(x.container)) throw BlobErrorCode.InvalidResourceName.exception();
            if (x.blob != null && !ContainerNames.isValidBlobName(x.blob)) throw BlobErrorCode.InvalidResourceName.exception();
            Account a = accounts.account(x.account);
            if (!"Succeeded".equals(a.provisioningState())) throw BlobErrorCode.AccountBeingCreated.exception();
            a = accounts.authorized(a, account -> authorize(x, account, op));
            operations.get(op).run(x, a);
        } catch (BlobServiceException e) {
            x.error(e);
        } catch (Throwable t) {
            LOG.errorf(t, "Blob request %s failed", x);
            x.error(BlobErrorCode.InternalError.exception());
        }
    }

    private static BlobServiceException unsupported(Exchange x) {
        return switch (x.request.method().name()) {
            case "GET", "HEAD", "PUT", "DELETE" -> BlobErrorCode.InvalidQueryParameterValue.exception("The combination of restype and comp is not served here.");
            default -> BlobErrorCode.UnsupportedHttpVerb.exception();
        };
    }

    /** Account, container and blob from the host name (host style) or the first path segment (path style). */
    private void locate(Exchange x) {
        String host = Optional.ofNullable(x.request.authority()).map(h -> h.host()).orElse("").toLowerCase(Locale.ROOT);
        String suffix = ".blob." + settings.storageSuffix().toLowerCase(Locale.ROOT);
        String path = x.request.path();
        int start = path.startsWith("/") ? 1 : 0;
        if (host.endsWith(suffix) && host.length() > suffix.length()) {
            x.account = host.substring(0, host.length() - suffix.length());
        } else {
            int slash = path.indexOf('/', start);
            String first = slash < 0 ? path.substring(start) : path.substring(start, slash);
            if (first.isEmpty()) throw BlobErrorCode.InvalidUri.exception("Path-style requests name the account first: /ACCOUNT/container/blob.");
            x.account = Exchange.decode(first);
            start = slash < 0 ? path.length() : slash + 1;
        }
        if (!x.account.matches("[a-z0-9]{3,24}")) throw BlobErrorCode.InvalidUri.exception();
        if (start >= path.length()) return;
        int slash = path.indexOf('/', start);
        x.container = Exchange.decode(slash < 0 ? path.substring(start) : path.substring(start, slash));
        if (x.container.isEmpty()) x.container = null;
        if (slash >= 0 && slash + 1 < path.length()) x.blob = Exchange.decode(path.substring(slash + 1).replace("+", "%2B"));
    }

    // ---------------------------------------------------------------- authentication

    private void authorize(Exchange x, Account a, BlobOperation op) {
        Optional<String> authorization = x.header("Authorization");
        if (authorization.isPresent()) {
            if (authorization.get().startsWith("Bearer ")) throw BlobErrorCode.AuthenticationFailed.exception("Bearer tokens are not accepted by this Blob endpoint; use Shared Key or a SAS.");
            SharedKey.verify(x.signed, authorization.get(), a.name(), a.keys());
            return;
        }
        if (Sas.present(x.signed)) {
            Sas.verify(x.signed, new Sas.Target(a.name(), x.container, x.blob, op), a.keys(), x.request.remoteAddress().host(), Instant.now(),
                    id -> x.container == null ? Optional.empty() : accounts.container(a, x.container)
                            .flatMap(c -> c.spec().signedIdentifiers().stream().filter(s -> s.id().equals(id)).findFirst())
                            .map(s -> new Sas.Policy(s.start(), s.expiry(), s.permission())));
            return;
        }
        if (!op.isRead() || x.container == null) throw BlobErrorCode.NoAuthenticationInformation.exception();
        if (!a.spec().allowBlobPublicAccess()) throw BlobErrorCode.PublicAccessNotPermitted.exception();
        Container c = accounts.container(a, x.container).orElseThrow(BlobErrorCode.ResourceNotFound::exception);
        String level = c.spec().publicAccess();
        boolean allowed = "Container".equals(level) || ("Blob".equals(level) && x.blob != null);
        if (!allowed) throw BlobErrorCode.ResourceNotFound.exception();
    }

    // ---------------------------------------------------------------- service

    private void listContainers(Exchange x, Account a) {
        String prefix = x.param("prefix").orElse("");
        String marker = x.param("marker").filter(s -> !s.isEmpty()).orElse(null);
        int max = maxResults(x);
        boolean withMetadata = includes(x, "metadata");
        List<Container> page = accounts.containers(a, prefix, marker, max + 1);
        String next = page.size() > max ? page.get(max).name() : null;
        List<BlobXml.ContainerItem> items = page.stream().limit(max)
                .map(c -> new BlobXml.ContainerItem(c.name(), c.lastModified(), c.etag(), c.spec().publicAccess(), c.spec().metadata())).toList();
        x.respond(200, x.baseHeaders(), BlobXml.containerList(endpoint(x, a), x.param("prefix").orElse(null), marker,
                x.param("maxresults").isPresent() ? max : null, items, withMetadata, next));
    }

    private void serviceProperties(Exchange x, Account a) {
        x.respond(200, x.baseHeaders(), BlobXml.PROLOG + "<StorageServiceProperties><Logging><Version>1.0</Version><Delete>false</Delete>"
                + "<Read>false</Read><Write>false</Write><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></Logging>"
                + "<HourMetrics><Version>1.0</Version><Enabled>false</Enabled><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></HourMetrics>"
                + "<MinuteMetrics><Version>1.0</Version><Enabled>false</Enabled><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></MinuteMetrics>"
                + "<Cors /><DeleteRetentionPolicy><Enabled>false</Enabled></DeleteRetentionPolicy>"
                + "<StaticWebsite><Enabled>false</Enabled></StaticWebsite></StorageServiceProperties>");
    }

    private void accountInfo(Exchange x, Account a) {
        MultiMap h = x.baseHeaders();
        h.set("x-ms-sku-name", a.spec().skuName());
        h.set("x-ms-account-kind", a.spec().kind());
        h.set("x-ms-is-hns-enabled", Boolean.toString(a.spec().hnsEnabled()));
        x.respond(200, h, (String) null);
    }

    private String endpoint(Exchange x, Account a) {
        String host = Optional.ofNullable(x.request.authority()).map(Object::toString).orElse("127.0.0.1");
        boolean hostStyle = host.toLowerCase(Locale.ROOT).startsWith(a.name() + ".blob.");
        return "https://" + host + "/" + (hostStyle ? "" : a.name() + "/");
    }

    // ---------------------------------------------------------------- containers

    private static String accessLevel(Exchange x) {
        Optional<String> h = x.header("x-ms-blob-public-access");
        if (h.isEmpty() || h.get().isEmpty()) return "None";
        return switch (h.get().toLowerCase(Locale.ROOT)) {
            case "container" -> "Container";
            case "blob" -> "Blob";
            default -> throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-blob-public-access");
        };
    }

    private void createContainer(Exchange x, Account a) {
        String access = accessLevel(x);
        if (!"None".equals(access) && !a.spec().allowBlobPublicAccess()) throw BlobErrorCode.PublicAccessNotPermitted.exception();
        accounts.create(a, x.container, access, x.metadata());
        Container c = accounts.container(a, x.container).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        MultiMap h = x.baseHeaders();
        h.set("ETag", c.etag());
        h.set("Last-Modified", BlobXml.httpDate(c.lastModified()));
        x.respond(201, h, (String) null);
    }

    private void deleteContainer(Exchange x, Account a) {
        Container c = accounts.container(a, x.container).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        conditions(x).check(c.etag(), c.lastModified(), false);
        accounts.delete(a, x.container);
        x.respond(202, x.baseHeaders(), (String) null);
    }

    private void containerProperties(Exchange x, Account a) {
        Container c = accounts.container(a, x.container).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        MultiMap h = x.baseHeaders();
        h.set("ETag", c.etag());
        h.set("Last-Modified", BlobXml.httpDate(c.lastModified()));
        c.spec().metadata().forEach((k, v) -> h.set("x-ms-meta-" + k, v));
        if (!"None".equals(c.spec().publicAccess())) h.set("x-ms-blob-public-access", c.spec().publicAccess().toLowerCase(Locale.ROOT));
        h.set("x-ms-lease-status", "unlocked");
        h.set("x-ms-lease-state", "available");
        h.set("x-ms-has-immutability-policy", "false");
        h.set("x-ms-has-legal-hold", "false");
        h.set("x-ms-default-encryption-scope", "$account-encryption-key");
        h.set("x-ms-deny-encryption-scope-override", "false");
        x.respond(200, h, (String) null);
    }

    private void setContainerMetadata(Exchange x, Account a) {
        Container c = accounts.container(a, x.container).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        conditions(x).check(c.etag(), c.lastModified(), false);
        accounts.update(a, x.container, Optional.empty(), Optional.of(x.metadata()), Optional.empty());
        respondWithContainerEtag(x, a);
    }

    private void getContainerAcl(Exchange x, Account a) {
        Container c = accounts.container(a, x.container).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        MultiMap h = x.baseHeaders();
        h.set("ETag", c.etag());
        h.set("Last-Modified", BlobXml.httpDate(c.lastModified()));
        if (!"None".equals(c.spec().publicAccess())) h.set("x-ms-blob-public-access", c.spec().publicAccess().toLowerCase(Locale.ROOT));
        x.respond(200, h, BlobXml.signedIdentifiers(c.spec().signedIdentifiers().stream()
                .map(s -> new BlobXml.SignedIdentifier(s.id(), s.start(), s.expiry(), s.permission())).toList()));
    }

    private void setContainerAcl(Exchange x, Account a) throws IOException {
        byte[] xml = x.body.readAll(XML_LIMIT);
        String access = accessLevel(x);
        if (!"None".equals(access) && !a.spec().allowBlobPublicAccess()) throw BlobErrorCode.PublicAccessNotPermitted.exception();
        List<BlobContainerSpec.SignedIdentifier> ids = BlobXml.parseSignedIdentifiers(xml).stream()
                .map(s -> new BlobContainerSpec.SignedIdentifier(s.id(), s.start(), s.expiry(), s.permission())).toList();
        Container c = accounts.container(a, x.container).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        conditions(x).check(c.etag(), c.lastModified(), false);
        accounts.update(a, x.container, Optional.of(access), Optional.empty(), Optional.of(ids));
        respondWithContainerEtag(x, a);
    }

    private void respondWithContainerEtag(Exchange x, Account a) {
        Container c = accounts.container(a, x.container).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        MultiMap h = x.baseHeaders();
        h.set("ETag", c.etag());
        h.set("Last-Modified", BlobXml.httpDate(c.lastModified()));
        x.respond(200, h, (String) null);
    }

    private void listBlobs(Exchange x, Account a) {
        String key = a.containerKey(x.container);
        if (accounts.container(a, x.container).isEmpty()) throw BlobErrorCode.ContainerNotFound.exception();
        String prefix = x.param("prefix").orElse("");
        String delimiter = x.param("delimiter").filter(s -> !s.isEmpty()).orElse(null);
        String marker = x.param("marker").filter(s -> !s.isEmpty()).orElse(null);
        int max = maxResults(x);
        boolean withMetadata = includes(x, "metadata");
        List<BlobXml.BlobItem> items = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String next = null;
        String from = marker;
        int taken = 0;
        outer:
        while (true) {
            List<BlobRow> batch = blobs.page(key, prefix, from, Math.min(MAX_RESULTS, max + 1));
            if (batch.isEmpty()) break;
            for (BlobRow b : batch) {
                String rest = b.name().substring(prefix.length());
                int d = delimiter == null ? -1 : rest.indexOf(delimiter);
                String itemKey = d < 0 ? b.name() : prefix + rest.substring(0, d + delimiter.length());
                if (d >= 0 && !prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(itemKey)) continue;
                if (taken == max) {
                    next = itemKey;
                    break outer;
                }
                taken++;
                if (d < 0) items.add(item(b));
                else prefixes.add(itemKey);
            }
            BlobRow last = batch.get(batch.size() - 1);
            if (batch.size() < Math.min(MAX_RESULTS, max + 1)) break;
            String rest = last.name().substring(prefix.length());
            int d = delimiter == null ? -1 : rest.indexOf(delimiter);
            from = d < 0 ? last.name() + "\u0000" : after(prefix + rest.substring(0, d + delimiter.length()));
        }
        x.respond(200, x.baseHeaders(), BlobXml.blobList(endpoint(x, a), x.container, x.param("prefix").orElse(null), marker,
                x.param("maxresults").isPresent() ? max : null, delimiter, items, prefixes, withMetadata, next));
    }

    /** The smallest string greater than every string starting with {@code p}. */
    private static String after(String p) {
        char last = p.charAt(p.length() - 1);
        return p.substring(0, p.length() - 1) + (char) (last + 1);
    }

    private static BlobXml.BlobItem item(BlobRow b) {
        return new BlobXml.BlobItem(b.name(), b.created(), b.modified(), b.etag(), b.size(), b.contentType(), b.contentEncoding(),
                b.contentLanguage(), b.contentDisposition(), b.cacheControl(), b.contentMd5(), b.metadata());
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

    private static boolean includes(Exchange x, String what) {
        return x.param("include").map(s -> List.of(s.toLowerCase(Locale.ROOT).split(",")).contains(what)).orElse(false);
    }

    // ---------------------------------------------------------------- blobs

    private static Conditions conditions(Exchange x) {
        return new Conditions(x.header("If-Match").orElse(null), x.header("If-None-Match").orElse(null),
                x.header("If-Modified-Since").orElse(null), x.header("If-Unmodified-Since").orElse(null));
    }

    private static String newEtag() {
        return "\"0x8DD" + HexFormat.of().withUpperCase().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(3) + "\"";
    }

    /** Blob HTTP properties from {@code x-ms-blob-content-*} headers (falling back to the request's own headers on Put Blob). */
    private record Properties(String type, String encoding, String language, String disposition, String cacheControl, String md5) {
        static Properties of(Exchange x, boolean fallBack) {
            return new Properties(h(x, "x-ms-blob-content-type", fallBack ? "Content-Type" : null),
                    h(x, "x-ms-blob-content-encoding", fallBack ? "Content-Encoding" : null),
                    h(x, "x-ms-blob-content-language", fallBack ? "Content-Language" : null),
                    h(x, "x-ms-blob-content-disposition", null),
                    h(x, "x-ms-blob-cache-control", fallBack ? "Cache-Control" : null),
                    h(x, "x-ms-blob-content-md5", null));
        }

        private static String h(Exchange x, String name, String fallback) {
            return x.header(name).or(() -> fallback == null ? Optional.empty() : x.header(fallback)).orElse(null);
        }
    }

    private ContainerRef ref(Exchange x, Account a) { return new ContainerRef(a.name(), x.container); }

    /** Streams the body into {@code upload}, returning its MD5; checks {@code Content-MD5} when sent. */
    private static byte[] receive(Exchange x, BlobStore.Upload upload) throws IOException {
        MessageDigest md5 = md5();
        for (ByteBuffer b = x.body.next(); b != null; b = x.body.next()) {
            md5.update(b.duplicate());
            upload.write(b);
        }
        return checked(x, md5.digest());
    }

    /** {@code digest}, after checking it against the request's {@code Content-MD5} when sent. */
    private static byte[] checked(Exchange x, byte[] digest) {
        Optional<String> sent = x.header("Content-MD5");
        if (sent.isPresent()) {
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(sent.get().trim());
            } catch (IllegalArgumentException e) {
                throw BlobErrorCode.InvalidMd5.exception();
            }
            if (expected.length != 16) throw BlobErrorCode.InvalidMd5.exception();
            if (!MessageDigest.isEqual(expected, digest)) throw BlobErrorCode.Md5Mismatch.exception();
        }
        return digest;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body's declared length, when the request has a well-formed {@code Content-Length}. */
    private static java.util.OptionalLong declaredLength(Exchange x) {
        try {
            return x.header("Content-Length").map(v -> java.util.OptionalLong.of(Long.parseLong(v.trim()))).orElse(java.util.OptionalLong.empty());
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    private void putBlob(Exchange x, Account a) throws Exception {
        String type = x.header("x-ms-blob-type").orElseThrow(() -> BlobErrorCode.MissingRequiredHeader.exception("x-ms-blob-type"));
        if (!type.equalsIgnoreCase("BlockBlob")) throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-blob-type: only BlockBlob is served");
        Map<String, String> metadata = x.metadata();
        Properties p = Properties.of(x, true);
        BlobStore store = accounts.blobStore();
        ContainerRef ref = ref(x, a);
        ContentId content = null;
        byte[] inline = null;
        long size;
        byte[] digest;
        java.util.OptionalLong declared = declaredLength(x);
        if (declared.isPresent() && declared.getAsLong() <= INLINE_LIMIT) {
            inline = x.body.readAll(INLINE_LIMIT);
            digest = checked(x, md5().digest(inline));
            size = inline.length;
        } else {
            try (BlobStore.Upload upload = store.create(ref)) {
                digest = receive(x, upload);
                size = upload.size();
                content = upload.commit();
            }
        }
        String md5 = p.md5() != null ? p.md5() : Base64.getEncoder().encodeToString(digest);
        Instant now = Instant.now();
        String etag = newEtag();
        String key = a.containerKey(x.container);
        Conditions conditions = conditions(x);
        BlobRow row = new BlobRow(key, x.blob, content, size, etag, now, now, p.type(), p.encoding(), p.language(), p.disposition(),
                p.cacheControl(), md5, metadata, List.of(), inline);
        List<ContentId> garbage = commit(store, ref, content, () -> conditions.any() ? blobs.write(key, x.blob, (tx, current) -> {
            conditions.check(current.map(BlobRow::etag).orElse(null), current.map(BlobRow::modified).orElse(null), false);
            tx.upsert(row);
            List<ContentId> old = new ArrayList<>(tx.dropStaged(key, x.blob));
            current.flatMap(BlobRow::stored).ifPresent(old::add);
            return old;
        }) : blobs.put(row).garbage());
        delete(store, ref, garbage);
        MultiMap h = x.baseHeaders();
        h.set("ETag", etag);
        h.set("Last-Modified", BlobXml.httpDate(now));
        h.set("Content-MD5", md5);
        h.set("x-ms-request-server-encrypted", "true");
        x.respond(201, h, (String) null);
    }

    /** Records a new content; if recording fails, the content is removed so nothing is left behind. */
    private static <T> T commit(BlobStore store, ContainerRef ref, ContentId content, java.util.function.Supplier<T> record) {
        try {
            return record.get();
        } catch (RuntimeException e) {
            if (content != null) delete(store, ref, List.of(content));
            throw e;
        }
    }

    private static void delete(BlobStore store, ContainerRef ref, List<ContentId> contents) {
        for (ContentId c : contents) {
            try {
                store.delete(ref, c);
            } catch (IOException e) {
                LOG.warnf("could not delete content %s of %s: %s", c, ref, e.getMessage());
            }
        }
    }

    private static String blockId(Exchange x) {
        String id = x.param("blockid").orElseThrow(() -> BlobErrorCode.MissingRequiredQueryParameter.exception("blockid"));
        try {
            byte[] raw = Base64.getDecoder().decode(id);
            if (raw.length == 0 || raw.length > 64) throw BlobErrorCode.InvalidQueryParameterValue.exception("blockid");
        } catch (IllegalArgumentException e) {
            throw BlobErrorCode.InvalidQueryParameterValue.exception("blockid");
        }
        return id;
    }

    private void putBlock(Exchange x, Account a) throws Exception {
        String id = blockId(x);
        x.header("Content-Length").map(Long::parseLong).filter(n -> n > MAX_BLOCK).ifPresent(n -> { throw BlobErrorCode.RequestBodyTooLarge.exception(); });
        BlobStore store = accounts.blobStore();
        ContainerRef ref = ref(x, a);
        ContentId content;
        long size;
        byte[] digest;
        try (BlobStore.Upload upload = store.stage(ref)) {
            digest = receive(x, upload);
            size = upload.size();
            content = upload.commit();
        }
        String key = a.containerKey(x.container);
        Optional<ContentId> replaced = commit(store, ref, content, () -> blobs.write(key, x.blob, (tx, current) -> tx.stage(key, x.blob, new StagedBlock(id, content, size))));
        replaced.ifPresent(r -> delete(store, ref, List.of(r)));
        MultiMap h = x.baseHeaders();
        h.set("Content-MD5", Base64.getEncoder().encodeToString(digest));
        h.set("x-ms-request-server-encrypted", "true");
        x.respond(201, h, (String) null);
    }

    private void putBlockList(Exchange x, Account a) throws Exception {
        List<BlobXml.BlockRef> refs = BlobXml.parseBlockList(x.body.readAll(XML_LIMIT));
        Map<String, String> metadata = x.metadata();
        Properties p = Properties.of(x, false);
        BlobStore store = accounts.blobStore();
        ContainerRef ref = ref(x, a);
        String key = a.containerKey(x.container);
        Conditions conditions = conditions(x);
        Instant now = Instant.now();
        String etag = newEtag();
        record Result(List<ContentId> garbage) {}
        Result r = blobs.write(key, x.blob, (tx, current) -> {
            conditions.check(current.map(BlobRow::etag).orElse(null), current.map(BlobRow::modified).orElse(null), false);
            Map<String, StagedBlock> staged = tx.staged(key, x.blob);
            Map<String, long[]> committed = new java.util.HashMap<>(); // id -> {offset, size}
            if (current.isPresent()) {
                long offset = 0;
                for (BlobXml.Block b : current.get().blocks()) {
                    committed.put(b.id(), new long[] {offset, b.size()});
                    offset += b.size();
                }
            }
            List<BlobStore.Part> parts = new ArrayList<>();
            List<BlobXml.Block> list = new ArrayList<>();
            long size = 0;
            for (BlobXml.BlockRef b : refs) {
                StagedBlock s = b.source() == BlobXml.BlockSource.Committed ? null : staged.get(b.id());
                long[] c = b.source() == BlobXml.BlockSource.Uncommitted || (s != null) ? null : committed.get(b.id());
                if (s != null) {
                    parts.add(new BlobStore.Part(s.content(), 0, s.size()));
                    list.add(new BlobXml.Block(b.id(), s.size()));
                    size += s.size();
                } else if (c != null) {
                    parts.add(new BlobStore.Part(current.get().content(), c[0], c[1]));
                    list.add(new BlobXml.Block(b.id(), c[1]));
                    size += c[1];
                } else {
                    throw BlobErrorCode.InvalidBlockList.exception();
                }
            }
            ContentId content;
            try {
                content = store.assemble(ref, parts);
            } catch (IOException e) {
                throw new IllegalStateException("cannot assemble the block list", e);
            }
            try {
                tx.upsert(new BlobRow(key, x.blob, content, size, etag, current.map(BlobRow::created).orElse(now), now, p.type(), p.encoding(),
                        p.language(), p.disposition(), p.cacheControl(), p.md5(), metadata, list, null));
                List<ContentId> old = new ArrayList<>(tx.dropStaged(key, x.blob));
                current.flatMap(BlobRow::stored).ifPresent(old::add);
                return new Result(old);
            } catch (java.sql.SQLException | RuntimeException e) {
                delete(store, ref, List.of(content));
                throw e;
            }
        });
        delete(store, ref, r.garbage());
        MultiMap h = x.baseHeaders();
        h.set("ETag", etag);
        h.set("Last-Modified", BlobXml.httpDate(now));
        h.set("x-ms-request-server-encrypted", "true");
        x.respond(201, h, (String) null);
    }

    private void getBlockList(Exchange x, Account a) {
        String key = a.containerKey(x.container);
        String type = x.param("blocklisttype").orElse("committed").toLowerCase(Locale.ROOT);
        if (!List.of("committed", "uncommitted", "all").contains(type)) throw BlobErrorCode.InvalidQueryParameterValue.exception("blocklisttype");
        Optional<BlobRow> b = blobs.find(key, x.blob);
        Map<String, StagedBlock> staged = blobs.staged(key, x.blob);
        if (b.isEmpty() && staged.isEmpty()) throw notFound(a, x);
        MultiMap h = x.baseHeaders();
        b.ifPresent(row -> {
            h.set("ETag", row.etag());
            h.set("Last-Modified", BlobXml.httpDate(row.modified()));
            h.set("x-ms-blob-content-length", Long.toString(row.size()));
        });
        List<BlobXml.Block> committed = b.map(BlobRow::blocks).orElse(List.of());
        List<BlobXml.Block> uncommitted = staged.values().stream().map(s -> new BlobXml.Block(s.id(), s.size())).toList();
        x.respond(200, h, BlobXml.blockList(committed, uncommitted, !type.equals("uncommitted"), !type.equals("committed")));
    }

    private BlobServiceException notFound(Account a, Exchange x) {
        return accounts.container(a, x.container).isPresent() ? BlobErrorCode.BlobNotFound.exception() : BlobErrorCode.ContainerNotFound.exception();
    }

    private BlobRow existing(Exchange x, Account a) {
        return blobs.find(a.containerKey(x.container), x.blob).orElseThrow(() -> notFound(a, x));
    }

    private static void blobHeaders(MultiMap h, BlobRow b) {
        h.set("ETag", b.etag());
        h.set("Last-Modified", BlobXml.httpDate(b.modified()));
        h.set("x-ms-creation-time", BlobXml.httpDate(b.created()));
        h.set("x-ms-blob-type", "BlockBlob");
        h.set("x-ms-lease-state", "available");
        h.set("x-ms-lease-status", "unlocked");
        h.set("x-ms-server-encrypted", "true");
        h.set("Accept-Ranges", "bytes");
        h.set("Content-Type", b.contentType() == null ? "application/octet-stream" : b.contentType());
        if (b.contentEncoding() != null) h.set("Content-Encoding", b.contentEncoding());
        if (b.contentLanguage() != null) h.set("Content-Language", b.contentLanguage());
        if (b.contentDisposition() != null) h.set("Content-Disposition", b.contentDisposition());
        if (b.cacheControl() != null) h.set("Cache-Control", b.cacheControl());
        if (!b.blocks().isEmpty()) h.set("x-ms-blob-committed-block-count", Integer.toString(b.blocks().size()));
        b.metadata().forEach((k, v) -> h.set("x-ms-meta-" + k, v));
    }

    private void getBlob(Exchange x, Account a) throws IOException {
        BlobRow b = existing(x, a);
        MultiMap h = x.baseHeaders();
        blobHeaders(h, b);
        if (conditions(x).check(b.etag(), b.modified(), true) == Conditions.Result.NOT_MODIFIED) {
            x.respond(304, h, (String) null);
            return;
        }
        Optional<ByteRange> range = x.isHead() ? Optional.empty()
                : ByteRange.of(x.header("x-ms-range").orElse(x.header("Range").orElse(null)), b.size());
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(b.size());
        int status = range.isPresent() ? 206 : 200;
        if (range.isPresent()) {
            h.set("Content-Range", range.get().contentRange(b.size()));
            if (b.contentMd5() != null) h.set("x-ms-blob-content-md5", b.contentMd5());
        } else if (b.contentMd5() != null) {
            h.set("Content-MD5", b.contentMd5());
        }
        h.set("Content-Length", Long.toString(length));
        if (x.isHead() || length == 0) {
            x.respond(status, h, (Buffer) null);
            return;
        }
        if (b.isInline()) {
            x.respond(status, h, Buffer.buffer(io.netty.buffer.Unpooled.wrappedBuffer(b.inline(), (int) offset, (int) length)));
            return;
        }
        BlobStore store = accounts.blobStore();
        ContainerRef ref = ref(x, a);
        Optional<java.nio.file.Path> file = length > SMALL_BODY ? store.file(ref, b.content()) : Optional.empty();
        if (file.isPresent()) {
            x.sendFile(status, h, file.get().toString(), offset, length);
            return;
        }
        try (ReadableByteChannel in = store.open(ref, b.content(), offset, length)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 16 * 1024 * 1024));
            while (buf.hasRemaining() && in.read(buf) >= 0) { }
            buf.flip();
            x.respond(status, h, Buffer.buffer(io.netty.buffer.Unpooled.wrappedBuffer(buf)));
        }
    }

    private void getBlobMetadata(Exchange x, Account a) {
        BlobRow b = existing(x, a);
        conditions(x).check(b.etag(), b.modified(), true);
        MultiMap h = x.baseHeaders();
        h.set("ETag", b.etag());
        h.set("Last-Modified", BlobXml.httpDate(b.modified()));
        b.metadata().forEach((k, v) -> h.set("x-ms-meta-" + k, v));
        x.respond(200, h, (String) null);
    }

    private void setBlobProperties(Exchange x, Account a) {
        Properties p = Properties.of(x, false);
        updateBlob(x, a, b -> b.withProperties(p.type(), p.encoding(), p.language(), p.disposition(), p.cacheControl(),
                p.md5() != null ? p.md5() : b.contentMd5(), newEtag(), Instant.now()));
    }

    private void setBlobMetadata(Exchange x, Account a) {
        Map<String, String> m = x.metadata();
        updateBlob(x, a, b -> b.withMetadata(m, newEtag(), Instant.now()));
    }

    private void updateBlob(Exchange x, Account a, java.util.function.UnaryOperator<BlobRow> change) {
        String key = a.containerKey(x.container);
        Conditions conditions = conditions(x);
        BlobRow updated = blobs.write(key, x.blob, (tx, current) -> {
            BlobRow b = current.orElseThrow(() -> notFound(a, x));
            conditions.check(b.etag(), b.modified(), false);
            BlobRow after = change.apply(b);
            tx.upsert(after);
            return after;
        });
        MultiMap h = x.baseHeaders();
        h.set("ETag", updated.etag());
        h.set("Last-Modified", BlobXml.httpDate(updated.modified()));
        x.respond(200, h, (String) null);
    }

    private void deleteBlob(Exchange x, Account a) {
        String key = a.containerKey(x.container);
        Conditions conditions = conditions(x);
        List<ContentId> garbage = blobs.write(key, x.blob, (tx, current) -> {
            BlobRow b = current.orElseThrow(() -> notFound(a, x));
            conditions.check(b.etag(), b.modified(), false);
            tx.delete(key, x.blob);
            List<ContentId> old = new ArrayList<>(tx.dropStaged(key, x.blob));
            b.stored().ifPresent(old::add);
            return old;
        });
        delete(accounts.blobStore(), ref(x, a), garbage);
        x.respond(202, x.baseHeaders(), (String) null);
    }

    /** Copy Blob from a blob of this appliance, synchronously: the copy is complete when the response leaves. */
    private void copyBlob(Exchange x, Account a) throws IOException {
        String source = x.header("x-ms-copy-source").orElseThrow();
        Exchange.SourceBlob s = Exchange.SourceBlob.parse(source, settings.storageSuffix());
        Account sa = s.account().equalsIgnoreCase(a.name()) ? a : accounts.account(s.account());
        if (sa != a) authorizeSource(s, sa, x.request.remoteAddress().host());
        BlobRow src = blobs.find(sa.containerKey(s.container()), s.blob())
                .orElseThrow(() -> BlobErrorCode.CannotVerifyCopySource.exception("The source blob does not exist."));
        BlobStore store = accounts.blobStore();
        ContainerRef from = new ContainerRef(sa.name(), s.container());
        ContainerRef to = ref(x, a);
        ContentId content = null;
        if (!src.isInline()) {
            try (BlobStore.Upload upload = store.create(to); ReadableByteChannel in = store.open(from, src.content(), 0, src.size())) {
                upload.transferFrom(in, src.size());
                content = upload.commit();
            }
        }
        Map<String, String> sent = x.metadata();
        Map<String, String> metadata = sent.isEmpty() ? src.metadata() : sent;
        Instant now = Instant.now();
        String etag = newEtag();
        String key = a.containerKey(x.container);
        Conditions conditions = conditions(x);
        BlobRow row = new BlobRow(key, x.blob, content, src.size(), etag, now, now, src.contentType(), src.contentEncoding(),
                src.contentLanguage(), src.contentDisposition(), src.cacheControl(), src.contentMd5(), metadata, src.blocks(), src.inline());
        List<ContentId> garbage = commit(store, to, content, () -> conditions.any() ? blobs.write(key, x.blob, (tx, current) -> {
            conditions.check(current.map(BlobRow::etag).orElse(null), current.map(BlobRow::modified).orElse(null), false);
            tx.upsert(row);
            List<ContentId> old = new ArrayList<>(tx.dropStaged(key, x.blob));
            current.flatMap(BlobRow::stored).ifPresent(old::add);
            return old;
        }) : blobs.put(row).garbage());
        delete(store, to, garbage);
        MultiMap h = x.baseHeaders();
        h.set("ETag", etag);
        h.set("Last-Modified", BlobXml.httpDate(now));
        h.set("x-ms-copy-id", java.util.UUID.randomUUID().toString());
        h.set("x-ms-copy-status", "success");
        x.respond(202, h, (String) null);
    }

    /** A source in another account must be readable by its own SAS or anonymously. */
    private void authorizeSource(Exchange.SourceBlob s, Account sa, String clientIp) {
        io.strato.provider.storage.blob.SignedRequest r = new io.strato.provider.storage.blob.SignedRequest("GET", "", s.query(), List.of());
        try {
            if (Sas.present(r)) {
                Sas.verify(r, new Sas.Target(sa.name(), s.container(), s.blob(), BlobOperation.GET_BLOB), sa.keys(), clientIp, Instant.now(), id -> Optional.empty());
                return;
            }
            Container c = accounts.container(sa, s.container()).orElseThrow(BlobErrorCode.ResourceNotFound::exception);
            if (!sa.spec().allowBlobPublicAccess() || "None".equals(c.spec().publicAccess())) throw BlobErrorCode.ResourceNotFound.exception();
        } catch (BlobServiceException e) {
            throw BlobErrorCode.CannotVerifyCopySource.exception("The copy source could not be read: " + e.code());
        }
    }
}
