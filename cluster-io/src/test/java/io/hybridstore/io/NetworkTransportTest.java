package io.hybridstore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.HttpChunkStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The native epoll library this build ships (cluster-io's runtime dependency, the Netty version of
 * the Quarkus BOM) loads on this machine's kind (Linux x86_64) and carries the chunk client's
 * traffic; with the switch off the same traffic runs on NIO; and a fallback says why.
 */
class NetworkTransportTest {

    private static final int THREADS = 4;
    private static final int GETS_PER_THREAD = 100;

    @Test
    void theNativeTransportLoadsAndCarriesChunkReads() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
        try {
            NetworkTransport transport = NetworkTransport.of(vertx, true);
            assertEquals("epoll", transport.name(), "on Linux x86_64 the epoll library loads: " + vertx.unavailableNativeTransportCause());
            assertTrue(transport.isNative());
            assertFalse(transport.fellBack());
            assertTrue(transport.describe().contains(NetworkTransport.SWITCH + "=false selects Java NIO"), transport.describe());
            assertEquals(THREADS * GETS_PER_THREAD, chunkReads(vertx));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void withTheSwitchOffVertxRunsOnNio() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false).setEventLoopPoolSize(2));
        try {
            NetworkTransport transport = NetworkTransport.of(vertx, false);
            assertEquals(NetworkTransport.NIO, transport.name());
            assertFalse(transport.isNative());
            assertFalse(transport.fellBack(), "NIO asked for is no fallback");
            assertNull(transport.unavailableCause());
            assertEquals("network transport: Java NIO (" + NetworkTransport.SWITCH + "=false)", transport.describe());
            assertEquals(THREADS * GETS_PER_THREAD, chunkReads(vertx));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNativeTransportAskedForAndMissingIsAFallbackThatSaysWhy() {
        // What Vert.x reports on a machine without the library (macOS, aarch64 with only the x86_64 file).
        NetworkTransport transport = new NetworkTransport(NetworkTransport.NIO, true,
                new UnsatisfiedLinkError("no netty_transport_native_epoll_aarch_64"));
        assertTrue(transport.fellBack());
        assertTrue(transport.describe().startsWith("network transport: Java NIO, because the native transport asked for is unavailable here"),
                transport.describe());
        assertTrue(transport.describe().contains("no netty_transport_native_epoll_aarch_64"), transport.describe());
    }

    /** Chunk GETs through {@link HttpChunkStore} against a server on the same Vert.x, from several threads at once. */
    private static int chunkReads(Vertx vertx) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            byte[] body = request.path().substring(request.path().lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8);
            request.response().putHeader(ChunkApi.CRC32C_HEADER, crc(body)).end(Buffer.buffer(body));
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        NodeInfo node = new NodeInfo("n", "http://127.0.0.1:" + server.actualPort(), "", 0, 0, 0, 0, "test");
        int read = 0;
        try (HttpChunkStore store = new HttpChunkStore(vertx, "t0ken", Duration.ofSeconds(5), Duration.ofSeconds(10));
             ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Integer>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                running.add(threads.submit(() -> {
                    for (int i = 0; i < GETS_PER_THREAD; i++) {
                        String id = "c" + thread + "-" + i;
                        assertArrayEquals(id.getBytes(StandardCharsets.UTF_8), store.get(node, id));
                    }
                    return GETS_PER_THREAD;
                }));
            }
            for (Future<Integer> f : running) {
                read += f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        return read;
    }

    private static String crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return Long.toHexString(crc.getValue());
    }
}
