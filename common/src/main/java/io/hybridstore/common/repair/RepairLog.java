package io.hybridstore.common.repair;

import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The one log line per repair, built apart from the loop so its wording is tested: the key, the
 * version, the state change and each copy that moved, e.g.
 * {@code heal-08 v1-3 CLEAN->CLEAN moved replica 1 node-6->node-2, shard 5 node-6->node-2 (8214 bytes)}.
 * A JSON cold part's shards read "shard i"; a blob's stripes read "stripe s shard i", s being the
 * index in the record's stripes list. Each list names at most {@link #LISTED} items and counts the
 * rest: a blob of thousands of stripes must not write a 60 KB line (seen in a LOST blob's log).
 */
final class RepairLog {

    /** Items (moves, lost parts) a line names before it only counts the rest. */
    static final int LISTED = 8;

    private RepairLog() {
    }

    static String describe(ObjectMetadata before, RepairPlan plan, RepairOutcome outcome, ObjectState after) {
        List<String> moves = new ArrayList<>();
        new TreeMap<>(outcome.replicasStored()).forEach((i, node) -> moves.add("replica " + i + " "
                + before.hot().replicas().get(i).nodeId() + "->" + node.id()));
        List<ColdPart> coded = before.codedParts();
        new TreeMap<>(outcome.shardsStored()).forEach((part, stored) -> {
            String name = before.cold() != null && part == 0 ? "" : RepairPlan.partName(before, part) + " ";
            new TreeMap<>(stored).forEach((i, node) -> moves.add(name + "shard " + i + " "
                    + coded.get(part).shards().get(i).nodeId() + "->" + node.id()));
        });
        String line = before.key() + " v" + before.version() + " " + before.state() + "->" + after
                + (moves.isEmpty() ? "" : " moved " + bounded(moves))
                + (outcome.bytesWritten() > 0 ? " (" + outcome.bytesWritten() + " bytes)" : "");
        if (after != ObjectState.LOST) {
            return line;
        }
        List<String> lost = new ArrayList<>();
        if (plan.hotLost()) {
            lost.add("no replica survives");
        }
        plan.lostParts().forEach(p -> lost.add(RepairPlan.partName(before, p) + " has fewer than k shards"));
        return line + ": " + bounded(lost) + "; kept as LOST";
    }

    /** The first {@link #LISTED} items, then how many more there are. */
    static String bounded(List<String> items) {
        if (items.size() <= LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
    }
}
