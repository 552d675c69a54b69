package io.hybridstore.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The rate of a growing counter over a sliding window of samples, and the time left to reach a
 * target as a range: the ETA is shown only once the window spans {@code steadyAfter}, from the
 * slowest and fastest rate of its halves, so a bursty rate shows as a wide range instead of a
 * precise wrong number. Pure: the caller passes the time of each sample.
 */
final class RateWindow {
    private record Sample(long atMillis, long value) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final long windowMillis;
    private final long steadyAfterMillis;

    RateWindow(Duration window, Duration steadyAfter) {
        this.windowMillis = window.toMillis();
        this.steadyAfterMillis = steadyAfter.toMillis();
    }

    /** A new reading; a counter that went down (a restarted process) starts the window over. */
    void add(long atMillis, long value) {
        if (!samples.isEmpty() && value < samples.peekLast().value()) {
            samples.clear();
        }
        samples.addLast(new Sample(atMillis, value));
        while (samples.size() > 2 && atMillis - samples.peekFirst().atMillis() > windowMillis) {
            samples.removeFirst();
        }
    }

    /** Units per second over the window; 0 with fewer than two samples. */
    double perSecond() {
        return rate(samples.peekFirst(), samples.peekLast());
    }

    /** Seconds to go {@code remaining} more, fastest and slowest, once the rate is steady and positive. */
    Optional<long[]> etaSeconds(long remaining) {
        if (remaining <= 0) {
            return Optional.of(new long[] {0, 0});
        }
        if (samples.size() < 3 || samples.peekLast().atMillis() - samples.peekFirst().atMillis() < steadyAfterMillis) {
            return Optional.empty();
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        Sample middle = samples.stream().filter(s -> s.atMillis() >= (first.atMillis() + last.atMillis()) / 2).findFirst().orElse(last);
        double a = rate(first, middle);
        double b = rate(middle, last);
        double slow = Math.min(a, b);
        double fast = Math.max(a, b);
        if (fast <= 0) {
            return Optional.empty();
        }
        long best = (long) Math.ceil(remaining / fast);
        long worst = slow <= 0 ? Long.MAX_VALUE : (long) Math.ceil(remaining / slow);
        return Optional.of(new long[] {best, worst});
    }

    private static double rate(Sample from, Sample to) {
        if (from == null || to == null || to.atMillis() <= from.atMillis()) {
            return 0;
        }
        return (to.value() - from.value()) * 1000.0 / (to.atMillis() - from.atMillis());
    }
}
