package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.spi.LeaderElector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Healer election against a real etcd. Each elector has its own client, as two healer processes
 * would. TTL 3 s (etcd's minimum lease TTL on a single member is about 1.5 s).
 */
class EtcdLeaderElectorTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    /** For the tests that show something happens long before a TTL could run out (robust on a loaded machine). */
    private static final Duration LONG_TTL = Duration.ofSeconds(12);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/election");

    private static EtcdConnection connect(String prefix) {
        return EtcdConnection.connect(List.of(ETCD.server().endpoint()), prefix, Duration.ofSeconds(3));
    }

    private static String freshPrefix() {
        return "/election-" + PREFIXES.incrementAndGet();
    }

    @Test
    void oneWinsTheOtherWaitsAndWinsWhenTheLeaderResigns() throws Exception {
        String prefix = freshPrefix();
        try (EtcdConnection a = connect(prefix); EtcdConnection b = connect(prefix);
                EtcdLeaderElector first = new EtcdLeaderElector(a, LONG_TTL); EtcdLeaderElector second = new EtcdLeaderElector(b, LONG_TTL)) {
            assertEquals(Optional.empty(), second.currentLeader(), "no one leads yet");
            LeaderElector.Leadership leader = first.awaitLeadership("healer-1", Duration.ofSeconds(5)).orElseThrow();
            assertTrue(leader.isHeld());
            assertEquals(Optional.empty(), second.awaitLeadership("healer-2", Duration.ofSeconds(1)), "a standby waits");
            LeaderElector.Leader seen = second.currentLeader().orElseThrow();
            assertEquals("healer-1", seen.id(), "any instance sees who leads, the queued standby too");
            assertTrue(seen.term() > 0);
            assertEquals(Optional.empty(), second.awaitLeadership("healer-2", Duration.ofMillis(500)), "still queued");
            assertTrue(leader.isHeld());

            long start = System.nanoTime();
            leader.close(); // graceful shutdown resigns
            assertFalse(leader.isHeld());
            LeaderElector.Leadership next = second.awaitLeadership("healer-2", Duration.ofSeconds(5)).orElseThrow();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(next.isHeld());
            assertTrue(tookMs < LONG_TTL.toMillis() / 2, "resign hands over at once, not after the TTL: " + tookMs + " ms");
            LeaderElector.Leader after = first.currentLeader().orElseThrow();
            assertEquals("healer-2", after.id());
            assertTrue(after.term() > seen.term(), "a new leadership has a later term: " + seen + " then " + after);
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
            assertTrue(tookMs <= TTL.toMillis() + 4_000, "standby won within the TTL (plus scheduling slack): " + tookMs + " ms");
        }
    }

    @Test
    void isHeldTurnsFalseAsSoonAsTheLeaseIsRevoked() throws Exception {
        String prefix = freshPrefix();
        try (EtcdConnection a = connect(prefix); EtcdConnection admin = connect(prefix);
                EtcdLeaderElector elector = new EtcdLeaderElector(a, LONG_TTL)) {
            EtcdLeaderElector.Candidacy leader = (EtcdLeaderElector.Candidacy)
                    elector.awaitLeadership("healer-1", Duration.ofSeconds(5)).orElseThrow();
            admin.await(admin.client().getLeaseClient().revoke(leader.leaseId), "revoke");
            // Keep-alives go every TTL/3; the first answer after the revoke says the lease is gone. Without
            // that, isHeld would only turn false after 2/3 of the TTL (8 s here).
            long deadline = System.nanoTime() + Duration.ofSeconds(7).toNanos();
            while (leader.isHeld() && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling interval
            }
            assertFalse(leader.isHeld(), "lease gone: leadership gone (before the 2/3-TTL renewal deadline)");
            LeaderElector.Leadership again = elector.awaitLeadership("healer-1", Duration.ofSeconds(5)).orElseThrow();
            assertTrue(again.isHeld(), "a new candidacy with a new lease wins the free election");
        }
    }
}
