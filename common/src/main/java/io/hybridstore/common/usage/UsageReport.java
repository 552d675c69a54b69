package io.hybridstore.common.usage;

import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.usage.UsageCounts.Kind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code GET /report} answers for a counted prefix: objects and logical bytes by kind and state,
 * physical bytes by kind (every replica and shard, at full redundancy, as the records describe them),
 * the overhead ratio (physical / logical), and for the whole store the bytes saved by dedup.
 * Tombstones are not objects: a deleted key counts nowhere.
 *
 * @param prefix          the counted prefix asked for
 * @param objects         kind (document, blob) to state (in_progress, clean, dirty, lost) to count
 * @param logicalBytes    the same, in bytes as written
 * @param physicalBytes   kind to bytes of its copies, plus {@code total}
 * @param objectsTotal    every object under the prefix
 * @param logicalTotal    every logical byte under the prefix
 * @param overheadRatio   physical total / logical total, or null when there are no bytes
 * @param dedupSavedBytes bytes that equal content shares instead of storing again; null for a prefix
 *                        other than the root (content is shared across prefixes, so it is counted once, there)
 */
public record UsageReport(String prefix, Map<String, Map<String, Long>> objects, Map<String, Map<String, Long>> logicalBytes,
                          Map<String, Long> physicalBytes, long objectsTotal, long logicalTotal, Double overheadRatio,
                          Long dedupSavedBytes) {

    public static UsageReport of(String prefix, UsageCounts counts) {
        Map<String, Map<String, Long>> objects = new LinkedHashMap<>();
        Map<String, Map<String, Long>> logical = new LinkedHashMap<>();
        Map<String, Long> physical = new LinkedHashMap<>();
        long objectsTotal = 0;
        long logicalTotal = 0;
        long physicalTotal = 0;
        for (Kind kind : Kind.values()) {
            Map<String, Long> byState = new LinkedHashMap<>();
            Map<String, Long> bytesByState = new LinkedHashMap<>();
            for (ObjectState state : ObjectState.values()) {
                if (state == ObjectState.DELETED) {
                    continue;
                }
                String name = state.name().toLowerCase(Locale.ROOT);
                byState.put(name, counts.get(UsageCounts.objects(kind, state)));
                bytesByState.put(name, counts.get(UsageCounts.bytes(kind, state)));
                objectsTotal += counts.get(UsageCounts.objects(kind, state));
                logicalTotal += counts.get(UsageCounts.bytes(kind, state));
            }
            objects.put(kind.label(), byState);
            logical.put(kind.label(), bytesByState);
            physical.put(kind.label(), counts.get(UsageCounts.physical(kind)));
            physicalTotal += counts.get(UsageCounts.physical(kind));
        }
        physical.put("total", physicalTotal);
        Double ratio = logicalTotal == 0 ? null : (double) physicalTotal / logicalTotal;
        return new UsageReport(prefix, objects, logical, physical, objectsTotal, logicalTotal, ratio,
                prefix.isEmpty() ? counts.get(UsageCounts.DEDUP_SAVED) : null);
    }
}
