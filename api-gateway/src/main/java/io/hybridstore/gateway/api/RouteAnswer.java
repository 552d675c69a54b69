package io.hybridstore.gateway.api;

import io.hybridstore.gateway.http.LingeringClose;
import io.hybridstore.gateway.write.Timings;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * One answer of the document route, made on the worker and sent whole from the event loop: a JSON
 * document with its ETag and Server-Timing, or a failure's problem+json with its headers.
 *
 * @param etag         the version, sent quoted as the ETag; or null
 * @param serverTiming the Server-Timing header; or null
 * @param problem      the failure this answers (for its headers); or null
 */
record RouteAnswer(int status, String contentType, byte[] body, String etag, String serverTiming, Problem problem) {

    /** The work of one request, on a virtual thread; whatever it throws becomes its problem. */
    @FunctionalInterface
    interface Step {
        RouteAnswer run() throws Exception;
    }

    /** The content types the REST resources sent: a write's answer (a map through Jackson) named its charset, a read's bytes did not. */
    static final String WRITE_JSON = "application/json;charset=UTF-8";
    static final String READ_JSON = "application/json";

    static RouteAnswer json(int status, String contentType, byte[] body, String version, Timings timings) {
        return new RouteAnswer(status, contentType, body, version, timings.serverTiming(), null);
    }

    /** What {@code step} answers: its own answer, or the problem its failure is ({@link ProblemMapper#classify}). */
    static RouteAnswer of(Step step) {
        try {
            return step.run();
        } catch (Throwable failure) {
            return problem(ProblemMapper.classify(failure));
        }
    }

    /** {@code problem} as problem+json with its headers. */
    static RouteAnswer problem(Problem problem) {
        return new RouteAnswer(problem.status(), Problem.MEDIA_TYPE, problem.json(), null, null, problem);
    }

    /**
     * Sends it, on the request's event loop. A client that went away gets nothing (the work is done or
     * refused either way). {@code unread}: the request's body was left unread (over the limit), so the
     * request ends here: the connection closes after the answer once the client has sent the rest,
     * which is dropped (HTTP/1.1; at most {@link LingeringClose#LINGER_MILLIS} later), or the stream is reset with
     * NO_ERROR after it (HTTP/2, RFC 9113 section 8.1).
     */
    void send(HttpServerRequest request, boolean unread) {
        HttpServerResponse response = request.response();
        if (response.closed() || response.ended()) {
            return;
        }
        // Named as the REST layer wrote them (case does not matter to HTTP, but a diff of raw answers stays empty).
        response.setStatusCode(status).putHeader("Content-Type", contentType);
        if (etag != null) {
            response.putHeader("ETag", "\"" + etag + "\"");
        }
        if (serverTiming != null) {
            response.putHeader("Server-Timing", serverTiming);
        }
        if (problem != null && problem.retryAfter() != null) {
            response.putHeader("Retry-After", problem.retryAfter());
        }
        if (problem != null && problem.wwwAuthenticate() != null) {
            response.putHeader("WWW-Authenticate", problem.wwwAuthenticate());
        }
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (unread && !http2) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        // Wrapped, not copied (Buffer.buffer(byte[]) copies): the body is never changed after it is made.
        var ended = response.end(Buffer.buffer(Unpooled.wrappedBuffer(body)));
        if (unread) {
            ended.onComplete(v -> {
                if (http2) {
                    response.reset(0);
                } else {
                    LingeringClose.closeAfterRest(request);
                }
            });
        }
    }
}
