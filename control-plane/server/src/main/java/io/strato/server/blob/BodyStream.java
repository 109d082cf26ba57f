package io.strato.server.blob;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands a request body from the event loop to the worker thread that stores it, chunk by chunk, without holding
 * more than {@link #HIGH_WATER} bytes: the event loop pauses the request above it and the worker resumes it once
 * it has drained below {@link #LOW_WATER}. The body is never assembled in memory.
 */
final class BodyStream {
    static final int HIGH_WATER = 2 * 1024 * 1024;
    static final int LOW_WATER = 512 * 1024;
    private static final Buffer END = Buffer.buffer(new byte[0]);
    private static final long IDLE_SECONDS = 120;

    private final HttpServerRequest request;
    private final Context context;
    private final LinkedBlockingQueue<Buffer> queue = new LinkedBlockingQueue<>();
    private long queued;
    private boolean paused;
    private volatile Throwable failure;

    BodyStream(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
    }

    /** Starts receiving; call on the event loop, with the request paused. */
    void start() {
        request.handler(b -> {
            queue.add(b);
            synchronized (this) {
                queued += b.length();
                if (queued > HIGH_WATER && !paused) {
                    paused = true;
                    request.pause();
                }
            }
        });
        request.endHandler(v -> queue.add(END));
        request.exceptionHandler(t -> {
            failure = t;
            queue.add(END);
        });
        request.resume();
    }

    /** The next chunk, or null at the end of the body. Blocks (on a worker). */
    ByteBuffer next() throws IOException {
        Buffer b;
        try {
            b = queue.poll(IDLE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body");
        }
        if (b == null) throw new IOException("the client sent no data for " + IDLE_SECONDS + " s");
        if (b == END) {
            queue.add(END);
            if (failure != null) throw new IOException("the request body was cut: " + failure.getMessage());
            return null;
        }
        synchronized (this) {
            queued -= b.length();
            if (paused && queued < LOW_WATER) {
                paused = false;
                context.runOnContext(v -> request.resume());
            }
        }
        return b.getByteBuf().nioBuffer();
    }

    /** The whole body, for small XML bodies; {@code RequestBodyTooLarge} past {@code limit}. */
    byte[] readAll(int limit) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ByteBuffer b = next(); b != null; b = next()) {
            if (out.size() + b.remaining() > limit) throw io.strato.provider.storage.blob.BlobErrorCode.RequestBodyTooLarge.exception();
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }
}
