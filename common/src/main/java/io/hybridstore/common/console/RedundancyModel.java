package io.hybridstore.common.console;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redundancy as it truly is: for every object, where each copy of each part sits, judged against
 * which nodes are live <em>now</em>. A record that still says CLEAN while one of its copies sits on a
 * dead node counts as degraded the moment the node's lease is gone, not after the healer's next scan.
 *
 * <p>Fed by the records (an initial scan, then every change) and by the live-node set. A record
 * change re-judges that one object; a liveness change re-judges them all. That full pass walks only
 * the compact per-object layouts below (measured: 233 ms for a million documents on the loaded
 * 2-core build machine), and liveness changes are rare, so there is no per-node index of objects,
 * which would cost more memory than the layouts themselves.
 *
 * <p>Memory per object: the map entry and key (≈ 80 bytes + the key's length), and one {@code char[]}
 * of 3 chars per part plus 1 per copy (a document with 3 replicas and 4+2 cold shards: 15 chars,
 * 48 bytes with the array header): measured 172 bytes per document with 12-character keys, so
 * ≈ 170 MB of heap per million objects.
 *
 * <p>Pure: no I/O, no clock, no threads of its own; synchronized, because the record feed and the
 * liveness poll arrive on different threads.
 */
public final class RedundancyModel {

    /** A copy with no node to count on: never placed, or its write failed there. */
    private static final char NOWHERE = Character.MAX_VALUE;
    private static final int KIND_BITS = 3;
    private static final int OVERALL_SHIFT = KIND_BITS * PartKind.values().length;

    /**
     * One object: {@code layout} is its parts in turn, each {@code [kind, copies, tolerated, node...]}
     * (nodes interned), and {@code judged} its last verdict packed 3 bits per kind (0 = no such part,
     * else 1 + {@link Shortfall#ordinal()}) then 3 bits overall.
     */
    private static final class Entry {
        final char[] layout;
        final boolean markedLost;
        int judged;

        Entry(char[] layout, boolean markedLost) {
            this.layout = layout;
            this.markedLost = markedLost;
        }
    }

    private final Map<String, Entry> objects = new HashMap<>();
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final List<String> nodeNames = new ArrayList<>();
    private final BitSet live = new BitSet();
    private final long[] overall = new long[Shortfall.values().length];
    private final long[][] byKind = new long[PartKind.values().length][Shortfall.values().length];
    private long healed;

    /** A record was written or changed (a tombstone removes the object). */
    public synchronized void put(ObjectMetadata record) {
        if (record.deleted()) {
            remove(record.key());
            return;
        }
        Entry entry = new Entry(layout(record), record.state() == ObjectState.LOST);
        entry.judged = judge(entry);
        Entry old = objects.put(record.key(), entry);
        if (old != null) {
            tally(old.judged, -1);
            if (overallOf(old.judged).degraded() && overallOf(entry.judged) == Shortfall.FULL) {
                healed++; // a new record brought it back: a repair (a node coming back is not counted)
            }
        }
        tally(entry.judged, +1);
    }

    /** The record is gone (deleted key, or a tombstone). */
    public synchronized void remove(String key) {
        Entry old = objects.remove(key);
        if (old != null) {
            tally(old.judged, -1);
        }
    }

    /** Forgets every object (before a fresh scan); liveness, node names and the healed count stay. */
    public synchronized void clear() {
        objects.clear();
        java.util.Arrays.fill(overall, 0);
        for (long[] kind : byKind) {
            java.util.Arrays.fill(kind, 0);
        }
    }

    /**
     * The nodes whose lease is live now. When the set changed, every object is judged again.
     *
     * @return whether the set differed from the last one
     */
    public synchronized boolean setLive(Collection<String> liveNodeIds) {
        BitSet now = new BitSet();
        for (String id : liveNodeIds) {
            now.set(intern(id));
        }
        if (now.equals(live)) {
            return false;
        }
        live.clear();
        live.or(now);
        for (Entry entry : objects.values()) {
            tally(entry.judged, -1);
            entry.judged = judge(entry);
            tally(entry.judged, +1);
        }
        return true;
    }

    public synchronized RedundancyCounts counts() {
        return RedundancyCounts.of(overall, byKind);
    }

    /** Objects a changed record brought from degraded back to full redundancy, since this model was made. */
    public synchronized long healed() {
        return healed;
    }

    public synchronized int size() {
        return objects.size();
    }

    /** Every node that was ever live or holds a copy by some record (the console lists the dead ones too). */
    public synchronized Set<String> knownNodes() {
        return new HashSet<>(nodeNames);
    }

    private char[] layout(ObjectMetadata record) {
        Set<String> failed = Set.copyOf(record.failedNodes());
        List<ColdPart> coded = record.codedParts();
        int size = (record.hot() == null ? 0 : 3 + record.hot().replicas().size());
        for (ColdPart part : coded) {
            size += 3 + part.shards().size();
        }
        char[] layout = new char[size];
        int at = 0;
        if (record.hot() != null) {
            List<ChunkLocation> replicas = record.hot().replicas();
            at = part(layout, at, PartKind.HOT, replicas, replicas.size() - 1, failed);
        }
        for (int i = 0; i < coded.size(); i++) {
            PartKind kind = record.cold() != null && i == 0 ? PartKind.COLD : PartKind.STRIPE;
            at = part(layout, at, kind, coded.get(i).shards(), coded.get(i).m(), failed);
        }
        return layout;
    }

    private int part(char[] layout, int at, PartKind kind, List<ChunkLocation> copies, int tolerated, Set<String> failed) {
        layout[at++] = (char) kind.ordinal();
        layout[at++] = (char) copies.size();
        layout[at++] = (char) Math.max(0, tolerated);
        for (ChunkLocation copy : copies) {
            layout[at++] = !copy.placed() || failed.contains(copy.nodeId()) ? NOWHERE : (char) intern(copy.nodeId());
        }
        return at;
    }

    private int judge(Entry entry) {
        Shortfall[] worst = new Shortfall[PartKind.values().length];
        char[] layout = entry.layout;
        int at = 0;
        while (at < layout.length) {
            int kind = layout[at];
            int copies = layout[at + 1];
            int tolerated = layout[at + 2];
            int missing = 0;
            for (int i = at + 3; i < at + 3 + copies; i++) {
                if (layout[i] == NOWHERE || !live.get(layout[i])) {
                    missing++;
                }
            }
            Shortfall part = Shortfall.of(missing, tolerated);
            worst[kind] = worst[kind] == null ? part : worst[kind].worst(part);
            at += 3 + copies;
        }
        int packed = 0;
        Shortfall all = entry.markedLost ? Shortfall.LOST : Shortfall.FULL;
        for (int kind = 0; kind < worst.length; kind++) {
            if (worst[kind] != null) {
                packed |= (1 + worst[kind].ordinal()) << (kind * KIND_BITS);
                all = all.worst(worst[kind]);
            }
        }
        return packed | (all.ordinal() << OVERALL_SHIFT);
    }

    private void tally(int judged, int delta) {
        overall[judged >>> OVERALL_SHIFT] += delta;
        for (int kind = 0; kind < byKind.length; kind++) {
            int value = (judged >>> (kind * KIND_BITS)) & 0b111;
            if (value != 0) {
                byKind[kind][value - 1] += delta;
            }
        }
    }

    private static Shortfall overallOf(int judged) {
        return Shortfall.values()[judged >>> OVERALL_SHIFT];
    }

    private int intern(String nodeId) {
        Integer index = nodeIndex.get(nodeId);
        if (index == null) {
            if (nodeNames.size() >= NOWHERE) {
                throw new IllegalStateException("more than " + (int) NOWHERE + " distinct node ids");
            }
            index = nodeNames.size();
            nodeIndex.put(nodeId, index);
            nodeNames.add(nodeId);
        }
        return index;
    }
}
