package io.hybridstore.common.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns successive observations (once a second) into the timeline's events: a node's lease gone or
 * back, a healer pass completed, full redundancy reached again after a shortfall. The first
 * observation only sets the baseline, so a console starting on a cluster with a dead node does
 * not report it as just lost.
 */
public final class EventDetector {

    private Set<String> live;
    private long passes = -1;
    private boolean belowFull;

    /**
     * @param liveNodes      node ids whose lease is live now
     * @param overall        objects by shortfall now
     * @param passesDone     passes the healer leader completed (its running total; -1 = unknown)
     * @param lastPassMillis duration of the latest of them
     */
    public List<Timeline.Event> observe(long nowMillis, Set<String> liveNodes, RedundancyCounts.Tally overall,
            long passesDone, long lastPassMillis) {
        List<Timeline.Event> found = new ArrayList<>();
        boolean belowFullNow = overall.degraded() + overall.lost() > 0;
        if (live != null) {
            for (String id : new TreeSet<>(live)) {
                if (!liveNodes.contains(id)) {
                    found.add(new Timeline.Event(nowMillis, Timeline.EventType.NODE_LOST, id + " lease expired"));
                }
            }
            for (String id : new TreeSet<>(liveNodes)) {
                if (!live.contains(id)) {
                    found.add(new Timeline.Event(nowMillis, Timeline.EventType.NODE_BACK, id + " is live"));
                }
            }
            if (passes >= 0 && passesDone > passes) {
                found.add(new Timeline.Event(nowMillis, Timeline.EventType.PASS,
                        "pass " + passesDone + " (" + lastPassMillis + " ms)"));
            }
            if (belowFull && !belowFullNow) {
                found.add(new Timeline.Event(nowMillis, Timeline.EventType.FULL_REDUNDANCY,
                        overall.full() + " objects at full redundancy"));
            }
        }
        live = Set.copyOf(liveNodes);
        passes = passesDone;
        belowFull = belowFullNow;
        return found;
    }
}
