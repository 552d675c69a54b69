package io.hybridstore.gateway.s3;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body written from a blocking thread, with back-pressure: each write is copied into a
 * Vert.x buffer (the caller reuses its arrays) and, when the connection's write queue is full, the
 * writer waits for it to drain, at most the idle timeout.
 */
final class VertxResponseStream extends OutputStream {

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
        response.write(Buffer.buffer(len).appendBytes(b, off, len));
        if (response.writeQueueFull()) {
            CompletableFuture<Void> drained = new CompletableFuture<>();
            response.drainHandler(v -> drained.complete(null));
            response.closeHandler(v -> drained.completeExceptionally(new IOException("the client closed the connection")));
            if (!response.writeQueueFull()) {
                drained.complete(null); // drained between the check and the handler
            }
            try {
                drained.get(idleMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending", e);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("the client took nothing for " + idleMillis + " ms");
            }
        }
    }
}
