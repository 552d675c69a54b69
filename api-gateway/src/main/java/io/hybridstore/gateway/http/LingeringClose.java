package io.hybridstore.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * How both listeners (the document routes and S3) end an HTTP/1.1 connection whose request body they
 * answered without reading all of it: the rest is read and dropped (never held) until it ends or
 * {@link #LINGER_MILLIS} pass, then the connection closes. Why not at once: a socket closed with the
 * client's bytes still unread makes the kernel answer them with a reset, and a client still sending
 * its body then loses the answer already in its own receive queue and sees "connection reset" instead
 * of the 413 or 403 (RFC 9112 section 9.6; Apache httpd's lingering close). Bounded by time, so a
 * client that never stops costs the connection for that long only; a client that asked
 * {@code Expect: 100-continue} and was refused before its continue has not sent a body at all.
 */
public final class LingeringClose {

    /** How long a refused request's unread body is read and dropped before its connection closes anyway. */
    public static final long LINGER_MILLIS = 2_000;

    private LingeringClose() {
    }

    /** On the request's event loop, after its answer ended: closes once the rest is dropped, or after {@link #LINGER_MILLIS}. */
    public static void closeAfterRest(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Context loop = Vertx.currentContext();
        if (request.isEnded() || loop == null) {
            connection.close();
            return;
        }
        long timer = loop.owner().setTimer(LINGER_MILLIS, id -> connection.close());
        request.exceptionHandler(failure -> { });
        request.endHandler(v -> {
            loop.owner().cancelTimer(timer);
            connection.close();
        });
        discard(request);
    }

    /** A body nobody reads (a GET's, a refused request's) is dropped as it arrives, so the connection can go on or close cleanly. */
    public static void discard(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.handler(piece -> { });
            request.resume();
        }
    }
}
