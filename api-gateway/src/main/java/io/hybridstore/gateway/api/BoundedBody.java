package io.hybridstore.gateway.api;

import io.hybridstore.gateway.http.LingeringClose;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * A request body read whole on the event loop, never more than a limit of it held: the bytes once it
 * ended, or null as soon as it passed the limit (reading then stops: the request stays paused, and
 * after its answer the rest is dropped and the connection closed, {@link LingeringClose}). A client
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
