package io.hybridstore.common.console;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The repair rate and an honest ETA. Fed once a second with running totals (objects healed, bytes
 * repaired); the rate is over the last {@link #SPAN_MILLIS}. The ETA is a range, and only once the
 * rate is steady: the span is cut into {@link #WINDOWS} windows, each must have healed something,
 * and the ETA runs from the queue at the fastest window's rate to the queue at the slowest's. A
 * single rate would promise a precision the healer's batches do not have (it repairs a page of
 * objects, then audits the next: the rate comes in bursts).
 */
public final class HealRate {

    static final long SPAN_MILLIS = 30_000;
    static final int WINDOWS = 3;

    private record Sample(long atMillis, long healed, long bytes) {
    }

    /** From the fastest window's rate to the slowest's. */
    public record Eta(long minSeconds, long maxSeconds) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Adds a sample; totals never decrease (a new model starting at 0 should start a new HealRate). */
    public synchronized void sample(long nowMillis, long healedTotal, long bytesTotal) {
        samples.addLast(new Sample(nowMillis, healedTotal, bytesTotal));
        while (samples.size() > 2 && samples.peekFirst().atMillis() < nowMillis - SPAN_MILLIS) {
            samples.removeFirst();
        }
    }

    /** Objects healed per second over the span (0 before two samples). */
    public synchronized double objectsPerSecond() {
        return perSecond(Sample::healed);
    }

    public synchronized double bytesPerSecond() {
        return perSecond(Sample::bytes);
    }

    /** Seconds until {@code queue} objects are healed, as a range; empty while the rate is not steady. */
    public synchronized Optional<Eta> eta(long queue) {
        if (queue <= 0 || samples.size() < 2) {
            return Optional.empty();
        }
        Sample last = samples.peekLast();
        long window = SPAN_MILLIS / WINDOWS;
        if (last.atMillis() - samples.peekFirst().atMillis() < SPAN_MILLIS - 1_000) {
            return Optional.empty(); // less than a full span seen yet
        }
        double slowest = Double.MAX_VALUE;
        double fastest = 0;
        for (int w = 0; w < WINDOWS; w++) {
            long to = last.atMillis() - w * window;
            Sample end = at(to);
            Sample start = at(to - window);
            if (start == null || end == null || end.atMillis() <= start.atMillis()) {
                return Optional.empty();
            }
            double rate = (end.healed() - start.healed()) * 1000.0 / (end.atMillis() - start.atMillis());
            if (rate <= 0) {
                return Optional.empty(); // a window without progress: not steady
            }
            slowest = Math.min(slowest, rate);
            fastest = Math.max(fastest, rate);
        }
        return Optional.of(new Eta((long) Math.ceil(queue / fastest), (long) Math.ceil(queue / slowest)));
    }

    /** The latest sample at or before {@code millis}, or the first one when none is (null if empty). */
    private Sample at(long millis) {
        Sample found = null;
        for (Sample s : samples) {
            if (s.atMillis() > millis) {
                break;
            }
            found = s;
        }
        return found == null ? samples.peekFirst() : found;
    }

    private double perSecond(java.util.function.ToLongFunction<Sample> value) {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long millis = last.atMillis() - first.atMillis();
        return millis <= 0 ? 0 : (value.applyAsLong(last) - value.applyAsLong(first)) * 1000.0 / millis;
    }
}
