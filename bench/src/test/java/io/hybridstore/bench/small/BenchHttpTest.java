package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's client against a real HTTP server on loopback: answers, bodies, one connection, timeouts. */
class BenchHttpTest {
    private HttpServer server;
    private URI base;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile byte[] lastBody;
    private volatile String lastAuthorization;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/doc", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            lastBody = exchange.getRequestBody().readAllBytes();
            byte[] answer = new byte[3000];
            exchange.getResponseHeaders().add("Server-Timing", "meta;dur=0.50, fetch;dur=1.25");
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("PUT") ? 201 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void answersCarryStatusServerTimingAndBodyLengthOverOneKeptConnection() throws Exception {
        try (BenchHttp http = new BenchHttp(Duration.ofSeconds(5))) {
            BenchHttp.Response get = http.get(base.resolve("/doc"), Map.of("Authorization", "Bearer t"));
            assertEquals(new BenchHttp.Response(200, "meta;dur=0.50, fetch;dur=1.25", 3000), get);
            assertEquals("Bearer t", lastAuthorization);
            byte[] body = {1, 2, 3, 4};
            BenchHttp.Response post = http.post(base.resolve("/doc"), body, ContentType.APPLICATION_JSON, Map.of());
            assertEquals(200, post.status());
            assertArrayEquals(body, lastBody);
            assertEquals(201, http.put(base.resolve("/doc"), body, ContentType.APPLICATION_OCTET_STREAM, Map.of()).status());
            assertEquals(1, clientPorts.size(), "three requests, one connection: " + clientPorts);
        }
    }

    @Test
    void anAnswerLaterThanTheTimeoutIsTimedOut() throws Exception {
        try (BenchHttp http = new BenchHttp(Duration.ofMillis(200))) {
            assertThrows(BenchHttp.TimedOut.class, () -> http.get(base.resolve("/slow"), Map.of()));
        }
    }

    @Test
    void aMissingServerTimingIsNull() throws Exception {
        server.createContext("/plain", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        try (BenchHttp http = new BenchHttp(Duration.ofSeconds(5))) {
            BenchHttp.Response r = http.get(base.resolve("/plain"), Map.of());
            assertEquals(404, r.status());
            assertNull(r.serverTiming());
            assertEquals(0, r.bodyBytes());
        }
    }
}
