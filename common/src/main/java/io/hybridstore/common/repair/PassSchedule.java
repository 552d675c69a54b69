package io.hybridstore.common.repair;

import java.time.Duration;
import java.util.Set;

/**
 * When the healer leader starts its next pass. Passes run every {@code interval} in a quiet
 * cluster; two things cut the wait short (after at least {@code minPause}, so a pass that keeps
 * finding work cannot spin):
 * <ul>
 *   <li>the live set changed since the last pass started: a node's lease expired (its copies need
 *       repair now, not up to an interval later) or a node joined (unplaced copies can go to it);</li>
 *   <li>the last pass repaired something: damage tends to come in waves (a dead node touches a
 *       share of every object), so the next pass follows at once until one finds nothing to do.</li>
 * </ul>
 * Pure: the caller gives the time and the live set; tested on a fake clock.
 */
public final class PassSchedule {

    private final long intervalMillis;
    private final long minPauseMillis;
    private long lastEndMillis = Long.MIN_VALUE;
    private Set<String> liveAtLastStart = Set.of();
    private boolean lastRepaired;

    public PassSchedule(Duration interval, Duration minPause) {
        if (minPause.isNegative() || minPause.compareTo(interval) > 0) {
            throw new IllegalArgumentException("minPause must be between 0 and the interval (" + interval + "): " + minPause);
        }
        this.intervalMillis = interval.toMillis();
        this.minPauseMillis = minPause.toMillis();
    }

    /** Records a finished pass: when it ended, the live set it started with, whether it repaired anything. */
    public void passEnded(long nowMillis, Set<String> liveAtStart, boolean repaired) {
        this.lastEndMillis = nowMillis;
        this.liveAtLastStart = Set.copyOf(liveAtStart);
        this.lastRepaired = repaired;
    }

    /** Whether the next pass should start now, given the live set as the directory shows it now. */
    public boolean due(long nowMillis, Set<String> liveNow) {
        if (lastEndMillis == Long.MIN_VALUE) {
            return true;
        }
        long waited = nowMillis - lastEndMillis;
        if (waited >= intervalMillis) {
            return true;
        }
        return waited >= minPauseMillis && (lastRepaired || !liveNow.equals(liveAtLastStart));
    }

    /** Why {@link #due} said yes, for the log line that starts a pass early. */
    public String reason(long nowMillis, Set<String> liveNow) {
        if (lastEndMillis == Long.MIN_VALUE || nowMillis - lastEndMillis >= intervalMillis) {
            return "interval";
        }
        return !liveNow.equals(liveAtLastStart) ? "live nodes changed" : "the last pass repaired copies";
    }
}
