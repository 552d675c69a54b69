package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.EtcdServer;
import io.hybridstore.common.spi.LeaderElector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Healer election against a real etcd. Each elector has its own client, as two healer processes
 * would. TTL 3 s (etcd's minimum lease TTL on a single member is about 1.5 s).
 */
class EtcdLeaderElectorTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @TempDir
    static Path dir;
    private static EtcdServer server;

    @BeforeAll
    static void startEtcd() {
        server = EtcdServer.start(dir);
    }

    @AfterAll
    static void stopEtcd() {
        server.close();
    }

    private static EtcdConnection connect(String prefix) {
        return EtcdConnection.connect(List.of(server.endpoint()), prefix, Duration.ofSeconds(3));
    }

    private static String freshPrefix() {
        return "/election-" + PREFIXES.incrementAndGet();
    }

    @Test
    void oneWinsTheOtherWaitsAndWinsWhenTheLeaderResigns() throws Exception {
        String prefix = freshPrefix();
        try (EtcdConnection a = connect(prefix); EtcdConnection b = connect(prefix);
                EtcdLeaderElector first = new EtcdLeaderElector(a, TTL); EtcdLeaderElector second = new EtcdLeaderElector(b, TTL)) {
            LeaderElector.Leadership leader = first.awaitLeadership("healer-1", Duration.ofSeconds(5)).orElseThrow();
            assertTrue(leader.isHeld());
            assertEquals(Optional.empty(), second.awaitLeadership("healer-2", Duration.ofSeconds(1)), "a standby waits");
            assertEquals(Optional.empty(), second.awaitLeadership("healer-2", Duration.ofMillis(500)), "still queued");
            assertTrue(leader.isHeld(), "keep-alive holds the lease well past its TTL");

            long start = System.nanoTime();
            leader.close(); // graceful shutdown resigns
            assertFalse(leader.isHeld());
            LeaderElector.Leadership next = second.awaitLeadership("healer-2", Duration.ofSeconds(5)).orElseThrow();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(next.isHeld());
            assertTrue(tookMs < 1_500, "resign hands over at once, not after the TTL: " + tookMs + " ms");
        }
    }

    @Test
    void aLeaderThatStopsRenewingLosesItAtOnceLocallyAndTheStandbyWinsWithinTheTtl() throws Exception {
        String prefix = freshPrefix();
        EtcdConnection frozen = connect(prefix);
        try (EtcdConnection b = connect(prefix); EtcdLeaderElector second = new EtcdLeaderElector(b, TTL)) {
            EtcdLeaderElector first = new EtcdLeaderElector(frozen, TTL);
            LeaderElector.Leadership leader = first.awaitLeadership("healer-1", Duration.ofSeconds(5)).orElseThrow();
            assertEquals(Optional.empty(), second.awaitLeadership("healer-2", Duration.ofMillis(300)));

            // The leader's process freezes / is cut off: no more keep-alives, no resign, no revoke.
            long start = System.nanoTime();
            frozen.close();
            LeaderElector.Leadership next = second.awaitLeadership("healer-2", TTL.plusSeconds(3)).orElseThrow();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(next.isHeld());
            assertFalse(leader.isHeld(), "the old leader stopped believing it leads");
            assertTrue(tookMs <= TTL.toMillis() + 2_000, "standby won within the TTL: " + tookMs + " ms");
        }
    }

    @Test
    void isHeldTurnsFalseAsSoonAsTheLeaseIsRevoked() throws Exception {
        String prefix = freshPrefix();
        try (EtcdConnection a = connect(prefix); EtcdConnection admin = connect(prefix);
                EtcdLeaderElector elector = new EtcdLeaderElector(a, TTL)) {
            EtcdLeaderElector.Candidacy leader = (EtcdLeaderElector.Candidacy)
                    elector.awaitLeadership("healer-1", Duration.ofSeconds(5)).orElseThrow();
            admin.await(admin.client().getLeaseClient().revoke(leader.leaseId), "revoke");
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (leader.isHeld() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertFalse(leader.isHeld(), "lease gone: leadership gone (well before the TTL would run out)");
            LeaderElector.Leadership again = elector.awaitLeadership("healer-1", Duration.ofSeconds(5)).orElseThrow();
            assertTrue(again.isHeld(), "a new candidacy with a new lease wins the free election");
        }
    }
}
