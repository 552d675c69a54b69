package io.hybridstore.bench.small;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one client saw in one phase: the latency of every successful operation (HdrHistogram, in
 * microseconds, 3 significant digits), failures by kind, and the gateway's Server-Timing parts.
 * One per client thread, so recording takes no lock; {@link #add} merges them after the phase.
 */
final class OpStats {
    /** Above any timeout the bench uses: a longer latency would be clamped, never dropped. */
    private static final long HIGHEST_MICROS = 120_000_000L;

    /** The gateway's part from a request's arrival to its answer made (the others are inside it). */
    static final String TOTAL = "total";
    /** Derived: {@value #TOTAL} less the other parts of the same request. */
    static final String UNTIMED = "untimed";
    /** Derived: the client's latency less {@value #TOTAL}, of the same request. */
    static final String OUTSIDE = "outside";

    private final Histogram latency = histogram();
    /** The same latencies by the kind of request, where the load named one (a mixed load's reads and writes). */
    private final Map<String, Histogram> byKind = new TreeMap<>();
    private final Map<String, Long> errors = new TreeMap<>();
    private final Map<String, Histogram> serverTiming = new TreeMap<>();
    private final SlowestRequests slowest = new SlowestRequests();

    private static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    void success(long nanos) {
        success(nanos, null);
    }

    /** A success of a request of {@code kind} (null: not named). */
    void success(long nanos, String kind) {
        long micros = Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000));
        latency.recordValue(micros);
        if (kind != null) {
            byKind.computeIfAbsent(kind, k -> histogram()).recordValue(micros);
        }
    }

    /** {@code kind}: an HTTP status ("503"), or "timeout", "io-error". */
    void failure(String kind) {
        errors.merge(kind, 1L, Long::sum);
    }

    /**
     * The gateway's {@code Server-Timing} header, e.g. {@code wal;dur=1.20, split;dur=0.05, store;dur=3.10}
     * (milliseconds); parts that do not parse are skipped.
     */
    void serverTiming(String header) {
        serverTiming(header, -1);
    }

    /**
     * As {@link #serverTiming(String)}, for a request the client saw take {@code latencyNanos}; when the
     * gateway sent its {@value #TOTAL} (arrival to answer made), two derived parts: {@value #UNTIMED}, the
     * total less every other part (what no part timed), and {@value #OUTSIDE}, the client's latency less
     * the total (the answer's way back and the client's own wake-up). Per request, so their
     * percentiles are those of the differences, not differences of the parts' percentiles (medians
     * of skewed parts do not add up).
     */
    void serverTiming(String header, long latencyNanos) {
        if (header == null || header.isBlank()) {
            return;
        }
        long latencyMicros = latencyNanos / 1000;
        Map<String, Long> parts = latencyNanos >= 0 && slowest.wants(latencyMicros) ? new TreeMap<>() : null;
        long total = -1;
        long others = 0;
        for (String part : header.split(",")) {
            String[] fields = part.trim().split(";dur=");
            if (fields.length == 2) {
                try {
                    long micros = Math.round(Double.parseDouble(fields[1].trim()) * 1000);
                    String name = fields[0].trim();
                    record(name, micros);
                    if (name.equals(TOTAL)) {
                        total = micros; // the whole of the others: not one of the slow requests' parts, which add up without it
                    } else {
                        others += micros;
                        if (parts != null) {
                            parts.merge(name, micros, Long::sum);
                        }
                    }
                } catch (NumberFormatException notANumber) {
                    // a part we do not understand says nothing about latency
                }
            }
        }
        if (total >= 0) {
            record(UNTIMED, total - others);
            if (latencyNanos >= 0) {
                record(OUTSIDE, latencyMicros - total);
            }
            if (parts != null) {
                parts.put(UNTIMED, total - others);
                parts.put(OUTSIDE, latencyMicros - total);
            }
        }
        if (parts != null) {
            slowest.add(latencyMicros, parts);
        }
    }

    private void record(String part, long micros) {
        serverTiming.computeIfAbsent(part, k -> histogram()).recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
    }

    void add(OpStats other) {
        latency.add(other.latency);
        other.byKind.forEach((k, v) -> byKind.computeIfAbsent(k, x -> histogram()).add(v));
        other.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        other.serverTiming.forEach((k, v) -> serverTiming.computeIfAbsent(k, x -> histogram()).add(v));
        slowest.add(other.slowest);
    }

    long successes() {
        return latency.getTotalCount();
    }

    long failures() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> errors() {
        return Map.copyOf(errors);
    }

    Latency latency() {
        return Latency.of(latency);
    }

    /** Latency percentiles of each kind of request the load named: a mixed load's reads and writes apart. */
    Map<String, Latency> latencyByKind() {
        Map<String, Latency> latencies = new TreeMap<>();
        byKind.forEach((k, v) -> latencies.put(k, Latency.of(v)));
        return latencies;
    }

    /** The median of each Server-Timing part, in milliseconds. */
    Map<String, Double> serverTimingP50() {
        return serverTimingAt(50);
    }

    /** Each Server-Timing part at {@code percentile}, in milliseconds: which part a slow request was slow in. */
    Map<String, Double> serverTimingAt(double percentile) {
        Map<String, Double> at = new TreeMap<>();
        serverTiming.forEach((k, v) -> at.put(k, v.getValueAtPercentile(percentile) / 1000.0));
        return at;
    }

    /**
     * The slowest 1 % of the successes taken apart: each Server-Timing part's mean over them, so what
     * the requests beyond the p99 were slow in (of those that sent a Server-Timing).
     */
    SlowestRequests.Anatomy slowestPercent() {
        return slowest.slowest(0.01, successes());
    }

    /** Latency percentiles in milliseconds; zeros when nothing succeeded. */
    record Latency(long count, double p50, double p90, double p99, double p999, double max) {
        static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %.2f / p90 %.2f / p99 %.2f / p99.9 %.2f / max %.2f ms", p50, p90, p99, p999, max);
        }
    }
}
