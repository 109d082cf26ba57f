package io.strato.server.blob;

import io.strato.provider.storage.blob.BlobErrorCode;
import io.strato.provider.storage.blob.BlobServiceException;
import io.strato.provider.storage.blob.BlobXml;
import io.strato.provider.storage.blob.SignedRequest;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Blob request on its way through the endpoint: what the path and host name, the body stream, and the
 * response helpers. Responses are written on the request's event loop, whatever thread asks.
 */
final class Exchange {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Exchange.class);
    static final String DEFAULT_VERSION = "2021-08-06";

    final HttpServerRequest request;
    final Context context;
    final BodyStream body;
    final String requestId = java.util.UUID.randomUUID().toString();
    final Instant received = Instant.now();
    final Map<String, List<String>> query;
    final SignedRequest signed;
    String account;
    String container;
    String blob;
    private volatile boolean responded;

    Exchange(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
        this.body = new BodyStream(request, context);
        this.query = parseQuery(request.query());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.headers().forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue())));
        this.signed = new SignedRequest(request.method().name(), request.path(), query, headers);
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw BlobErrorCode.InvalidUri.exception();
        }
    }

    Optional<String> param(String name) { return signed.param(name); }

    Optional<String> header(String name) {
        String v = request.getHeader(name);
        return v == null ? Optional.empty() : Optional.of(v);
    }

    String version() { return header("x-ms-version").orElse(DEFAULT_VERSION); }

    boolean isHead() { return request.method() == HttpMethod.HEAD; }

    /** {@code x-ms-meta-*} headers, names as sent; {@code InvalidMetadata} for a name that is not a C# identifier. */
    Map<String, String> metadata() {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> h : request.headers()) {
            String k = h.getKey();
            if (k.length() > 9 && k.regionMatches(true, 0, "x-ms-meta-", 0, 10)) {
                String name = k.substring(10);
                if (!io.strato.provider.storage.blob.ContainerNames.isMetadataName(name)) throw BlobErrorCode.InvalidMetadata.exception(name);
                m.put(name, h.getValue());
            }
        }
        return m;
    }

    /** The headers every response carries. */
    MultiMap baseHeaders() {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        h.set("x-ms-request-id", requestId);
        h.set("x-ms-version", version());
        h.set("Date", BlobXml.httpDate(received));
        h.set("Server", "Strato-Blob/1.0");
        header("x-ms-client-request-id").ifPresent(v -> h.set("x-ms-client-request-id", v));
        return h;
    }

    void respond(int status, MultiMap headers, String xml) {
        Buffer b = xml == null ? null : Buffer.buffer(xml, "UTF-8");
        if (b != null) headers.set("Content-Type", "application/xml");
        respond(status, headers, b);
    }

    void respond(int status, MultiMap headers, Buffer content) {
        responded = true;
        context.runOnContext(v -> {
            HttpServerResponse r = request.response();
            if (r.ended() || r.closed()) return;
            r.setStatusCode(status);
            r.headers().setAll(headers);
            if (content == null || isHead()) {
                if (!r.headers().contains("Content-Length")) r.putHeader("Content-Length", "0");
                r.end();
            } else {
                r.putHeader("Content-Length", Integer.toString(content.length()));
                r.end(content);
            }
            finish();
        });
    }

    /** Read size when streaming a file. */
    private static final int FILE_CHUNK = 256 * 1024;
    /** Bytes queued on the connection before the sender waits: the next chunk is read while the last one is sent. */
    private static final int WRITE_QUEUE = 1024 * 1024;
    private static final long DRAIN_SECONDS = 120;

    /**
     * Streams {@code length} bytes of {@code file} from {@code offset}, with back-pressure. Called on a worker
     * thread, which reads each chunk straight into a pooled direct buffer and hands it to the connection: no hop
     * through a file-reading pool per chunk, at most {@link #WRITE_QUEUE} plus one chunk in memory.
     */
    void sendFile(int status, MultiMap headers, String file, long offset, long length) throws IOException {
        responded = true;
        HttpServerResponse r = request.response();
        Semaphore drained = new Semaphore(0);
        try (FileChannel in = FileChannel.open(Path.of(file), StandardOpenOption.READ)) {
            r.setWriteQueueMaxSize(WRITE_QUEUE);
            r.drainHandler(v -> drained.release());
            r.setStatusCode(status);
            r.headers().setAll(headers);
            long position = offset;
            long end = offset + length;
            while (position < end) {
                int n = (int) Math.min(FILE_CHUNK, end - position);
                ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer(n);
                try {
                    while (chunk.writerIndex() < n) {
                        if (chunk.writeBytes(in, position + chunk.writerIndex(), n - chunk.writerIndex()) < 0) {
                            throw new IOException("the file ended before the length it was sent with");
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    chunk.release();
                    throw e;
                }
                position += n;
                if (r.closed()) {
                    chunk.release();
                    return;
                }
                if (position < end) r.write(Buffer.buffer(chunk));
                else r.end(Buffer.buffer(chunk));
                while (position < end && r.writeQueueFull() && !r.closed()) {
                    drained.drainPermits();
                    if (!r.writeQueueFull()) break;
                    if (!drained.tryAcquire(DRAIN_SECONDS, TimeUnit.SECONDS)) throw new IOException("the client read nothing for " + DRAIN_SECONDS + " s");
                }
            }
        } catch (IOException | RuntimeException e) {
            // headers (and part of the body) may be out: the only honest signal left is closing the connection
            context.runOnContext(v -> request.connection().close());
            if (e instanceof IOException io) LOG.debugf("download %s cut: %s", this, io.getMessage());
            else throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.runOnContext(v -> request.connection().close());
        }
    }

    void error(BlobServiceException e) {
        if (responded) {
            context.runOnContext(v -> request.connection().close());
            return;
        }
        MultiMap h = baseHeaders();
        h.set("x-ms-error-code", e.code().name());
        if (e.code() == BlobErrorCode.NoAuthenticationInformation) h.set("WWW-Authenticate", "SharedKey realm=\"blob\"");
        respond(e.code().status(), h, BlobXml.error(e.code(), e.code().message(), e.detail(), requestId, received));
    }

    /** After the response: a body the handler did not read is drained so the connection stays usable. */
    private void finish() {
        if (!request.isEnded()) {
            request.handler(b -> { });
            request.resume();
        }
    }

    @Override
    public String toString() { return request.method() + " " + request.path() + " [" + requestId + "]"; }

    /** The blob an {@code x-ms-copy-source} URL names on this appliance (host or path style), with its query (a SAS). */
    record SourceBlob(String account, String container, String blob, Map<String, List<String>> query) {
        static SourceBlob parse(String url, String storageSuffix) {
            java.net.URI u;
            try {
                u = java.net.URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-copy-source");
            }
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            List<String> parts = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/", -1)));
            String suffix = ".blob." + storageSuffix.toLowerCase(Locale.ROOT);
            String account = host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : parts.remove(0);
            if (parts.size() < 2 || parts.get(0).isEmpty()) throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-copy-source does not name a blob");
            String container = decode(parts.get(0));
            String blob = decode(String.join("/", parts.subList(1, parts.size())).replace("+", "%2B"));
            if (!io.strato.provider.storage.blob.ContainerNames.isValid(container)) throw BlobErrorCode.InvalidHeaderValue.exception("x-ms-copy-source");
            return new SourceBlob(decode(account), container, blob, parseQuery(u.getRawQuery()));
        }

    }
}
