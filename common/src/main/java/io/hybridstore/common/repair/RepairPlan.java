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
 * <p>Coded parts are numbered in {@link ObjectMetadata#codedParts()} order: the cold part of a JSON
 * document (if any) is part 0, a striped blob's stripes follow. Each is judged and rebuilt on its
 * own: a blob is as lost as its worst stripe, but one dead node must not make every stripe wait
 * for the others.
 *
 * @param metadata      the record the plan was made against
 * @param revision      its store revision: the compare-and-swap expects it unchanged
 * @param hotHealth     health per replica index (empty without a hot part)
 * @param codedHealth   per coded part, health per shard index
 * @param replicaCopies replicas to copy from a healthy holder to a new node
 * @param shardRebuilds coded parts to reconstruct and upload, in part order (only parts with bad shards)
 * @param hotLost       no replica is left anywhere
 * @param lostParts     coded parts with fewer than k shards left, counting the unreachable ones
 */
public record RepairPlan(
        ObjectMetadata metadata,
        long revision,
        List<ChunkHealth> hotHealth,
        List<List<ChunkHealth>> codedHealth,
        List<ReplicaCopy> replicaCopies,
        List<ShardRebuild> shardRebuilds,
        boolean hotLost,
        List<Integer> lostParts) {

    public RepairPlan {
        hotHealth = List.copyOf(hotHealth);
        codedHealth = codedHealth.stream().map(List::copyOf).toList();
        replicaCopies = List.copyOf(replicaCopies);
        shardRebuilds = List.copyOf(shardRebuilds);
        lostParts = List.copyOf(lostParts);
        if (codedHealth.size() != metadata.codedParts().size()) {
            throw new IllegalArgumentException(metadata.key() + ": health for " + codedHealth.size() + " coded parts, record has "
                    + metadata.codedParts().size());
        }
    }

    /** Copy replica {@code index} (chunk {@code chunkId}) from one of {@code sources} to {@code target}. */
    public record ReplicaCopy(int index, String chunkId, List<String> sources, NodeInfo target) {
    }

    /**
     * For coded part {@code part}: fetch any k of {@code sources} (shard index → node id, healthy
     * shards only), reconstruct, verify that part's SHA-256, then upload shard i to
     * {@code targets.get(i)}.
     */
    public record ShardRebuild(int part, Map<Integer, String> sources, Map<Integer, NodeInfo> targets) {
    }

    public boolean lost() {
        return hotLost || !lostParts.isEmpty();
    }

    /** The JSON cold part (part 0 of a record that has one) has fewer than k shards left. */
    public boolean coldLost() {
        return metadata.cold() != null && lostParts.contains(0);
    }

    /** The rebuild of coded part {@code part}, or null when it needs none (or cannot have one). */
    public ShardRebuild rebuildOf(int part) {
        return shardRebuilds.stream().filter(r -> r.part() == part).findFirst().orElse(null);
    }

    /** The rebuild of the JSON cold part, or null: the common case of a document record. */
    public ShardRebuild shardRebuild() {
        return metadata.cold() == null ? null : rebuildOf(0);
    }

    /** Nothing to copy (the object may still need its state or pending marks fixed). */
    public boolean noCopies() {
        return replicaCopies.isEmpty() && shardRebuilds.stream().allMatch(r -> r.targets().isEmpty());
    }

    /** Every copy the metadata names is present. */
    public boolean healthy() {
        return !lost() && hotHealth.stream().allMatch(h -> h == ChunkHealth.OK)
                && codedHealth.stream().flatMap(List::stream).allMatch(h -> h == ChunkHealth.OK);
    }

    /** Some copy's node did not answer: the object is not verified this pass. */
    public boolean anyUnreachable() {
        return hotHealth.contains(ChunkHealth.UNREACHABLE)
                || codedHealth.stream().anyMatch(h -> h.contains(ChunkHealth.UNREACHABLE));
    }

    /** How logs name coded part {@code part}: "cold part" or "stripe n" (n = index in the stripes list). */
    public static String partName(ObjectMetadata metadata, int part) {
        return metadata.cold() == null ? "stripe " + part : part == 0 ? "cold part" : "stripe " + (part - 1);
    }

    /**
     * The record to write after {@code outcome}, or empty when the stored one is already right.
     * Copies made move their location to the new node; present copies still marked pending get
     * their stored time. The state is CLEAN when every copy is present, LOST when a part is lost,
     * DIRTY when a copy is still missing or corrupt; copies that only did not answer leave the
     * state as it was (a slow node is not damage). Rebuilt through {@link ObjectMetadata#withCopies}
     * so that a blob's {@code BlobInfo} and stripes survive every repair.
     */
    public Optional<ObjectMetadata> updatedMetadata(RepairOutcome outcome, long nowMillis) {
        Tally tally = new Tally();
        HotPart hot = metadata.hot();
        HotPart newHot = hot == null ? null
                : new HotPart(hot.sha256(), hot.size(), tally.fixAll(hot.replicas(), hotHealth, outcome.replicasStored(), outcome, nowMillis));
        List<ColdPart> coded = metadata.codedParts();
        List<ColdPart> newCoded = new ArrayList<>(coded.size());
        for (int p = 0; p < coded.size(); p++) {
            ColdPart part = coded.get(p);
            List<ChunkLocation> shards = tally.fixAll(part.shards(), codedHealth.get(p), outcome.shardsStored(p), outcome, nowMillis);
            newCoded.add(part.withShards(shards));
        }
        ObjectState state;
        if (lost()) {
            state = ObjectState.LOST;
        } else if (tally.anyBad) {
            state = ObjectState.DIRTY;
        } else if (tally.anyUnknown) {
            state = metadata.state() == ObjectState.CLEAN ? ObjectState.CLEAN : ObjectState.DIRTY;
        } else {
            state = ObjectState.CLEAN;
        }
        if (!tally.changed && state == metadata.state()) {
            return Optional.empty();
        }
        if (state == ObjectState.CLEAN) {
            return Optional.of(metadata.withParts(newHot, newCoded, state));
        }
        // Still degraded: keep the gateway's pending/failed notes, they are the operator's breadcrumbs.
        return Optional.of(metadata.withCopies(newHot, newCoded, state));
    }

    /** What fixing the copies of all parts found, accumulated across parts. */
    private static final class Tally {
        boolean changed;
        boolean anyBad;
        boolean anyUnknown;

        List<ChunkLocation> fixAll(List<ChunkLocation> locations, List<ChunkHealth> health, Map<Integer, NodeInfo> copiedTo,
                RepairOutcome outcome, long now) {
            List<ChunkLocation> fixed = new ArrayList<>(locations.size());
            for (int i = 0; i < locations.size(); i++) {
                fixed.add(fix(locations.get(i), health.get(i), copiedTo.get(i), outcome, now));
            }
            return fixed;
        }

        private ChunkLocation fix(ChunkLocation location, ChunkHealth health, NodeInfo copiedTo, RepairOutcome outcome, long now) {
            if (copiedTo != null) {
                changed = true;
                return location.movedTo(copiedTo.id(), now);
            }
            if (outcome.damagedSources().contains(AuditFacts.copyKey(location.nodeId(), location.chunkId()))) {
                anyBad = true; // found bad while reading it: DIRTY, fixed next pass
                return location;
            }
            switch (health) {
                case OK -> {
                    if (!location.stored()) {
                        changed = true;
                        return location.storedAt(now);
                    }
                }
                case UNREACHABLE -> anyUnknown = true;
                case MISSING, CORRUPT -> anyBad = true;
            }
            return location;
        }
    }
}
