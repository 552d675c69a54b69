package io.hybridstore.common.repair;

import java.time.Duration;
import java.util.Set;

/**
 * When the healer leader starts its next pass. Passes run every {@code interval} in a quiet
 * cluster; the wait is cut short (after at least {@code minPause}) when the live set changed since
 * the last pass started: a node's lease expired (its copies need repair now, not up to an interval
 * later) or a node joined (unplaced copies can go to it). A pass that left urgent work behind (a
 * full dirty batch, or a scan still catching up with a lost node: {@code FullScan}) also asks for
 * the next one early; a healthy store's audit goes one budget per interval. Not "it repaired something": under
 * steady writes some record always needs a touch, and back-to-back passes would scan the whole
 * store over and over. Pure: the caller gives the time and the live set; tested on a fake clock.
 */
public final class PassSchedule {

    private final long intervalMillis;
    private final long minPauseMillis;
    private long lastEndMillis = Long.MIN_VALUE;
    private Set<String> liveAtLastStart = Set.of();
    private boolean workLeft;

    public PassSchedule(Duration interval, Duration minPause) {
        if (minPause.isNegative() || minPause.compareTo(interval) > 0) {
            throw new IllegalArgumentException("minPause must be between 0 and the interval (" + interval + "): " + minPause);
        }
        this.intervalMillis = interval.toMillis();
        this.minPauseMillis = minPause.toMillis();
    }

    /** Records a finished pass: when it ended, the live set it started with, whether it left work for the next. */
    public void passEnded(long nowMillis, Set<String> liveAtStart, boolean workLeft) {
        this.lastEndMillis = nowMillis;
        this.liveAtLastStart = Set.copyOf(liveAtStart);
        this.workLeft = workLeft;
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
        return waited >= minPauseMillis && (workLeft || !liveNow.equals(liveAtLastStart));
    }

    /** Why {@link #due} said yes, for the log line that starts a pass early. */
    public String reason(long nowMillis, Set<String> liveNow) {
        if (lastEndMillis == Long.MIN_VALUE || nowMillis - lastEndMillis >= intervalMillis) {
            return "interval";
        }
        return !liveNow.equals(liveAtLastStart) ? "live nodes changed" : "the last pass left work";
    }
}
