package io.hybridstore.io.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.KeyValue;
import io.hybridstore.cluster.Ports;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.TestEtcd;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Membership against a real etcd: register, keep current, come back after losing the lease, leave on close. */
class EtcdNodeRegistrationTest {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration BEAT = Duration.ofMillis(200);
    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/registration");
    private EtcdConnection etcd;
    private final AtomicLong chunks = new AtomicLong();
    private String prefix;

    @BeforeEach
    void connect() {
        prefix = "/t" + System.nanoTime();
        etcd = EtcdConnection.connect(List.of(ETCD.server().endpoint()), prefix, Duration.ofSeconds(1));
    }

    @AfterEach
    void disconnect() {
        etcd.close();
    }

    private NodeInfo info(String id) {
        return new NodeInfo(id, "http://127.0.0.1:1/" + id, "zone-a", 1000, chunks.get() * 10, chunks.get(), 42, "test");
    }

    @Test
    void registersUnderALeaseAndLeavesAtOnceOnClose() {
        try (EtcdNodeRegistration registration = EtcdNodeRegistration.start(etcd, () -> info("n1"), TTL, BEAT)) {
            await("registration", registration::isLive);
            KeyValue kv = record("n1").orElseThrow();
            assertEquals(info("n1"), ModelJson.fromBytes(kv.getValue().getBytes(), NodeInfo.class));
            assertTrue(kv.getLease() != 0, "attached to a lease");
            assertEquals(1, registration.registrations());
            assertTrue(registration.describe().startsWith("live"), registration.describe());
            registration.close();
            assertFalse(registration.isLive());
            assertTrue(record("n1").isEmpty(), "revoked on close, not left for the TTL");
        }
    }

    @Test
    void republishesChangedCountsAndRegistersAgainAfterLosingTheLease() {
        try (EtcdNodeRegistration registration = EtcdNodeRegistration.start(etcd, () -> info("n2"), TTL, BEAT)) {
            await("registration", () -> record("n2").isPresent());
            chunks.set(7);
            await("the new count published", () -> record("n2").map(kv -> parse(kv).chunkCount() == 7).orElse(false));

            long lease = record("n2").orElseThrow().getLease();
            etcd.await(etcd.client().getLeaseClient().revoke(lease), "revoke"); // as if etcd had expired it
            await("a new lease", () -> record("n2").map(kv -> kv.getLease() != lease).orElse(false));
            // The heartbeat counts a registration just after the put this test saw: wait for it, do not race it.
            await("the second registration counted", () -> registration.registrations() == 2);
            assertTrue(registration.isLive());
        }
    }

    @Test
    void startsWithoutEtcdAndIsNotLiveUntilItCanRegister() {
        String dead = "http://127.0.0.1:" + Ports.free();
        try (EtcdConnection unreachable = EtcdConnection.connect(List.of(dead), prefix, Duration.ofSeconds(1));
                EtcdNodeRegistration registration = EtcdNodeRegistration.start(unreachable, () -> info("n3"), TTL, BEAT)) {
            await("a failed attempt", () -> registration.describe().contains("not live (etcd"));
            assertFalse(registration.isLive());
            long start = System.nanoTime();
            registration.close();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "close is bounded even when etcd is gone");
        }
    }

    @Test
    void refusesAHeartbeatThatCouldMissTheLease() {
        assertThrows(IllegalArgumentException.class,
                () -> EtcdNodeRegistration.start(etcd, () -> info("n4"), Duration.ofSeconds(2), Duration.ofMillis(1500)));
    }

    private Optional<KeyValue> record(String id) {
        return etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes(etcd.keys().node(id))), "get")
                .getKvs().stream().findFirst();
    }

    private static NodeInfo parse(KeyValue kv) {
        return ModelJson.fromBytes(kv.getValue().getBytes(), NodeInfo.class);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
