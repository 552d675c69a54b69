package io.hybridstore.bench.small;

import java.time.Duration;

/**
 * When the warm-up may stop: once the cluster's JIT compiler threads used at most
 * {@code settledCpuSeconds} in one warm-up window, or, failing that, after {@code longest} of extra
 * warm-up (the run then says that its phases still carry compilation). Session 14's phases had
 * 3-5 CPU-s of compilation each after a 30-s warm-up, 60-75 % of it in the gateway, which on two
 * shared cores takes minutes to compile its request path. Pure: the bench feeds it the compiler
 * CPU of each window it ran.
 */
final class JitSettling {

    enum Verdict { CONTINUE, SETTLED, GAVE_UP }

    private final double settledCpuSeconds;
    private final Duration window;
    private final Duration longest;
    private Duration spent = Duration.ZERO;

    JitSettling(double settledCpuSeconds, Duration window, Duration longest) {
        this.settledCpuSeconds = settledCpuSeconds;
        this.window = window;
        this.longest = longest;
    }

    /** After one more window of warm-up in which the compiler threads used {@code compilerCpuSeconds}. */
    Verdict after(double compilerCpuSeconds) {
        spent = spent.plus(window);
        if (compilerCpuSeconds <= settledCpuSeconds) {
            return Verdict.SETTLED;
        }
        return spent.compareTo(longest) >= 0 ? Verdict.GAVE_UP : Verdict.CONTINUE;
    }

    /** Extra warm-up so far (the windows fed in). */
    Duration spent() {
        return spent;
    }
}
