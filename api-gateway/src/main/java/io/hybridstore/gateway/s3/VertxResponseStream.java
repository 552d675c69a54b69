package io.hybridstore.gateway.s3;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body written from a blocking thread. Each write hands the caller's bytes to the
 * connection without copying them, in slices of at most {@link #SLICE} bytes, and returns once the
 * connection has written them all, at most the idle timeout later: the caller may then reuse its
 * array, and a client that reads slowly holds the writer back (back-pressure).
 *
 * <p>Why slices: Netty copies a heap buffer into a direct one to write it, and Quarkus's pooled
 * allocator only pools direct buffers up to 64 KiB (its {@code io.netty.allocator.maxOrder=3}).
 * A larger one is a fresh direct buffer, zeroed and freed per write: with a whole 1 MiB shard per
 * write that zeroing took a third of the gateway's CPU in an {@code aws s3 cp} download
 * (docs/benchmarks.md, S3 section).
 */
final class VertxResponseStream extends OutputStream {

    /** Largest buffer handed to the connection at once: within Netty's pooled size here (see the class comment). */
    static final int SLICE = 32 * 1024;

    private final HttpServerResponse response;
    private final long idleMillis;

    VertxResponseStream(HttpServerResponse response, Duration idle) {
        this.response = response;
        this.idleMillis = idle.toMillis();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (response.closed()) {
            throw new IOException("the client closed the connection");
        }
        Future<Void> last = null;
        for (int at = off; at < off + len; at += SLICE) {
            // Wrapped, not copied: the array must stay as it is until the writes below are done.
            last = response.write(Buffer.buffer(Unpooled.wrappedBuffer(b, at, Math.min(SLICE, off + len - at))));
        }
        await(last);
    }

    /** Waits until the connection has written {@code written} (and so every write before it). */
    private void await(Future<Void> written) throws IOException {
        try {
            written.toCompletionStage().toCompletableFuture().get(idleMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IOException("the response could not be written: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the client took nothing for " + idleMillis + " ms");
        }
    }
}
