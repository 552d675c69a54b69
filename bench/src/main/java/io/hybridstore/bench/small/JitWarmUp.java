package io.hybridstore.bench.small;

import java.time.Duration;
import java.util.Locale;

/**
 * More warm-up, window by window, until the cluster's compiler threads go quiet or {@code warmupMax}
 * is spent: a phase that still compiles measures the JIT, not the store. Both modes use it, each with
 * a window of its own load ({@link Window}).
 */
final class JitWarmUp {
    /** One window of warm-up load. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    /** Runs {@code length} of warm-up load. */
    @FunctionalInterface
    interface Window {
        void run(Duration length) throws InterruptedException;
    }

    private JitWarmUp() {
    }

    /** Windows of {@code window} until the JIT settles or gives up; the note that says which. */
    static String untilSettled(SmallBenchSettings settings, Probe probe, Window window) throws InterruptedException {
        if (settings.warmupMax().isZero()) {
            return "warm-up: fixed, no wait for the JIT to settle (warmup-max 0)";
        }
        JitSettling settling = new JitSettling(settings.jitSettled(), WINDOW, settings.warmupMax());
        double before = probe.compilerCpuSeconds();
        while (true) {
            window.run(WINDOW);
            double now = probe.compilerCpuSeconds();
            double used = now - before;
            before = now;
            JitSettling.Verdict verdict = settling.after(used);
            BenchRun.progress("warm-up: the JIT used %.2f CPU-s in the last %s (settled at %.2f)", used, WINDOW, settings.jitSettled());
            if (verdict == JitSettling.Verdict.SETTLED) {
                return String.format(Locale.ROOT, "warm-up: the JIT settled after %s more (under %.2f compiler CPU-s per %s)",
                        settling.spent(), settings.jitSettled(), WINDOW);
            }
            if (verdict == JitSettling.Verdict.GAVE_UP) {
                return String.format(Locale.ROOT, "warm-up: the JIT had NOT settled after %s more (%.2f compiler CPU-s in "
                        + "the last %s): the phases carry compilation", settling.spent(), used, WINDOW);
            }
        }
    }
}
