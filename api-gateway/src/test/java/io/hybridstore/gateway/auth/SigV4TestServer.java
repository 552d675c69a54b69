package io.hybridstore.gateway.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.auth.RequestAuthenticator;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.auth.Verified;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The smallest S3 stand-in that lets the real AWS SDK talk to {@link SigV4Authenticator}: every
 * request is authenticated, a PUT stores the body as the authenticator decodes it, a GET returns
 * it; failures answer S3 error XML so the SDK reports their codes. Not the S3 adapter (that is
 * the S3 listener's job): only enough protocol to drive the verifier with real signatures.
 */
final class SigV4TestServer implements AutoCloseable {

    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    /** What each request was sent with (x-amz-content-sha256), to show which payload modes the SDK used. */
    final List<String> payloadModes = new CopyOnWriteArrayList<>();
    /** Added to the server's clock, to age presigned URLs and skew requests without waiting. */
    final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);
    private final RequestAuthenticator authenticator;
    private final HttpServer server;

    SigV4TestServer(RequestAuthenticator authenticator) throws IOException {
        this(authenticator, null);
    }

    /** @param tls null: plain HTTP; else HTTPS with this context (clients then send unsigned payloads with trailers) */
    SigV4TestServer(RequestAuthenticator authenticator, javax.net.ssl.SSLContext tls) throws IOException {
        this.authenticator = authenticator;
        if (tls == null) {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            this.server = https;
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).addAll(values));
            SignedRequest request = new SignedRequest(exchange.getRequestMethod(), uri.getRawPath(),
                    uri.getRawQuery() == null ? "" : uri.getRawQuery(), headers, Instant.now().plus(clockOffset.get()));
            payloadModes.add(String.valueOf(request.header("x-amz-content-sha256")));
            String key = uri.getPath();
            try {
                Verified verified = authenticator.authenticate(request);
                if (verified.caller().anonymous()) {
                    throw new AuthFailure("AccessDenied", 403, "Access Denied");
                }
                switch (exchange.getRequestMethod()) {
                    case "PUT" -> {
                        byte[] body;
                        try (InputStream in = verified.body().apply(exchange.getRequestBody())) {
                            body = in.readAllBytes();
                        }
                        objects.put(key, body);
                        exchange.getResponseHeaders().add("ETag", "\"" + md5(body) + "\"");
                        exchange.sendResponseHeaders(200, -1);
                    }
                    case "GET" -> {
                        byte[] body = objects.get(key);
                        if (body == null) {
                            error(exchange, 404, "NoSuchKey", "no such key");
                            return;
                        }
                        exchange.getResponseHeaders().add("ETag", "\"" + md5(body) + "\"");
                        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                        exchange.getResponseBody().write(body);
                    }
                    default -> error(exchange, 405, "MethodNotAllowed", "only PUT and GET here");
                }
            } catch (AuthFailure e) {
                exchange.getRequestBody().transferTo(OutputStreamSink.INSTANCE);
                error(exchange, e.status(), e.code(), e.getMessage());
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>test</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.getResponseHeaders().add("x-amz-request-id", "test");
        exchange.sendResponseHeaders(status, xml.length);
        exchange.getResponseBody().write(xml);
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Drains what a failed request still sends, so the client reads our answer instead of a reset. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
