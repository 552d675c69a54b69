package io.hybridstore.gateway.api;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * A request body read whole on the event loop, never more than a limit of it held: the bytes once it
 * ended, or null as soon as it passed the limit (reading then stops: the request stays paused, and
 * after its answer the rest is dropped and the connection closed, {@link #closeAfterRest}). A client
 * that goes away mid-body gets no call at all: nothing was started.
 */
final class BoundedBody implements Handler<Buffer> {

    private final HttpServerRequest request;
    private final long limit;
    private final Consumer<byte[]> then;
    private Buffer held;

    private BoundedBody(HttpServerRequest request, long limit, Consumer<byte[]> then, int expected) {
        this.request = request;
        this.limit = limit;
        this.then = then;
        this.held = Buffer.buffer(expected);
    }

    /** @param declared the Content-Length (at most {@code limit}), or -1 */
    static void read(HttpServerRequest request, long declared, long limit, Consumer<byte[]> then) {
        BoundedBody body = new BoundedBody(request, limit, then, declared < 0 ? 4096 : (int) declared);
        request.handler(body);
        request.endHandler(v -> body.ended());
        request.exceptionHandler(failure -> body.held = null); // the client went away: drop what was held
        // The router hands a request over paused, for whichever handler reads it.
        request.resume();
    }

    /**
     * Closes the connection of a request whose body was refused unread, once the client has sent the
     * rest of it (read and dropped) or {@code lingerMillis} passed, whichever first. Why not at once: a
     * socket closed with the client's bytes still unread makes the kernel answer them with a reset, and
     * a client still sending its body then loses the answer already in its own receive queue and sees
     * "connection reset" instead of the 413 (RFC 9112 section 9.6; Apache httpd's lingering close).
     * Bounded by time, so a client that never stops costs the connection for that long only.
     */
    static void closeAfterRest(HttpServerRequest request, long lingerMillis) {
        HttpConnection connection = request.connection();
        Context loop = Vertx.currentContext();
        if (request.isEnded() || loop == null) {
            connection.close();
            return;
        }
        long timer = loop.owner().setTimer(lingerMillis, id -> connection.close());
        request.exceptionHandler(failure -> { });
        request.endHandler(v -> {
            loop.owner().cancelTimer(timer);
            connection.close();
        });
        discard(request);
    }

    /** A GET's body (if a client sends one) is not read: dropped, so the connection can carry the next request. */
    static void discard(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.handler(piece -> { });
            request.resume();
        }
    }

    @Override
    public void handle(Buffer piece) {
        if (held == null) {
            return;
        }
        if (held.length() + piece.length() > limit) {
            held = null;
            request.pause();
            then.accept(null);
            return;
        }
        held.appendBuffer(piece);
    }

    private void ended() {
        if (held != null) {
            then.accept(held.getBytes());
        }
    }
}
