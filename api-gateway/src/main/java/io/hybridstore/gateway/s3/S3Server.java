package io.hybridstore.gateway.s3;

import io.hybridstore.common.auth.RequestAuthenticator;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.auth.Verified;
import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.gateway.blob.BlobSettings;
import io.hybridstore.gateway.http.LingeringClose;
import io.hybridstore.gateway.infra.Backend;
import io.hybridstore.gateway.read.BlobReader;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.WriteService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The S3 listener: a Vert.x HTTP server on its own port in the gateway process. The event loop only
 * takes a request in and hands it to a virtual thread; authentication, etcd, the nodes and the body
 * all block there. Request bodies stream in with back-pressure ({@link VertxBodyStream}), objects
 * stream out likewise ({@link VertxResponseStream}). Every answer carries an {@code x-amz-request-id};
 * every failure is S3 XML made in one place ({@link S3Errors}).
 */
@Singleton
public class S3Server {

    private static final Logger LOG = Logger.getLogger(S3Server.class);
    /** Bodies up to this size left unread by an answer are drained so the connection can be reused; larger ones close it. */
    private static final long DRAIN_MAX = 1 << 20;

    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("s3-", 0).factory());
    private HttpServer server;
    private S3Api api;
    private RequestAuthenticator authenticator;
    private GatewayConfig.S3 config;
    private Clock clock;

    void start(@Observes StartupEvent start, GatewayConfig gatewayConfig, Vertx vertx, Backend backend, BlobWriter writer,
               BlobReader reader, WriteService writes, BlobSettings blobSettings, RequestAuthenticator requestAuthenticator,
               Clock wallClock) throws Exception {
        config = gatewayConfig.gateway().s3();
        if (!config.enabled()) {
            LOG.info("the S3 listener is off (gateway.s3.enabled=false)");
            return;
        }
        authenticator = requestAuthenticator;
        clock = wallClock;
        api = api(backend, writer, reader, writes, blobSettings, config, wallClock, threads);
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setHandle100ContinueAutomatically(false) // VertxBodyStream sends it when the body is read
                .setIdleTimeout((int) config.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxChunkSize(1 << 20)
                // S3 is HTTP/1.1 (as AWS serves it): a client asking to upgrade to h2c (the JDK's
                // HttpClient does by default) stays on HTTP/1.1, where Host is a header and
                // aws-chunked bodies mean what SigV4 says they mean.
                .setHttp2ClearTextEnabled(false);
        server = vertx.createHttpServer(options).requestHandler(this::onRequest).invalidRequestHandler(this::onUnreadable);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("S3 API listening on %s:%d (virtual hosts under %s; anonymous access %s)", config.host(), server.actualPort(),
                config.virtualHostDomains(), config.anonymousAccess() ? "ON: a test setting" : "read-only, public-read buckets");
    }

    static S3Api api(Backend backend, BlobWriter writer, BlobReader reader, WriteService writes, BlobSettings blobSettings,
                     GatewayConfig.S3 config, Clock clock, ExecutorService threads) {
        S3Access access = new S3Access(backend.buckets(), config.anonymousAccess());
        Catalogue catalogue = new Catalogue(backend.metadata());
        ObjectOperations objects = new ObjectOperations(writer, reader, writes, access);
        return new S3Api(new BucketOperations(backend.buckets(), catalogue, access, clock, config.region()), objects,
                new ListOperations(catalogue, access), new CopyOperation(objects, reader, access, threads),
                new DeleteObjectsOperation(objects, access),
                new MultipartOperations(backend.multipart(), writer, reader, access, blobSettings, config.minPartSize().asLongValue(), clock,
                        threads));
    }

    /** The port the listener took (the configured one, or the free one picked for port 0); -1 when off. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    void stop(@Observes ShutdownEvent stop) {
        if (server != null) {
            server.close();
        }
        threads.shutdownNow();
    }

    /** On the event loop: take the body's handlers, then leave everything to a virtual thread. */
    private void onRequest(HttpServerRequest request) {
        Instant received = clock.instant();
        VertxBodyStream body = new VertxBodyStream(request, Vertx.currentContext(), config.idleTimeout());
        Context context = Vertx.currentContext();
        threads.execute(() -> serve(request, body, received, context));
    }

    /**
     * On the event loop: a request the HTTP decoder could not read (Vert.x's own answer is an empty 400,
     * 414 or 431). S3 XML like every other failure; the connection closes after it, since where the
     * next request would start is unknown.
     */
    private void onUnreadable(HttpServerRequest request) {
        String requestId = requestId();
        S3Response answer = failure(S3Errors.unreadable(request.decoderResult().cause()), request.path(), requestId, request.method().name());
        HttpServerResponse response = request.response();
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        response.putHeader("x-amz-request-id", requestId).putHeader("x-amz-id-2", requestId).putHeader("Server", "hybridstore")
                .putHeader("Connection", "close").putHeader("Content-Length", Long.toString(answer.length()));
        response.end(answer.bytes() == null ? Buffer.buffer() : Buffer.buffer(answer.bytes())).onComplete(v -> request.connection().close());
    }

    private static String requestId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase(Locale.ROOT);
    }

    private void serve(HttpServerRequest request, VertxBodyStream body, Instant received, Context context) {
        String requestId = requestId();
        String method = request.method().name();
        S3Response answer;
        try {
            Map<String, List<String>> headers = headers(request);
            String rawQuery = request.query() == null ? "" : request.query();
            Map<String, String> first = new LinkedHashMap<>();
            headers.forEach((name, values) -> first.put(name, values.get(0)));
            // A URI that does not parse names nothing to authenticate: InvalidURI first, as S3 answers it.
            S3Route route = S3Route.parse(first.get("host"), request.path(), config.virtualHostDomains());
            Map<String, String> query = S3Route.parseQuery(rawQuery);
            Verified verified = authenticator.authenticate(new SignedRequest(method, request.path(), rawQuery, headers, received));
            answer = api.handle(new S3Request(method, route, query, first, verified.body().apply(body), verified.caller(), requestId));
        } catch (Throwable t) {
            answer = failure(t, request.path(), requestId, method);
        }
        send(request, body, answer, requestId, context);
    }

    private static S3Response failure(Throwable t, String resource, String requestId, String method) {
        S3Exception error = S3Errors.of(t);
        if (error.status() >= 500) {
            LOG.warnf(t, "S3 %s %s failed (request %s)", method, resource, requestId);
        } else {
            LOG.debugf("S3 %s %s: %s %s (request %s)", method, resource, error.code(), error.getMessage(), requestId);
        }
        S3Response response = S3Response.xml(error.status(), new S3Xml.Error(error.code(), error.getMessage(), resource, requestId));
        return method.equals("HEAD") ? S3Response.status(error.status()) : response;
    }

    private void send(HttpServerRequest request, VertxBodyStream body, S3Response answer, String requestId, Context context) {
        HttpServerResponse response = request.response();
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        response.putHeader("x-amz-request-id", requestId);
        response.putHeader("x-amz-id-2", requestId);
        response.putHeader("Server", "hybridstore");
        // A body not read to its end is dropped after the answer: on this connection if it is small
        // and coming, else while the connection closes (LingeringClose). A client refused before its
        // continue has sent none, and may never: that connection closes.
        boolean keepConnection = body.ended() || (!body.awaitingContinue() && unreadBodyIsSmall(request));
        if (!keepConnection) {
            response.putHeader("Connection", "close");
        }
        if (answer.status() != 204 && answer.status() != 304) {
            response.putHeader("Content-Length", Long.toString(answer.length()));
        }
        Future<Void> ended;
        try {
            if (answer.bytes() != null) {
                ended = response.end(Buffer.buffer(answer.bytes()));
            } else if (answer.writer() != null && !request.method().name().equals("HEAD")) {
                try (OutputStream out = new BufferedOutputStream(new VertxResponseStream(response, config.idleTimeout()), 256 * 1024)) {
                    answer.writer().writeTo(out);
                }
                ended = response.end();
            } else {
                ended = response.end();
            }
        } catch (IOException | RuntimeException e) {
            // The status line is gone: the client sees a transfer cut short, never wrong bytes as complete.
            LOG.warnf("S3 %s %s: the response broke off (request %s): %s", request.method(), request.path(), requestId, e.toString());
            request.connection().close();
            return;
        }
        if (keepConnection) {
            context.runOnContext(v -> LingeringClose.discard(request)); // so the next request can follow
        } else {
            ended.onComplete(v -> context.runOnContext(x -> LingeringClose.closeAfterRest(request)));
        }
    }

    private static boolean unreadBodyIsSmall(HttpServerRequest request) {
        String length = request.getHeader("content-length");
        if (length == null) {
            return request.getHeader("transfer-encoding") == null;
        }
        try {
            return Long.parseLong(length.trim()) <= DRAIN_MAX;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<String, List<String>> headers(HttpServerRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(e.getValue()));
        // Signed as "host" whatever the protocol: an HTTP/2 request carries it as its :authority.
        if (!headers.containsKey("host") && request.authority() != null) {
            headers.put("host", List.of(request.authority().toString()));
        }
        return headers;
    }
}
