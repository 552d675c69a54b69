package io.hybridstore.bench.small;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The slowest requests of one client in one phase, each with its Server-Timing parts, so that the
 * phase's slowest 1 % can be taken apart request by request: which parts those requests spent their
 * time in. The parts' own 99th percentiles cannot say it, since a request slow in one part is seldom
 * the one slow in another (the p99s of the parts add up to more than the p99 of the whole).
 *
 * <p>Bounded: at most {@link #KEPT} requests a client, the slowest; a phase's slowest 1 % is taken
 * from every client's together, which is exact while that 1 % is at most {@code KEPT} requests (a
 * phase of up to {@code 100 × KEPT}), since no client can hold more of it than that.
 */
final class SlowestRequests {
    static final int KEPT = 2_000;
    private static final Comparator<Timed> FASTEST_FIRST = Comparator.comparingLong(Timed::latencyMicros);

    /** One request: what the client saw, and the gateway's parts (its derived ones included), in microseconds. */
    record Timed(long latencyMicros, Map<String, Long> partsMicros) {
    }

    /**
     * The slowest requests' anatomy: how many they are, their mean latency, each part's mean over them
     * (a part a request did not have counts as zero) in milliseconds, and the latency they start at.
     */
    record Anatomy(int requests, double fromMs, double meanMs, Map<String, Double> partsMeanMs) {
        static final Anatomy NONE = new Anatomy(0, 0, 0, Map.of());
    }

    private final PriorityQueue<Timed> slowest = new PriorityQueue<>(FASTEST_FIRST);

    /** Whether a request of this latency would be kept: only then are its parts worth collecting. */
    boolean wants(long latencyMicros) {
        return slowest.size() < KEPT || latencyMicros > slowest.peek().latencyMicros();
    }

    void add(long latencyMicros, Map<String, Long> partsMicros) {
        if (!wants(latencyMicros)) {
            return;
        }
        slowest.add(new Timed(latencyMicros, Map.copyOf(partsMicros)));
        if (slowest.size() > KEPT) {
            slowest.poll();
        }
    }

    void add(SlowestRequests other) {
        for (Timed t : other.slowest) {
            add(t.latencyMicros(), t.partsMicros());
        }
    }

    /**
     * The anatomy of the slowest {@code share} (0.01: 1 %) of {@code total} requests, of those kept;
     * {@link Anatomy#NONE} when none were kept (no Server-Timing in the phase).
     */
    Anatomy slowest(double share, long total) {
        List<Timed> kept = new ArrayList<>(slowest);
        int n = (int) Math.min(kept.size(), Math.max(1, Math.round(total * share)));
        if (kept.isEmpty() || total == 0) {
            return Anatomy.NONE;
        }
        kept.sort(FASTEST_FIRST.reversed());
        List<Timed> top = kept.subList(0, n);
        Map<String, Double> sums = new TreeMap<>();
        long latency = 0;
        for (Timed t : top) {
            latency += t.latencyMicros();
            t.partsMicros().forEach((part, micros) -> sums.merge(part, (double) micros, Double::sum));
        }
        Map<String, Double> means = new TreeMap<>();
        sums.forEach((part, sum) -> means.put(part, round(sum / n / 1000)));
        return new Anatomy(n, round(top.getLast().latencyMicros() / 1000.0), round(latency / (double) n / 1000), means);
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }
}
