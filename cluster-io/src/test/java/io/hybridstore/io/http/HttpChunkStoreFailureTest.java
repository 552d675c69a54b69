package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hybridstore.cluster.Ports;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the client classifies what can go wrong between it and a node, against stand-in servers
 * (the real node's behaviour is the contract test in storage-node).
 */
class HttpChunkStoreFailureTest {
    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private final Vertx vertx = Vertx.vertx();
    /** For the answers' classification: a generous bound, so a loaded machine's slow first request is not a timeout. */
    private final HttpChunkStore store = new HttpChunkStore(vertx, "t0ken", Duration.ofSeconds(5), Duration.ofSeconds(10));
    /** For the bounds themselves. */
    private final HttpChunkStore quick = new HttpChunkStore(vertx, "t0ken", Duration.ofMillis(500), TIMEOUT);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        store.close();
        quick.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aRefusedConnectionIsUnavailable() {
        NodeInfo node = node("http://127.0.0.1:" + Ports.free());
        StoreException e = assertThrows(StoreException.class, () -> store.get(node, "c"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
    }

    @Test
    void aNodeThatAcceptsButNeverAnswersIsATimeoutWithinTheBound() throws IOException {
        ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException closed) {
                // test over
            }
        });
        open.add(silent);
        open.add(acceptor::interrupt);
        long start = System.nanoTime();
        StoreException e = assertThrows(StoreException.class, () -> quick.get(node("http://127.0.0.1:" + silent.getLocalPort()), "c"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertTrue(tookMs < TIMEOUT.toMillis() + 2_000, "bounded, took " + tookMs + " ms");
    }

    @Test
    void problemTypesDecideTheCodeAndStatusesDecideWithoutThem() throws IOException {
        AtomicReference<int[]> status = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        NodeInfo node = node(serve(status, body, null));
        String[][] cases = {
            {"502", problem("corrupt", 502), "CORRUPT"},
            {"502", "", "UNAVAILABLE"}, // a bare 502 is a proxy's, not a node's "corrupt"
            {"507", problem("insufficient-storage", 507), "INSUFFICIENT_STORAGE"},
            {"413", "", "PAYLOAD_TOO_LARGE"},
            {"404", problem("not-found", 404), "NOT_FOUND"},
            {"401", "", "INTERNAL"}, // the node refused our token: our misconfiguration, never the client's 401
            {"401", problem("unauthorized", 401), "INTERNAL"},
            {"503", "<html>busy</html>", "UNAVAILABLE"},
            {"504", "", "TIMEOUT"},
            {"500", problem("internal", 500), "INTERNAL"},
        };
        for (String[] c : cases) {
            status.set(new int[] {Integer.parseInt(c[0])});
            body.set(c[1]);
            StoreException e = assertThrows(StoreException.class, () -> store.get(node, "c"));
            assertEquals(ErrorCode.valueOf(c[2]), e.code(), c[0] + " " + c[1]);
        }
        assertEquals(10, cases.length);
    }

    @Test
    void bytesThatDoNotMatchTheNodesCrcAreCorrupt() throws IOException {
        AtomicReference<int[]> status = new AtomicReference<>(new int[] {200});
        AtomicReference<String> body = new AtomicReference<>("hello");
        NodeInfo node = node(serve(status, body, "deadbeef"));
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store.get(node, "c")).code());
    }

    @Test
    void anAnswerWithoutTheNodesCrcIsCorruptNotAcceptedUnchecked() throws IOException {
        NodeInfo node = node(serve(new AtomicReference<>(new int[] {200}), new AtomicReference<>("hello"), null));
        StoreException whole = assertThrows(StoreException.class, () -> store.get(node, "c"));
        assertEquals(ErrorCode.CORRUPT, whole.code());
        assertTrue(whole.getMessage().contains(ChunkApi.CRC32C_HEADER), whole.getMessage());
    }

    @Test
    void aChunkIsReadWholeWithOrWithoutAContentLength() throws IOException {
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(3).nextBytes(chunk);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(chunk);
        for (boolean declared : new boolean[] {true, false}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getResponseHeaders().add(ChunkApi.CRC32C_HEADER, Long.toHexString(crc.getValue()));
                exchange.sendResponseHeaders(200, declared ? chunk.length : 0); // 0: chunked, no Content-Length
                for (int at = 0; at < chunk.length; at += 100_000) {
                    exchange.getResponseBody().write(chunk, at, Math.min(100_000, chunk.length - at));
                    exchange.getResponseBody().flush();
                }
                exchange.close();
            });
            server.start();
            open.add(() -> server.stop(0));
            assertTrue(java.util.Arrays.equals(chunk, store.get(node("http://127.0.0.1:" + server.getAddress().getPort()), "c")),
                    declared ? "with Content-Length" : "chunked");
        }
    }

    @Test
    void headMapsA502ToCorruptBecauseHeadHasNoBody() throws IOException {
        AtomicReference<int[]> status = new AtomicReference<>(new int[] {502});
        NodeInfo node = node(serve(status, new AtomicReference<>(""), null));
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store.head(node, "c")).code());
        status.set(new int[] {404});
        assertTrue(store.head(node, "c").isEmpty());
    }

    @Test
    void aNodeThatPredatesTheBinaryBodiesIsAnsweredInJson() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        NodeInfo node = standIn(exchange -> {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            seen.add(exchange.getRequestURI().getPath() + " " + type + " accept=" + exchange.getRequestHeaders().getFirst("Accept"));
            exchange.getRequestBody().readAllBytes();
            byte[] answer;
            int status = 200;
            if (exchange.getRequestURI().getPath().endsWith("/_batch")) {
                // As before: JSON whatever the request accepts.
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                answer = ("{\"outcomes\":[{\"chunkId\":\"a\",\"stored\":{\"chunkId\":\"a\",\"size\":1,\"checksum\":\"0\",\"modifiedMillis\":1}},"
                        + "{\"chunkId\":\"b\",\"problem\":\"INSUFFICIENT_STORAGE\",\"detail\":\"full\"}]}").getBytes(StandardCharsets.UTF_8);
            } else if (!"application/json".equals(type)) {
                status = 415; // it consumes JSON only
                answer = new byte[0];
            } else if (exchange.getRequestURI().getPath().endsWith("/_exists")) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                answer = "{\"present\":[\"b\"]}".getBytes(StandardCharsets.UTF_8);
            } else {
                java.io.ByteArrayOutputStream reply = new java.io.ByteArrayOutputStream();
                ChunkReadFraming.Writer writer = new ChunkReadFraming.Writer(reply, 1);
                writer.failed("a", ErrorCode.NOT_FOUND);
                writer.finish();
                answer = reply.toByteArray();
            }
            answer(exchange, status, answer);
        });

        var puts = store.putAll(node, List.of(new io.hybridstore.common.spi.ChunkStore.ChunkPut("a", new byte[1], null),
                new io.hybridstore.common.spi.ChunkStore.ChunkPut("b", new byte[1], null)));
        assertEquals(null, puts.get(0).failure());
        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, puts.get(1).failure().code());
        var gets = store.getAll(node, List.of("a"));
        assertEquals(ErrorCode.NOT_FOUND, gets.get(0).error());
        assertEquals(java.util.Set.of("b"), store.exists(node, List.of("a", "b")));
        assertEquals(List.of("/chunks/_batch " + ChunkApi.BATCH_MEDIA_TYPE + " accept=" + ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE + ", application/json;q=0.5",
                "/chunks/_batch-get " + ChunkApi.CHUNK_IDS_MEDIA_TYPE + " accept=null",
                "/chunks/_batch-get application/json accept=null",
                "/chunks/_exists " + ChunkApi.CHUNK_IDS_MEDIA_TYPE + " accept=null",
                "/chunks/_exists application/json accept=null"), seen, "the id list first, then JSON once the node refused it");
    }

    /**
     * The batch-get answer is received into one array (not a growing buffer copied out whole) and decoded
     * from it: in many pieces without a length, its chunks whole and checked; an error answer classified.
     */
    @Test
    void aBatchGetAnswerInManyPiecesIsDecodedWholeAndAnErrorAnswerIsClassified() throws Exception {
        byte[] big = new byte[300 * 1024]; // several times the client's largest piece
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(big);
        AtomicReference<Integer> status = new AtomicReference<>(200);
        NodeInfo node = standIn(exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (status.get() != 200) {
                exchange.getResponseHeaders().add("Content-Type", ChunkApi.PROBLEM_JSON);
                answer(exchange, status.get(), problem("insufficient-storage", status.get()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            java.io.ByteArrayOutputStream reply = new java.io.ByteArrayOutputStream();
            ChunkReadFraming.Writer writer = new ChunkReadFraming.Writer(reply, 3);
            writer.found("big", big.length, crc.getValue());
            writer.data().write(big);
            writer.found("bad", 2, 12345);
            writer.data().write(new byte[] {1, 2});
            writer.failed("gone", ErrorCode.NOT_FOUND);
            writer.finish();
            exchange.sendResponseHeaders(200, 0); // chunked: no length to size an array by
            for (int at = 0; at < reply.size(); at += 7_000) {
                exchange.getResponseBody().write(reply.toByteArray(), at, Math.min(7_000, reply.size() - at));
                exchange.getResponseBody().flush();
            }
            exchange.close();
        });
        var gets = store.getAll(node, List.of("big", "bad", "gone"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(big, gets.get(0).data());
        assertEquals(ErrorCode.CORRUPT, gets.get(1).error(), "its CRC32C does not match");
        assertEquals(ErrorCode.NOT_FOUND, gets.get(2).error());
        status.set(507);
        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, assertThrows(StoreException.class, () -> store.getAll(node, List.of("big"))).code());
    }

    @Test
    void aBatchedVerifyGoesInRequestsOfAtMostTheCapAndAnAnswerOutOfOrderIsUnavailable() throws Exception {
        List<Integer> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<Boolean> swap = new AtomicReference<>(false);
        NodeInfo node = standIn(exchange -> {
            List<String> ids = ChunkOutcomeFraming.decodeIds(exchange.getRequestBody().readAllBytes());
            asked.add(ids.size());
            List<io.hybridstore.common.spi.ChunkStore.VerifyOutcome> verdicts = new ArrayList<>(ids.stream()
                    .map(id -> io.hybridstore.common.spi.ChunkStore.VerifyOutcome.checked(id,
                            io.hybridstore.common.spi.ChunkStore.VerifyResult.OK, "a" + id.length())).toList());
            if (swap.get()) {
                java.util.Collections.swap(verdicts, 0, 1);
            }
            exchange.getResponseHeaders().add("Content-Type", ChunkApi.CHUNK_VERDICTS_MEDIA_TYPE);
            answer(exchange, 200, ChunkVerdictFraming.encode(verdicts));
        });
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2 * ChunkApi.MAX_VERIFY_IDS + 1; i++) {
            ids.add("c" + i);
        }

        var outcomes = store.verifyAll(node, ids);
        assertEquals(ids, outcomes.stream().map(io.hybridstore.common.spi.ChunkStore.VerifyOutcome::chunkId).toList());
        assertEquals(List.of(ChunkApi.MAX_VERIFY_IDS, ChunkApi.MAX_VERIFY_IDS, 1), asked);
        swap.set(true);
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class, () -> store.verifyAll(node, List.of("a", "b"))).code());
    }

    @Test
    void aNodeThatPredatesTheBatchedVerifyIsAskedOneIdAtATime() throws Exception {
        for (int missingRoute : new int[] {404, 405}) {
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            NodeInfo node = standIn(exchange -> {
                String path = exchange.getRequestURI().getPath();
                seen.add(exchange.getRequestMethod() + " " + path);
                exchange.getRequestBody().readAllBytes();
                byte[] answer = new byte[0];
                int status = missingRoute;
                if (path.endsWith("/_verify") && !path.equals("/chunks/_verify")) {
                    String id = path.substring("/chunks/".length(), path.length() - "/_verify".length());
                    status = id.equals("broken") ? 500 : 200;
                    answer = status == 500 ? problem("internal", 500).getBytes(StandardCharsets.UTF_8)
                            : ("{\"chunkId\":\"" + id + "\",\"result\":\"" + (id.equals("gone") ? "MISSING" : "OK") + "\"}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", status == 500 ? ChunkApi.PROBLEM_JSON : "application/json");
                }
                answer(exchange, status, answer);
            });

            var outcomes = store.verifyAll(node, List.of("a", "gone", "broken"));
            assertEquals(List.of(io.hybridstore.common.spi.ChunkStore.VerifyOutcome.checked("a", io.hybridstore.common.spi.ChunkStore.VerifyResult.OK, null),
                    io.hybridstore.common.spi.ChunkStore.VerifyOutcome.checked("gone", io.hybridstore.common.spi.ChunkStore.VerifyResult.MISSING, null),
                    io.hybridstore.common.spi.ChunkStore.VerifyOutcome.failed("broken", ErrorCode.INTERNAL)), outcomes,
                    missingRoute + ": no CRC32C from the one-by-one answers; a chunk the node failed to check fails alone");
            assertEquals(List.of("POST /chunks/_verify", "POST /chunks/a/_verify", "POST /chunks/gone/_verify", "POST /chunks/broken/_verify"),
                    seen, missingRoute + ": the batched route once, then one request per id");
        }
    }

    /** A stand-in node answering every request with {@code handler}, stopped after the test. */
    private NodeInfo standIn(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        open.add(() -> server.stop(0));
        return node("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private String serve(AtomicReference<int[]> status, AtomicReference<String> body, String crc) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            if (body.get().startsWith("{")) {
                exchange.getResponseHeaders().add("Content-Type", ChunkApi.PROBLEM_JSON);
            }
            if (crc != null) {
                exchange.getResponseHeaders().add(ChunkApi.CRC32C_HEADER, crc);
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status.get()[0], head || bytes.length == 0 ? -1 : bytes.length);
            if (!head && bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        open.add(() -> server.stop(0));
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String problem(String type, int status) {
        return "{\"type\":\"urn:hybridstore:problem:" + type + "\",\"title\":\"x\",\"status\":" + status + ",\"detail\":\"d\"}";
    }

    private static NodeInfo node(String url) {
        return new NodeInfo("n", url, "", 0, 0, 0, 0, "test");
    }
}
