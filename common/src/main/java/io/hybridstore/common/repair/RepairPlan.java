package io.hybridstore.common.repair;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to do about one object, decided by {@link RepairPlanner} from audit facts: which copies to
 * make where, and (after {@link RepairExecutor} ran it) the metadata to compare-and-swap in.
 *
 * @param metadata      the record the plan was made against
 * @param revision      its store revision: the compare-and-swap expects it unchanged
 * @param hotHealth     health per replica index (empty without a hot part)
 * @param coldHealth    health per shard index (empty without a cold part)
 * @param replicaCopies replicas to copy from a healthy holder to a new node
 * @param shardRebuild  shards to reconstruct and upload, or null
 * @param hotLost       no replica is left anywhere
 * @param coldLost      fewer than k shards are left, counting the unreachable ones
 */
public record RepairPlan(
        ObjectMetadata metadata,
        long revision,
        List<ChunkHealth> hotHealth,
        List<ChunkHealth> coldHealth,
        List<ReplicaCopy> replicaCopies,
        ShardRebuild shardRebuild,
        boolean hotLost,
        boolean coldLost) {

    /** Copy replica {@code index} (chunk {@code chunkId}) from one of {@code sources} to {@code target}. */
    public record ReplicaCopy(int index, String chunkId, List<String> sources, NodeInfo target) {
    }

    /**
     * Fetch any k of {@code sources} (shard index → node id, healthy shards only), reconstruct,
     * verify the cold SHA-256, then upload shard i to {@code targets.get(i)}.
     */
    public record ShardRebuild(Map<Integer, String> sources, Map<Integer, NodeInfo> targets) {
    }

    public boolean lost() {
        return hotLost || coldLost;
    }

    /** Nothing to copy (the object may still need its state or pending marks fixed). */
    public boolean noCopies() {
        return replicaCopies.isEmpty() && (shardRebuild == null || shardRebuild.targets().isEmpty());
    }

    /** Every copy the metadata names is present. */
    public boolean healthy() {
        return !lost() && hotHealth.stream().allMatch(h -> h == ChunkHealth.OK)
                && coldHealth.stream().allMatch(h -> h == ChunkHealth.OK);
    }

    /**
     * The record to write after {@code outcome}, or empty when the stored one is already right.
     * Copies made move their location to the new node; present copies still marked pending get
     * their stored time. The state is CLEAN when every copy is present, LOST when a part is lost,
     * DIRTY when a copy is still missing or corrupt; copies that only did not answer leave the
     * state as it was (a slow node is not damage).
     */
    public Optional<ObjectMetadata> updatedMetadata(RepairOutcome outcome, long nowMillis) {
        HotPart hot = metadata.hot();
        ColdPart cold = metadata.cold();
        boolean changed = false;
        boolean anyBad = false;
        boolean anyUnknown = false;
        List<ChunkLocation> replicas = new ArrayList<>();
        if (hot != null) {
            for (int i = 0; i < hot.replicas().size(); i++) {
                Fixed f = fix(hot.replicas().get(i), hotHealth.get(i), outcome.replicasStored().get(i), outcome, nowMillis);
                replicas.add(f.location);
                changed |= f.changed;
                anyBad |= f.bad;
                anyUnknown |= f.unknown;
            }
        }
        List<ChunkLocation> shards = new ArrayList<>();
        if (cold != null) {
            for (int i = 0; i < cold.shards().size(); i++) {
                Fixed f = fix(cold.shards().get(i), coldHealth.get(i), outcome.shardsStored().get(i), outcome, nowMillis);
                shards.add(f.location);
                changed |= f.changed;
                anyBad |= f.bad;
                anyUnknown |= f.unknown;
            }
        }
        ObjectState state;
        if (lost()) {
            state = ObjectState.LOST;
        } else if (anyBad) {
            state = ObjectState.DIRTY;
        } else if (anyUnknown) {
            state = metadata.state() == ObjectState.CLEAN ? ObjectState.CLEAN : ObjectState.DIRTY;
        } else {
            state = ObjectState.CLEAN;
        }
        if (!changed && state == metadata.state()) {
            return Optional.empty();
        }
        HotPart newHot = hot == null ? null : new HotPart(hot.sha256(), hot.size(), replicas);
        ColdPart newCold = cold == null ? null
                : new ColdPart(cold.sha256(), cold.size(), cold.k(), cold.m(), cold.shardSize(), shards);
        if (state == ObjectState.CLEAN) {
            return Optional.of(metadata.withParts(newHot, newCold == null ? List.of() : List.of(newCold), state, nowMillis));
        }
        // Still degraded: keep the gateway's pending/failed notes, they are the operator's breadcrumbs.
        return Optional.of(new ObjectMetadata(metadata.key(), metadata.version(), state, metadata.fieldOrder(),
                newHot, newCold, metadata.pendingNodes(), metadata.failedNodes(), metadata.createdAt(), nowMillis));
    }

    private record Fixed(ChunkLocation location, boolean changed, boolean bad, boolean unknown) {
    }

    private static Fixed fix(ChunkLocation location, ChunkHealth health, NodeInfo copiedTo, RepairOutcome outcome, long now) {
        if (copiedTo != null) {
            return new Fixed(location.movedTo(copiedTo.id(), now), true, false, false);
        }
        if (outcome.damagedSources().contains(AuditFacts.copyKey(location.nodeId(), location.chunkId()))) {
            return new Fixed(location, false, true, false); // found bad while reading it: DIRTY, fixed next pass
        }
        return switch (health) {
            case OK -> location.stored() ? new Fixed(location, false, false, false)
                    : new Fixed(location.storedAt(now), true, false, false);
            case UNREACHABLE -> new Fixed(location, false, false, true);
            case MISSING, CORRUPT -> new Fixed(location, false, true, false);
        };
    }
}
