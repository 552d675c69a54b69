package io.hybridstore.gateway.write;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** Durations of the phases of one request, in order: the {@code Server-Timing} header and the per-phase timers. */
public final class Timings {

    private final Map<String, Long> nanos = new LinkedHashMap<>();

    public <T> T time(String phase, Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            add(phase, System.nanoTime() - start);
        }
    }

    /** Adds {@code duration} nanoseconds to {@code phase} (a phase timed in several steps sums them). */
    void add(String phase, long duration) {
        nanos.merge(phase, duration, Long::sum);
    }

    /** Adds the time from {@code startNanos} ({@link System#nanoTime}) to now to {@code phase}. */
    public void since(String phase, long startNanos) {
        add(phase, System.nanoTime() - startNanos);
    }

    public void time(String phase, Runnable step) {
        time(phase, () -> {
            step.run();
            return null;
        });
    }

    /** Each phase and its nanoseconds, in order, without a copy of the map. */
    public void forEach(BiConsumer<String, Long> phase) {
        nanos.forEach(phase);
    }

    /**
     * e.g. {@code wal;dur=1.20, split;dur=0.05, store;dur=3.10, meta;dur=0.90} (milliseconds, two
     * decimals, rounded half up). Built by hand: {@code String.format} parses its pattern on every
     * call, and this runs on every write and read.
     */
    public String serverTiming() {
        StringBuilder header = new StringBuilder(16 * nanos.size());
        nanos.forEach((phase, duration) -> {
            if (!header.isEmpty()) {
                header.append(", ");
            }
            long hundredths = (duration + 5_000) / 10_000; // of a millisecond
            header.append(phase).append(";dur=").append(hundredths / 100).append('.');
            long fraction = hundredths % 100;
            header.append(fraction < 10 ? "0" : "").append(fraction);
        });
        return header.toString();
    }
}
