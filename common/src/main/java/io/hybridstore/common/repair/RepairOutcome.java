package io.hybridstore.common.repair;

import io.hybridstore.common.model.NodeInfo;
import java.util.List;
import java.util.Map;

/**
 * What running a {@link RepairPlan} achieved.
 *
 * @param replicasStored replica index → the node that now holds it
 * @param shardsStored   shard index → the node that now holds it
 * @param bytesWritten   bytes uploaded to new homes
 * @param failures       what failed, for the log (an empty list means every planned copy was made)
 */
public record RepairOutcome(
        Map<Integer, NodeInfo> replicasStored,
        Map<Integer, NodeInfo> shardsStored,
        long bytesWritten,
        List<String> failures) {

    public RepairOutcome {
        replicasStored = Map.copyOf(replicasStored);
        shardsStored = Map.copyOf(shardsStored);
        failures = List.copyOf(failures);
    }

    public static RepairOutcome nothing() {
        return new RepairOutcome(Map.of(), Map.of(), 0, List.of());
    }

    public int copiesMade() {
        return replicasStored.size() + shardsStored.size();
    }

    public boolean failed() {
        return !failures.isEmpty();
    }
}
