package io.hybridstore.gateway.write;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Durations of the phases of one request, in order: the {@code Server-Timing} header and the per-phase timers. */
public final class Timings {

    private final Map<String, Long> nanos = new LinkedHashMap<>();

    public <T> T time(String phase, Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            nanos.merge(phase, System.nanoTime() - start, Long::sum);
        }
    }

    public void time(String phase, Runnable step) {
        time(phase, () -> {
            step.run();
            return null;
        });
    }

    public Map<String, Long> nanos() {
        return Map.copyOf(nanos);
    }

    /** e.g. {@code wal;dur=1.20, split;dur=0.05, store;dur=3.10, meta;dur=0.90} (milliseconds). */
    public String serverTiming() {
        return nanos.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s;dur=%.2f", e.getKey(), e.getValue() / 1e6))
                .collect(Collectors.joining(", "));
    }
}
