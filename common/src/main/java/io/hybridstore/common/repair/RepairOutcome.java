package io.hybridstore.common.repair;

import io.hybridstore.common.model.NodeInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What running a {@link RepairPlan} achieved.
 *
 * @param replicasStored replica index → the node that now holds it
 * @param shardsStored   coded part (in {@code codedParts()} order) → shard index → the node that now holds it
 * @param bytesWritten   bytes uploaded to new homes
 * @param failures       what failed, for the log (an empty list means every planned copy was made)
 * @param damagedSources copies ({@link AuditFacts#copyKey}) that the audit thought healthy but that
 *                       failed when read as a source (corrupt, gone, wrong bytes): no longer CLEAN
 */
public record RepairOutcome(
        Map<Integer, NodeInfo> replicasStored,
        Map<Integer, Map<Integer, NodeInfo>> shardsStored,
        long bytesWritten,
        List<String> failures,
        Set<String> damagedSources) {

    public RepairOutcome {
        replicasStored = Map.copyOf(replicasStored);
        shardsStored = shardsStored.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        failures = List.copyOf(failures);
        damagedSources = Set.copyOf(damagedSources);
    }

    public RepairOutcome(Map<Integer, NodeInfo> replicasStored, Map<Integer, Map<Integer, NodeInfo>> shardsStored, long bytesWritten,
            List<String> failures) {
        this(replicasStored, shardsStored, bytesWritten, failures, Set.of());
    }

    public static RepairOutcome nothing() {
        return new RepairOutcome(Map.of(), Map.of(), 0, List.of(), Set.of());
    }

    /** Shard index → new node for coded part {@code part} (empty when none of its shards moved). */
    public Map<Integer, NodeInfo> shardsStored(int part) {
        return shardsStored.getOrDefault(part, Map.of());
    }

    /**
     * Locations the record gained. Equal stripes share one shard id and home, so one upload can
     * repair several stripes' locations; {@link #bytesWritten} counts the upload once.
     */
    public int copiesMade() {
        return replicasStored.size() + shardsStored.values().stream().mapToInt(Map::size).sum();
    }

    public boolean failed() {
        return !failures.isEmpty();
    }
}
