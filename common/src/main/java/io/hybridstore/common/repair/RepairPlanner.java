package io.hybridstore.common.repair;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.placement.RendezvousPlacement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides how to repair one object from facts only: its metadata, the audit's health of each copy
 * and the live nodes. No I/O, no clock; the same facts always give the same plan. The hot part and
 * every coded part (a JSON cold part, each stripe of a blob) are planned on their own.
 *
 * <p>New homes come from {@link RendezvousPlacement} (the gateways' placement) over the live nodes
 * with room for the copy, excluding every node that already holds a copy of the same part, so replicas and shards stay on
 * distinct nodes. Only when that leaves too few nodes does a live node whose copy went bad get its
 * copy back in place.
 */
public final class RepairPlanner {

    private final RendezvousPlacement placement;

    public RepairPlanner(RendezvousPlacement placement) {
        this.placement = placement;
    }

    public RepairPlan plan(ObjectMetadata metadata, long revision, AuditFacts facts, List<NodeInfo> liveNodes) {
        List<ChunkHealth> hotHealth = health(metadata.hot() == null ? List.of() : metadata.hot().replicas(), facts);
        List<RepairPlan.ReplicaCopy> copies = new ArrayList<>();
        boolean hotLost = false;
        HotPart hot = metadata.hot();
        if (hot != null && !hot.replicas().isEmpty()) {
            List<String> sources = nodesWith(hot.replicas(), hotHealth, ChunkHealth.OK);
            hotLost = sources.isEmpty() && !hotHealth.contains(ChunkHealth.UNREACHABLE);
            List<Integer> bad = indexesWhere(hotHealth);
            if (!sources.isEmpty() && !bad.isEmpty()) {
                List<NodeInfo> targets = targets(hot.replicas(), hotHealth, bad.size(),
                        RendezvousPlacement.withRoomFor(liveNodes, hot.size()));
                for (int n = 0; n < bad.size() && n < targets.size(); n++) {
                    ChunkLocation location = hot.replicas().get(bad.get(n));
                    copies.add(new RepairPlan.ReplicaCopy(location.index(), location.chunkId(), sources, targets.get(n)));
                }
            }
        }

        List<ColdPart> coded = metadata.codedParts();
        List<List<ChunkHealth>> codedHealth = new ArrayList<>(coded.size());
        List<RepairPlan.ShardRebuild> rebuilds = new ArrayList<>();
        List<Integer> lostParts = new ArrayList<>();
        for (int p = 0; p < coded.size(); p++) {
            ColdPart part = coded.get(p);
            List<ChunkHealth> partHealth = health(part.shards(), facts);
            codedHealth.add(partHealth);
            if (part.shards().isEmpty()) {
                continue;
            }
            Map<Integer, String> sources = new LinkedHashMap<>();
            int unreachable = 0;
            for (int i = 0; i < part.shards().size(); i++) {
                if (partHealth.get(i) == ChunkHealth.OK) {
                    sources.put(i, part.shards().get(i).nodeId());
                } else if (partHealth.get(i) == ChunkHealth.UNREACHABLE) {
                    unreachable++;
                }
            }
            // Only shards that no node holds count against k: an unreachable node may come back.
            if (sources.size() + unreachable < part.k()) {
                lostParts.add(p);
            }
            List<Integer> bad = indexesWhere(partHealth);
            if (sources.size() >= part.k() && !bad.isEmpty()) {
                // Per part: its shards need distinct nodes, but two stripes may well share a node.
                List<NodeInfo> targets = targets(part.shards(), partHealth, bad.size(),
                        RendezvousPlacement.withRoomFor(liveNodes, part.shardSize()));
                Map<Integer, NodeInfo> byIndex = new LinkedHashMap<>();
                for (int n = 0; n < bad.size() && n < targets.size(); n++) {
                    byIndex.put(bad.get(n), targets.get(n));
                }
                rebuilds.add(new RepairPlan.ShardRebuild(p, sources, byIndex));
            }
        }
        return new RepairPlan(metadata, revision, hotHealth, codedHealth, copies, rebuilds, hotLost, lostParts);
    }

    /**
     * Up to {@code count} new homes for a part: first among nodes holding no copy of it; then, if too
     * few, live nodes whose copy is missing or corrupt (re-storing in place beats staying degraded).
     */
    private List<NodeInfo> targets(List<ChunkLocation> locations, List<ChunkHealth> health, int count, List<NodeInfo> live) {
        String key = placementKey(locations);
        Set<String> holders = new HashSet<>();
        Set<String> keep = new HashSet<>();
        for (int i = 0; i < locations.size(); i++) {
            holders.add(locations.get(i).nodeId());
            if (!health.get(i).needsRepair()) {
                keep.add(locations.get(i).nodeId());
            }
        }
        List<NodeInfo> chosen = new ArrayList<>(placement.choose(key, live, count, holders));
        if (chosen.size() < count) {
            Set<String> exclude = new HashSet<>(keep);
            chosen.forEach(n -> exclude.add(n.id()));
            chosen.addAll(placement.choose(key, live, count - chosen.size(), exclude));
        }
        return chosen;
    }

    /**
     * The placement key of a part: the common prefix of its chunk ids (their shared base;
     * the whole id for replicas, which share one). Any stable key works for choosing among the
     * remaining nodes; this one needs no knowledge of the id format.
     */
    static String placementKey(List<ChunkLocation> locations) {
        String prefix = locations.get(0).chunkId();
        for (ChunkLocation location : locations) {
            String id = location.chunkId();
            int n = 0;
            while (n < prefix.length() && n < id.length() && prefix.charAt(n) == id.charAt(n)) {
                n++;
            }
            prefix = prefix.substring(0, n);
        }
        while (prefix.endsWith("-")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix.isEmpty() ? locations.get(0).chunkId() : prefix;
    }

    private static List<ChunkHealth> health(List<ChunkLocation> locations, AuditFacts facts) {
        return locations.stream().map(facts::of).toList();
    }

    private static List<String> nodesWith(List<ChunkLocation> locations, List<ChunkHealth> health, ChunkHealth wanted) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < locations.size(); i++) {
            if (health.get(i) == wanted) {
                nodes.add(locations.get(i).nodeId());
            }
        }
        return nodes;
    }

    private static List<Integer> indexesWhere(List<ChunkHealth> health) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < health.size(); i++) {
            if (health.get(i).needsRepair()) {
                indexes.add(i);
            }
        }
        return indexes;
    }
}
