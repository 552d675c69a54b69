package io.hybridstore.io.etcd;

import io.hybridstore.common.catalogue.KeyOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Which key ranges a usage fold reads its deltas from. Pure: keys in, ranges out, on a clock given to it.
 *
 * <p>Why not the whole delta prefix every time: etcd 3.4 answers a range by walking every key its
 * index holds in that range, and a deleted key stays in the index until the next compaction (every 5
 * minutes here). The folder deletes the oldest deltas, so each fold's read walked every delta folded
 * in the last 5-10 minutes before reaching a live one: 59,000 of them cost 17 ms of etcd's time
 * (measured against a lone etcd 3.4), and under 32 writers the walks reached 116-155 ms ("apply request
 * took too long" in the bench's etcd log), a fold about every second, each holding etcd's index
 * read lock that every put waits on.
 *
 * <p>So after a first full read, a fold skips, in each WAL partition it has folded from, the deltas
 * below the newest one it folded there minus {@link #MARGIN} offsets: keys are {@code {p}-{o}-{r}},
 * zero-padded, so key order is WAL order within a partition, and everything that far below was
 * folded. Everything else is read: partitions it has not folded from (a new one, another gateway's),
 * the recount corrections (they sort after the digits). A delta committed later than its
 * partition's cursor minus the margin (a write whose commit took longer than the margin's worth of
 * later writes, a replay of old WAL records) is left for the next full read, {@link #FULL_EVERY}:
 * folded late, never lost, and counted meanwhile (a report adds the unfolded deltas).
 */
final class DeltaCursor {

    /** Offsets below a partition's newest folded delta that are read again (~5 s of one partition's writes at 1,300 writes/s). */
    static final long MARGIN = 2_000;
    /** How often a fold reads the whole prefix, for the deltas that commit below a cursor. */
    static final Duration FULL_EVERY = Duration.ofSeconds(60);

    /** Keys from {@code from} (inclusive) to {@code to} (exclusive). */
    record KeyRange(String from, String to) {
    }

    private final String prefix;
    private final String prefixEnd;
    private final LongSupplier nanos;
    /** Per partition, the highest offset this folder has folded. */
    private final Map<Integer, Long> newest = new TreeMap<>();
    private long lastFullNanos;
    private boolean everFull;

    /** @param prefix the deltas' key prefix ({@code .../usage/deltas/}); @param nanos a monotonic clock */
    DeltaCursor(String prefix, LongSupplier nanos) {
        this.prefix = prefix;
        this.prefixEnd = new String(KeyOrder.prefixEnd(prefix), StandardCharsets.ISO_8859_1);
        this.nanos = nanos;
    }

    /**
     * The ranges the next fold reads, in key order; one range (the whole prefix) when a full read is
     * due. A cursor never moves back: a late delta a full read folds does not lower it (else every
     * read after it would walk its partition's deleted deltas again, 535 ms once in a bench run, until
     * a newer delta came). So a WAL topic made anew, whose offsets start again at 0, is folded by the
     * full reads only, 1,000 deltas a minute, until the gateway restarts (reports stay exact).
     */
    List<KeyRange> next() {
        long now = nanos.getAsLong();
        if (!everFull || now - lastFullNanos >= FULL_EVERY.toNanos()) {
            everFull = true;
            lastFullNanos = now;
            return List.of(new KeyRange(prefix, prefixEnd));
        }
        List<KeyRange> ranges = new ArrayList<>();
        String from = prefix;
        for (Map.Entry<Integer, Long> partition : newest.entrySet()) {
            String start = partitionStart(partition.getKey());
            if (from.compareTo(start) < 0) {
                ranges.add(new KeyRange(from, start));
            }
            from = prefix + String.format(Locale.ROOT, "%05d-%019d", partition.getKey(), Math.max(0, partition.getValue() - MARGIN));
        }
        ranges.add(new KeyRange(from, prefixEnd));
        return ranges;
    }

    /** The fold counted these deltas (their keys, from any range): the cursors move past them. */
    void folded(List<String> keys) {
        for (String key : keys) {
            int[] partition = {0};
            long offset = offsetOf(key, partition);
            if (offset >= 0) {
                newest.merge(partition[0], offset, Math::max);
            }
        }
    }

    private String partitionStart(int partition) {
        return prefix + String.format(Locale.ROOT, "%05d-", partition);
    }

    /** The WAL offset of a write's delta key ({@code {p:05d}-{o:019d}-{r:019d}}), its partition in {@code partition[0]}; -1 for any other key. */
    private long offsetOf(String key, int[] partition) {
        if (!key.startsWith(prefix) || key.length() != prefix.length() + 5 + 1 + 19 + 1 + 19) {
            return -1;
        }
        String rest = key.substring(prefix.length());
        if (rest.charAt(5) != '-' || rest.charAt(25) != '-' || !digits(rest, 0, 5) || !digits(rest, 6, 25)) {
            return -1;
        }
        partition[0] = Integer.parseInt(rest, 0, 5, 10);
        return Long.parseLong(rest, 6, 25, 10);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
