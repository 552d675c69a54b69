package io.hybridstore.common.write;

import java.time.Duration;
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

    /**
     * {@code nodeIds} best first: expected latency divided by recent success rate; ties by id. Each
     * node scored once, then an insertion sort (a part has 3 replicas): the stream sorted with a
     * comparator that scored both nodes at every comparison was 1.3 % of the gateway's CPU samples at
     * 32 readers, and a score that changed between two comparisons could break the sort's contract.
     */
    public List<String> rank(List<String> nodeIds) {
        long now = nanoClock.getAsLong();
        int n = nodeIds.size();
        String[] ids = nodeIds.toArray(new String[0]);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = score(ids[i], now);
        }
        for (int i = 1; i < n; i++) {
            String id = ids[i];
            double score = scores[i];
            int j = i - 1;
            for (; j >= 0 && worse(scores[j], ids[j], score, id); j--) {
                ids[j + 1] = ids[j];
                scores[j + 1] = scores[j];
            }
            ids[j + 1] = id;
            scores[j + 1] = score;
        }
        return List.of(ids);
    }

    private static boolean worse(double score, String id, double otherScore, String otherId) {
        int byScore = Double.compare(score, otherScore);
        return byScore > 0 || byScore == 0 && id.compareTo(otherId) > 0;
    }

    /** How long to wait for {@code nodeId} before hedging to the next replica: ~p95, at least the floor. */
    public Duration hedgeDelay(String nodeId) {
        NodeStat s = stats.get(nodeId);
        double p95 = s == null ? defaultLatencyNanos : s.p95Nanos();
        return Duration.ofNanos(Math.max(hedgeFloorNanos, (long) p95));
    }

    /** The rank's key: lower is better (package-private for its test). */
    double score(String nodeId, long now) {
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
