package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.EtcdServer;
import io.hybridstore.cluster.Ports;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bound-every-call guarantee, against a real etcd and against a port where none listens. */
class EtcdConnectionTest {

    @Test
    void callsToADeadEndpointFailWithinTheTimeoutInsteadOfHanging() {
        String dead = "http://127.0.0.1:" + Ports.free();
        try (EtcdConnection etcd = EtcdConnection.connect(List.of(dead), "/t", Duration.ofMillis(800))) {
            long start = System.nanoTime();
            StoreException e = assertThrows(StoreException.class,
                    () -> etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes("/t/x")), "get"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // Refused or not answered in time, whichever surfaced first: the same 503.
            assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage());
            assertTrue(e.retryable(), "unreachable etcd is retryable: " + e.code());
            assertTrue(tookMs < 3_000, "bounded by the timeout, took " + tookMs + " ms");
            assertFalse(etcd.isReachable(Duration.ofMillis(300)));
        }
    }

    @Test
    void noAnswerWithinTheBoundIsUnavailableAndSaysItTimedOut() {
        try (EtcdConnection etcd = EtcdConnection.connect(List.of("http://127.0.0.1:" + Ports.free()), "/t", Duration.ofSeconds(5))) {
            CompletableFuture<Object> never = new CompletableFuture<>();
            long start = System.nanoTime();
            StoreException e = assertThrows(StoreException.class, () -> etcd.await(never, "metadata commit", Duration.ofMillis(200)));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertEquals(503, e.code().httpStatus());
            assertTrue(e.retryable());
            assertEquals("etcd metadata commit timed out: no answer within the bound", e.getMessage());
            assertTrue(e.getCause() instanceof TimeoutException, String.valueOf(e.getCause()));
            assertTrue(never.isCancelled(), "the abandoned call is cancelled");
            assertTrue(tookMs >= 200 && tookMs < 2_000, "waited the bound, took " + tookMs + " ms");
        }
    }

    @Test
    void etcdsOwnDeadlineIsUnavailableToo() {
        StoreException e = EtcdConnection.classify(EtcdExceptionFactory.newEtcdException(
                io.etcd.jetcd.common.exception.ErrorCode.DEADLINE_EXCEEDED, "deadline exceeded"), "get");
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("DEADLINE_EXCEEDED"), e.getMessage());
    }

    @Test
    void talksToARealEtcd(@TempDir Path dir) {
        try (EtcdServer server = EtcdServer.start(dir);
                EtcdConnection etcd = EtcdConnection.connect(List.of(server.endpoint()), "/t", Duration.ofSeconds(5))) {
            assertTrue(etcd.isReachable(Duration.ofSeconds(2)));
            etcd.await(etcd.client().getKVClient().put(EtcdConnection.bytes("/t/k"), EtcdConnection.bytes("v")), "put");
            var got = etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes("/t/k")), "get");
            assertEquals("v", EtcdConnection.text(got.getKvs().get(0).getValue()));
        }
    }

    /**
     * jetcd's unary calls start on the caller's thread ({@link EtcdConnection#clientBuilder}): its default
     * executor, a cached pool of threads named "jetcd-…", is never made, however many calls go out.
     */
    @Test
    void callsStartOnTheCallersThreadWithoutAPoolOfTheirOwn(@TempDir Path dir) throws Exception {
        try (EtcdServer server = EtcdServer.start(dir);
                EtcdConnection etcd = EtcdConnection.connect(List.of(server.endpoint()), "/t", Duration.ofSeconds(5))) {
            int calls = 0;
            for (int i = 0; i < 50; i++) {
                etcd.await(etcd.client().getKVClient().put(EtcdConnection.bytes("/t/k" + i), EtcdConnection.bytes("v" + i)), "put");
                var got = etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes("/t/k" + i)), "get");
                assertEquals("v" + i, EtcdConnection.text(got.getKvs().get(0).getValue()));
                calls += 2;
            }
            Thread virtual = Thread.ofVirtual().start(() -> etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes("/t/k0")), "get"));
            virtual.join(5_000);
            assertEquals(100, calls);
            List<String> pool = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("jetcd-")).toList();
            assertEquals(List.of(), pool, "no thread of jetcd's default executor");
        }
    }

    @Test
    void rejectsAnEmptyEndpointList() {
        assertThrows(IllegalArgumentException.class, () -> EtcdConnection.connect(List.of(), "/t", Duration.ofSeconds(1)));
        assertEquals(List.of("http://a:1", "http://b:2"), EtcdConnection.parseEndpoints(" http://a:1, ,http://b:2 "));
    }
}
