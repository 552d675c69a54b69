package io.hybridstore.common.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@link #SECONDS} seconds of redundancy at one-second resolution, and the events of the
 * same span, kept on the server so a page opened late still sees how the cluster got where it is.
 * A ring buffer: one slot per second, a second sampled twice keeps its last value, a second never
 * sampled (the process was busy) is simply absent.
 */
public final class Timeline {

    public static final int SECONDS = 15 * 60;
    /** Events beyond this many in the span are dropped oldest first (a flapping node must not grow memory). */
    static final int MAX_EVENTS = 500;

    /** Objects by {@link Shortfall} at one second. */
    public record Point(long epochSecond, long full, long missing1, long missing2, long lost) {
    }

    public enum EventType { NODE_LOST, NODE_BACK, PASS, FULL_REDUNDANCY }

    public record Event(long atMillis, EventType type, String detail) {
    }

    private final long[] seconds = new long[SECONDS];
    private final long[][] values = new long[SECONDS][4];
    private final Deque<Event> events = new ArrayDeque<>();
    private long latest = Long.MIN_VALUE;

    public Timeline() {
        java.util.Arrays.fill(seconds, Long.MIN_VALUE); // an unused slot must not pass for second 0
    }

    public synchronized void record(long nowMillis, RedundancyCounts.Tally overall) {
        long second = Math.floorDiv(nowMillis, 1000);
        if (second < latest) {
            return; // the clock stepped back: keep the history in order
        }
        int slot = (int) Math.floorMod(second, (long) SECONDS);
        seconds[slot] = second;
        values[slot] = new long[] {overall.full(), overall.missing1(), overall.missing2(), overall.lost()};
        latest = second;
    }

    public synchronized void add(Event event) {
        events.addLast(event);
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    /** The points of the span ending at the latest one, oldest first. */
    public synchronized List<Point> points() {
        List<Point> out = new ArrayList<>();
        if (latest == Long.MIN_VALUE) {
            return out;
        }
        for (long second = latest - SECONDS + 1; second <= latest; second++) {
            int slot = (int) Math.floorMod(second, (long) SECONDS);
            if (seconds[slot] == second) {
                long[] v = values[slot];
                out.add(new Point(second, v[0], v[1], v[2], v[3]));
            }
        }
        return out;
    }

    /** Events within the span, oldest first. */
    public synchronized List<Event> events() {
        long from = (latest - SECONDS + 1) * 1000;
        return events.stream().filter(e -> e.atMillis() >= from).toList();
    }

    /** The newest {@code limit} events, newest first. */
    public synchronized List<Event> recentEvents(int limit) {
        List<Event> out = new ArrayList<>(Math.min(limit, events.size()));
        var it = events.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }
}
