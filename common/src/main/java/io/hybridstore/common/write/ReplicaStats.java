package io.hybridstore.common.write;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the gateway has seen of each storage node's reads, and the two decisions taken from it:
 * which replica to ask first ({@link #rank}) and how long to wait before asking the next one too
 * ({@link #hedgeDelay}). Latency is an EWMA with an EWMA of the absolute deviation (as TCP's RTO
 * estimator); mean + 2·deviation approximates the recent p95 without keeping a histogram. Success
 * is an EWMA of 1/0 outcomes whose failures fade with time, so a node that failed once is tried
 * again after a while instead of being shunned forever.
 *
 * <p>Thread-safe; the clock is injected (nanoseconds) so tests drive time.
 */
public final class ReplicaStats {

    private static final double ALPHA = 0.2;
    private static final double FAILURE_HALF_LIFE_NANOS = Duration.ofSeconds(10).toNanos();

    private final Map<String, NodeStat> stats = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long hedgeFloorNanos;
    private final long defaultLatencyNanos;

    /**
     * @param hedgeFloor     the shortest hedge delay (a very fast node must not cause a hedge per read)
     * @param defaultLatency assumed latency of a node not measured yet
     */
    public ReplicaStats(LongSupplier nanoClock, Duration hedgeFloor, Duration defaultLatency) {
        this.nanoClock = nanoClock;
        this.hedgeFloorNanos = hedgeFloor.toNanos();
        this.defaultLatencyNanos = defaultLatency.toNanos();
    }

    public void recordSuccess(String nodeId, Duration latency) {
        stats.computeIfAbsent(nodeId, id -> new NodeStat(defaultLatencyNanos)).success(latency.toNanos(), nanoClock.getAsLong());
    }

    public void recordFailure(String nodeId) {
        stats.computeIfAbsent(nodeId, id -> new NodeStat(defaultLatencyNanos)).failure(nanoClock.getAsLong());
    }

    /** {@code nodeIds} best first: expected latency divided by recent success rate; ties by id. */
    public List<String> rank(List<String> nodeIds) {
        long now = nanoClock.getAsLong();
        return nodeIds.stream()
                .sorted(Comparator.comparingDouble((String id) -> score(id, now)).thenComparing(id -> id))
                .toList();
    }

    /** How long to wait for {@code nodeId} before hedging to the next replica: ~p95, at least the floor. */
    public Duration hedgeDelay(String nodeId) {
        NodeStat s = stats.get(nodeId);
        double p95 = s == null ? defaultLatencyNanos : s.p95Nanos();
        return Duration.ofNanos(Math.max(hedgeFloorNanos, (long) p95));
    }

    private double score(String nodeId, long now) {
        NodeStat s = stats.get(nodeId);
        if (s == null) {
            return defaultLatencyNanos;
        }
        return s.meanNanos() / Math.max(0.05, s.successRate(now));
    }

    private static final class NodeStat {
        private double mean;
        private double deviation;
        private double failureWeight; // 0 = all recent reads succeeded, 1 = all failed
        private long failureAtNanos;
        private boolean measured;

        NodeStat(long defaultLatencyNanos) {
            this.mean = defaultLatencyNanos;
            this.deviation = defaultLatencyNanos / 2.0;
        }

        synchronized void success(long latencyNanos, long now) {
            if (!measured) {
                mean = latencyNanos;
                deviation = latencyNanos / 2.0;
                measured = true;
            } else {
                deviation = (1 - ALPHA) * deviation + ALPHA * Math.abs(latencyNanos - mean);
                mean = (1 - ALPHA) * mean + ALPHA * latencyNanos;
            }
            failureWeight = (1 - ALPHA) * decayed(now);
            failureAtNanos = now;
        }

        synchronized void failure(long now) {
            failureWeight = (1 - ALPHA) * decayed(now) + ALPHA;
            failureAtNanos = now;
        }

        synchronized double successRate(long now) {
            return 1 - decayed(now);
        }

        synchronized double meanNanos() {
            return mean;
        }

        synchronized double p95Nanos() {
            return mean + 2 * deviation;
        }

        private double decayed(long now) {
            long age = Math.max(0, now - failureAtNanos);
            return failureWeight * Math.pow(0.5, age / FAILURE_HALF_LIFE_NANOS);
        }
    }
}
