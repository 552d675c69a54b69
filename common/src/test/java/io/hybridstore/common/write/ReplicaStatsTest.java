package io.hybridstore.common.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplicaStatsTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ReplicaStats stats = new ReplicaStats(clock::get, Duration.ofMillis(5), Duration.ofMillis(20));

    @Test
    void unmeasuredNodesRankByIdAndHedgeAfterTheDefault() {
        assertEquals(List.of("a", "b", "c"), stats.rank(List.of("c", "a", "b")));
        assertEquals(Duration.ofMillis(20), stats.hedgeDelay("a"));
    }

    @Test
    void fasterNodeRanksFirst() {
        for (int i = 0; i < 20; i++) {
            stats.recordSuccess("slow", Duration.ofMillis(40));
            stats.recordSuccess("fast", Duration.ofMillis(2));
        }
        assertEquals(List.of("fast", "slow"), stats.rank(List.of("slow", "fast")));
    }

    @Test
    void hedgeDelayTracksLatencyAboveTheFloor() {
        for (int i = 0; i < 50; i++) {
            stats.recordSuccess("n", Duration.ofMillis(i % 2 == 0 ? 10 : 20));
        }
        long delay = stats.hedgeDelay("n").toMillis();
        assertTrue(delay >= 18 && delay <= 30, "about p95 of 10/20 ms samples: " + delay);
        for (int i = 0; i < 50; i++) {
            stats.recordSuccess("quick", Duration.ofMillis(1));
        }
        assertEquals(Duration.ofMillis(5), stats.hedgeDelay("quick"), "never below the floor");
    }

    @Test
    void failuresDemoteANodeAndFadeWithTime() {
        for (int i = 0; i < 10; i++) {
            stats.recordSuccess("a", Duration.ofMillis(2));
            stats.recordSuccess("b", Duration.ofMillis(3));
        }
        for (int i = 0; i < 5; i++) {
            stats.recordFailure("a");
        }
        assertEquals(List.of("b", "a"), stats.rank(List.of("a", "b")));
        clock.addAndGet(Duration.ofSeconds(60).toNanos()); // six half-lives: the failures are history
        assertEquals(List.of("a", "b"), stats.rank(List.of("a", "b")));
    }

    @Test
    void aSuccessAfterFailuresRestoresTrustGradually() {
        stats.recordSuccess("a", Duration.ofMillis(2));
        stats.recordSuccess("b", Duration.ofMillis(3));
        stats.recordFailure("a");
        stats.recordFailure("a");
        stats.recordFailure("a");
        assertEquals(List.of("b", "a"), stats.rank(List.of("a", "b")));
        for (int i = 0; i < 10; i++) {
            stats.recordSuccess("a", Duration.ofMillis(2));
        }
        assertEquals(List.of("a", "b"), stats.rank(List.of("a", "b")));
    }

    @Test
    void theRankIsTheOrderOfScoresThenIdsAsTheComparatorGaveIt() {
        Random random = new Random(36);
        int ranked = 0;
        int ties = 0;
        for (int round = 0; round < 500; round++) {
            ReplicaStats some = new ReplicaStats(clock::get, Duration.ofMillis(5), Duration.ofMillis(20));
            List<String> nodes = new ArrayList<>();
            for (int n = 0; n < 1 + random.nextInt(8); n++) {
                String id = "node-" + random.nextInt(12);
                nodes.add(id);
                switch (random.nextInt(3)) { // unmeasured; measured at one of a few latencies (ties); failed
                    case 0 -> { }
                    case 1 -> some.recordSuccess(id, Duration.ofMillis(1 + random.nextInt(3)));
                    default -> some.recordFailure(id);
                }
            }
            List<String> expected = new ArrayList<>(nodes);
            expected.sort(Comparator.comparingDouble((String id) -> score(some, id)).thenComparing(id -> id));
            assertEquals(expected, some.rank(nodes), nodes.toString());
            ranked++;
            ties += expected.stream().map(id -> score(some, id)).distinct().count() < expected.size() ? 1 : 0;
        }
        assertEquals(500, ranked);
        assertTrue(ties > 100, "ties broken by id were among them: " + ties);
    }

    private double score(ReplicaStats stats, String id) {
        return stats.score(id, clock.get());
    }
}
