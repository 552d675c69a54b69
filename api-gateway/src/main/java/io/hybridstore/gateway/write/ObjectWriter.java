package io.hybridstore.gateway.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.catalogue.IndexedFields;
import io.hybridstore.common.erasure.ReedSolomon;
import io.hybridstore.common.labels.LabelRules;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.placement.RendezvousPlacement;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.split.HotColdSplit;
import io.hybridstore.common.write.ChunkIds;
import io.hybridstore.common.write.Readability;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.gateway.write.NodeFanOut.Outcome;
import io.hybridstore.gateway.write.NodeFanOut.Put;
import io.hybridstore.gateway.write.WriteResult.Missing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * Steps 3 to 8 of a write, for a value whose WAL version is already known: the live request runs
 * them right after the WAL ack, the replay runs them for records whose gateway died before the
 * metadata commit. Nothing here may assume it runs only once: chunk ids derive from content (a
 * second run overwrites with equal bytes) and the commit applies only over an older version.
 */
public final class ObjectWriter {

    private static final Logger LOG = Logger.getLogger(ObjectWriter.class);
    /** Plans of one write that may reuse chunks; the base changing under each of them is rare (a race per attempt). */
    private static final int MAX_REUSE_ATTEMPTS = 3;
    /** Compare-and-set attempts of the stragglers' settling; only damage reports and the healer race it. */
    private static final int SETTLE_ATTEMPTS = 5;

    private final MetadataStore metadata;
    private final NodeDirectory nodes;
    private final NodeFanOut fanOut;
    private final WriteSettings settings;
    private final RendezvousPlacement placement = new RendezvousPlacement();
    private final ReedSolomon codec;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final KnownKeys known;
    private final WrittenParts written;

    public ObjectWriter(MetadataStore metadata, NodeDirectory nodes, NodeFanOut fanOut, WriteSettings settings, Clock clock,
                        GatewayMetrics metrics) {
        this(metadata, nodes, fanOut, settings, clock, metrics, KnownKeys.none());
    }

    /** @param known the keys lately seen with a record: a write of another key may skip reading it ({@link #plan}) */
    public ObjectWriter(MetadataStore metadata, NodeDirectory nodes, NodeFanOut fanOut, WriteSettings settings, Clock clock,
                        GatewayMetrics metrics, KnownKeys known) {
        this(metadata, nodes, fanOut, settings, clock, metrics, known, WrittenParts.NONE);
    }

    /** @param written told of the parts of every record this writer commits, with their bytes (the gateway's part cache) */
    public ObjectWriter(MetadataStore metadata, NodeDirectory nodes, NodeFanOut fanOut, WriteSettings settings, Clock clock,
                        GatewayMetrics metrics, KnownKeys known, WrittenParts written) {
        this.known = known;
        this.written = written;
        this.metadata = metadata;
        this.nodes = nodes;
        this.fanOut = fanOut;
        this.settings = settings;
        this.codec = ReedSolomon.create(settings.dataShards(), settings.parityShards());
        this.clock = clock;
        this.metrics = metrics;
    }

    public WriteResult apply(String key, ObjectNode value, Version version, Timings timings) {
        return apply(key, value, version, timings, null);
    }

    /** What a live write of {@code key} does first: read the key, or guess it new ({@link KnownKeys}). */
    public KnownKeys.Plan plan(String key) {
        return known.plan(key);
    }

    /**
     * As {@link #apply(String, ObjectNode, Version, Timings)}, its first attempt planned over
     * {@code current}, a read of the key the caller started before this version existed (beside its
     * WAL append). Safe because nothing taken from the read is trusted at the commit: the version
     * check, the labels carried and the chunks reused are each guarded there on the record's mod
     * revision, so a read that went stale meanwhile fails its guard and the next attempt reads afresh.
     * The one check it cannot make, "this version is already committed", the commit's answer makes.
     *
     * @param current null: the first attempt reads the key itself (the replay's case)
     */
    public WriteResult apply(String key, ObjectNode value, Version version, Timings timings,
                             CompletableFuture<Optional<MetadataStore.Stored>> current) {
        return apply(key, value, version, timings, KnownKeys.Plan.READ_KNOWN, current);
    }

    /**
     * As {@link #apply(String, ObjectNode, Version, Timings, CompletableFuture)}, the first attempt as
     * {@code plan} says. {@link KnownKeys.Plan#GUESS_NEW}: no read at all; the first attempt plans over
     * no record and commits only while the key has none ({@link MetadataStore#commitIfAbsent}), so
     * every guarantee of a write over a record read as absent holds: nothing to carry, nothing reused,
     * no version to overwrite. If the key has a record, that commit fails and the write plans again
     * from a read, exactly as below (labels carried, unchanged parts reused, versions compared); the
     * chunks the first plan stored are named by no record, and the collector takes them as any chunk
     * of a write that lost (their ids are content addresses, so a part equal to the record's own is
     * the record's chunk, written again, and no loss either).
     *
     * @param current null: the first attempt reads the key itself; ignored on GUESS_NEW
     */
    public WriteResult apply(String key, ObjectNode value, Version version, Timings timings, KnownKeys.Plan plan,
                             CompletableFuture<Optional<MetadataStore.Stored>> current) {
        // 3. Split into hot and cold top-level fields, keeping the written order; note the indexed values for the catalogue.
        HotColdSplit split = timings.time("split", () -> HotColdSplit.split(value, settings.policy()));
        SortedMap<String, String> indexed = IndexedFields.extract(value, settings.indexedFields());
        boolean guessed = plan == KnownKeys.Plan.GUESS_NEW;
        // The last attempt stores every part, so a base that keeps changing cannot hold the write up; a wrong guess is not one of them.
        int reuseAttempts = guessed ? MAX_REUSE_ATTEMPTS + 1 : MAX_REUSE_ATTEMPTS;
        for (int attempt = 1; ; attempt++) {
            boolean guess = guessed && attempt == 1;
            Optional<MetadataStore.Stored> base = guess ? Optional.empty()
                    : attempt == 1 && current != null ? timings.time("meta", () -> joined(current))
                    : timings.time("meta", () -> metadata.get(key));
            if (attempt == 1 && plan == KnownKeys.Plan.READ_UNKNOWN) {
                known.existed(key, plan, base.isPresent());
            }
            Optional<WriteResult> result = applyOnce(key, split, indexed, version, base, guess, timings, attempt < reuseAttempts);
            if (guess) {
                known.existed(key, plan, result.isEmpty()); // a guess's plan is thrown away only when the key had a record
            }
            if (result.isPresent()) {
                known.remember(key); // committed, or lost to an equal or newer version: either way the key has a record
                return result.get();
            }
        }
    }

    /** The read's answer, or the store's own error as the read would have thrown it on this thread. */
    private static <T> T joined(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Steps 4 to 8 over {@code base}, the key's record as read for this attempt. Empty when this write reused chunks of that record and
     * the record changed before the commit: the caller plans again against the record that replaced it.
     *
     * <p>Why a reusing commit is guarded on the base record's revision (not on the version alone):
     * a reused chunk is not put again, so its modification time stays as old as the version that
     * first stored it, and the collector's cut-off does not protect it. It is safe only if, at
     * every moment between this write's read and its commit, the key's current record points at
     * the reused chunks, so a scan reading the key at any moment references them. The revision
     * guard gives exactly that: the commit lands only if the base was current all along (etcd mod
     * revisions never repeat). A newer write, an older one committing late, the replay running the
     * same record, or a healer repair (which moves copies) all change the revision and make this
     * write re-plan; the healer's repair is then reused with its new homes instead of the stale
     * ones. It costs nothing on the common path: the guarded commit is the same read and
     * transaction as {@code commitIfNewer}. Refreshing the reused chunks instead would cost a node
     * round trip per copy on every dedup write (and still race a sweep that listed the chunk
     * before the refresh); a collector re-checking metadata before each delete has no way from a
     * content-derived chunk id back to the keys that use it.
     *
     * <p>{@code guessedAbsent}: {@code base} is empty because the key was not read (guessed new); the
     * commit lands only while the key has no record, and the result is empty when it has one.
     */
    private Optional<WriteResult> applyOnce(String key, HotColdSplit split, SortedMap<String, String> indexed, Version version,
                                            Optional<MetadataStore.Stored> base, boolean guessedAbsent, Timings timings,
                                            boolean reuse) {
        Optional<ObjectMetadata> previous = base.map(MetadataStore.Stored::metadata);
        if (previous.isPresent() && !version.isNewerThan(previous.get().version())) {
            // This version was already committed (by the replay racing the live request), or a newer
            // one was: either way storing chunks would be wasted.
            return Optional.of(new WriteResult(key, version, previous.get().state(), previous.get().version().equals(version),
                    List.of(), List.of()));
        }
        // A blob under this key is replaced as a whole: none of its chunks can be reused by a document.
        ObjectMetadata current = previous.filter(p -> reuse && !p.deleted() && !p.holdsBlob()).orElse(null);

        // 4-7. Plan both parts (reusing unchanged ones), then store every new copy concurrently.
        List<String> dedup = new ArrayList<>();
        List<NodeInfo> live = timings.time("store", nodes::liveNodes);
        byte[] hotBytes = timings.time("split", split::hotBytes);
        byte[] coldBytes = timings.time("split", split::coldBytes);
        PartPlan hot = timings.time("split", () -> planHot(hotBytes, current, live, dedup));
        PartPlan cold = timings.time("split", () -> planCold(coldBytes, current, live, dedup));
        List<Put> puts = new ArrayList<>(hot.puts);
        puts.addAll(cold.puts);
        NodeFanOut.Batch batch = fanOut.start(puts);
        List<Outcome> outcomes = timings.time("store", batch::awaitAnswer);
        if (outcomes.stream().anyMatch(Outcome::pending) && verdict(hot, cold, outcomes) == Readability.Verdict.UNREADABLE) {
            // Not readable without the slow ones: wait for them rather than fail a write that may still land.
            outcomes = timings.time("store", batch::awaitAll);
        }
        Readability.Verdict verdict = verdict(hot, cold, outcomes);
        List<Missing> missing = missing(hot, cold, outcomes);
        if (verdict == Readability.Verdict.UNREADABLE) {
            // Nothing is committed: the previous version stays current and the WAL replay retries this one.
            throw new StoreException(ErrorCode.UNAVAILABLE, "too few nodes stored " + key + " at " + version
                    + " to read it back (" + missing.size() + " copies missing); it stays in the WAL and is retried");
        }

        // 8. Commit, only over an older version: a slow older write never overwrites a newer one.
        // A write that reused chunks commits only over the very record it reused them from.
        boolean stragglers = outcomes.stream().anyMatch(Outcome::pending);
        long now = clock.millis();
        ObjectMetadata unlabelled = new ObjectMetadata(key, version,
                stragglers ? ObjectState.IN_PROGRESS : Readability.stateOf(verdict), split.fieldOrder(),
                hot.hotPart(outcomes), cold.coldPart(outcomes), pendingNodes(outcomes), failedNodes(missing),
                previous.map(ObjectMetadata::createdAt).orElse(now), now).withIndexedFields(indexed);
        boolean reused = !dedup.isEmpty();
        // An overwrite keeps the labels of the record it replaces (LabelRules#keptOnOverwrite).
        ObjectMetadata record = reused
                ? unlabelled.withLabels(LabelRules.keptOnOverwrite(base.orElseThrow().metadata().labels()))
                : unlabelled;
        Optional<ObjectMetadata> landed = timings.time("meta", () -> reused
                ? (metadata.compareAndSet(record, base.orElseThrow()) ? Optional.of(record) : Optional.<ObjectMetadata>empty())
                : guessedAbsent ? (metadata.commitIfAbsent(record) ? Optional.of(record) : Optional.<ObjectMetadata>empty())
                : LabelCarry.commit(metadata, record, base)); // the read above serves the commit's first attempt
        boolean committed = landed.isPresent();
        if (!committed && reused) {
            LOG.debugf("%s at %s: the record it reused chunks of changed before the commit; planning again", key, version);
            return Optional.empty();
        }
        if (!committed && guessedAbsent) {
            LOG.debugf("%s at %s: guessed new, but the key has a record; planning again from a read", key, version);
            return Optional.empty();
        }
        if (committed) {
            written.committed(record, hotBytes, coldBytes);
        }
        if (committed && stragglers) {
            fanOut.background(() -> settleStragglers(landed.get(), hot, cold, batch));
        }
        if (!committed) {
            // Lost to an equal version (the replay applied this very record first) or a newer one.
            Optional<ObjectMetadata> winner = metadata.get(key).map(MetadataStore.Stored::metadata);
            if (winner.isPresent() && winner.get().version().equals(version)) {
                return Optional.of(new WriteResult(key, version, winner.get().state(), true, missing, dedup));
            }
        }
        return Optional.of(new WriteResult(key, version, record.state(), committed, missing, dedup));
    }

    /**
     * Runs {@link #completeStragglers} in the background. Nothing waits on its future, so a failure
     * is logged and counted here or never. An unsettled record is left as it was committed:
     * IN_PROGRESS with its pending nodes, which the healer checks once it is older than its
     * in-progress grace, as after a gateway crash.
     */
    private void settleStragglers(ObjectMetadata committed, PartPlan hot, PartPlan cold, NodeFanOut.Batch batch) {
        try {
            if (!completeStragglers(committed, hot, cold, batch)) {
                metrics.stragglersUnsettled("lost_races");
                LOG.warnf("%s at %s: the stragglers answered, but settling the record lost %d races in a row; it stays"
                        + " IN_PROGRESS with its pending nodes for the healer", committed.key(), committed.version(), SETTLE_ATTEMPTS);
            }
        } catch (RuntimeException e) {
            metrics.stragglersUnsettled("error");
            LOG.warnf(e, "%s at %s: settling the stragglers failed; the record stays IN_PROGRESS with its pending nodes"
                    + " for the healer", committed.key(), committed.version());
        }
    }

    /**
     * Second phase of a write answered with copies still pending: once the stragglers answered (or
     * timed out), record where they landed and settle the state CLEAN or DIRTY. Only this version's
     * record is updated (compare-and-set on its revision); if a newer write replaced it, there is
     * nothing to settle. Crash point: if this gateway dies first, the record stays IN_PROGRESS with
     * its pending nodes listed, which the healer treats as needing a check. Returns false when every
     * attempt lost its race.
     */
    private boolean completeStragglers(ObjectMetadata committed, PartPlan hot, PartPlan cold, NodeFanOut.Batch batch) {
        List<Outcome> outcomes = batch.awaitAll();
        HotPart hotPart = hot.hotPart(outcomes);
        ColdPart coldPart = cold.coldPart(outcomes);
        ObjectState state = Readability.stateOf(Readability.judge(hotPart, settings.replicas(), coldPart));
        List<String> failed = failedNodes(missing(hot, cold, outcomes));
        for (int attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
            Optional<MetadataStore.Stored> current = metadata.get(committed.key());
            if (current.isEmpty() || !current.get().metadata().version().equals(committed.version())
                    || current.get().metadata().state() != ObjectState.IN_PROGRESS) {
                return true;
            }
            // Built from the record as it is now: its labels and indexed values stay (a metadata-only update may have changed them).
            ObjectMetadata now = current.get().metadata();
            ObjectMetadata settled = new ObjectMetadata(now.key(), now.version(), state, now.fieldOrder(), hotPart, coldPart,
                    List.of(), failed, now.createdAt(), clock.millis(), now.blob(), now.stripes(), now.labels(), now.indexedFields());
            if (metadata.compareAndSet(settled, current.get())) {
                return true;
            }
        }
        return false;
    }

    private Readability.Verdict verdict(PartPlan hot, PartPlan cold, List<Outcome> outcomes) {
        return Readability.judge(hot.hotPart(outcomes), settings.replicas(), cold.coldPart(outcomes));
    }

    private static List<String> pendingNodes(List<Outcome> outcomes) {
        return outcomes.stream().filter(Outcome::pending).map(o -> o.put().node().id()).distinct().toList();
    }

    private static List<String> failedNodes(List<Missing> missing) {
        Set<String> failed = new LinkedHashSet<>();
        missing.stream().filter(m -> m.node() != null && !m.error().equals("PENDING")).forEach(m -> failed.add(m.node()));
        return List.copyOf(failed);
    }

    /** Leaves a tombstone at {@code version}; the chunks become garbage for the collector. */
    public boolean delete(String key, Version version) {
        Optional<ObjectMetadata> previous = metadata.get(key).map(MetadataStore.Stored::metadata);
        long now = clock.millis();
        boolean committed = metadata.commitIfNewer(ObjectMetadata.tombstone(key, version, previous.map(ObjectMetadata::createdAt).orElse(now),
                now));
        known.remember(key); // a tombstone is a record: a write over it must read it
        return committed;
    }

    private PartPlan planHot(byte[] bytes, ObjectMetadata current, List<NodeInfo> live, List<String> dedup) {
        if (bytes == null) {
            return PartPlan.NONE;
        }
        String sha = CanonicalJson.sha256Hex(bytes);
        if (current != null && current.hot() != null && current.hot().sha256().equals(sha)) {
            dedup.add("hot");
            return PartPlan.reused(new HotPart(sha, bytes.length, current.hot().replicas()), null);
        }
        String chunkId = ChunkIds.hot(sha);
        List<NodeInfo> chosen = placement.choose(chunkId, RendezvousPlacement.withRoomFor(live, bytes.length), settings.replicas());
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            puts.add(new Put(i, chosen.get(i), chunkId, bytes, sha));
        }
        return new PartPlan(puts, sha, bytes.length, null, 0, settings.replicas(), true);
    }

    private PartPlan planCold(byte[] bytes, ObjectMetadata current, List<NodeInfo> live, List<String> dedup) {
        if (bytes == null) {
            return PartPlan.NONE;
        }
        String sha = CanonicalJson.sha256Hex(bytes);
        int k = settings.dataShards();
        int m = settings.parityShards();
        if (current != null && current.cold() != null && current.cold().sha256().equals(sha)
                && current.cold().k() == k && current.cold().m() == m) {
            dedup.add("cold"); // unchanged cold part: no encode, no shard writes
            return PartPlan.reused(null, current.cold());
        }
        byte[][] shards = codec.encode(bytes);
        List<NodeInfo> chosen = placement.choose(ChunkIds.coldBase(sha, k, m), RendezvousPlacement.withRoomFor(live, shards[0].length), k + m);
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            puts.add(new Put(i, chosen.get(i), ChunkIds.coldShard(sha, k, m, i), shards[i], CanonicalJson.sha256Hex(shards[i])));
        }
        return new PartPlan(puts, sha, bytes.length, shards, k, k + m, false);
    }

    private static List<Missing> missing(PartPlan hot, PartPlan cold, List<Outcome> outcomes) {
        List<Missing> missing = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.stored()) {
                String part = hot.puts.contains(o.put()) ? "hot" : "cold";
                missing.add(new Missing(part, o.put().index(), o.put().node().id(), o.pending() ? "PENDING" : o.error().name()));
            }
        }
        // Copies placement found no node for at all (fewer live nodes than wanted).
        for (int i = hot.puts.size(); hot.isNew() && i < hot.wanted; i++) {
            missing.add(new Missing("hot", i, null, "NO_NODE"));
        }
        for (int i = cold.puts.size(); cold.isNew() && i < cold.wanted; i++) {
            missing.add(new Missing("cold", i, null, "NO_NODE"));
        }
        return missing;
    }

    /** One part's puts (new content) or its reused previous locations (unchanged content). */
    private record PartPlan(List<Put> puts, String sha, long size, byte[][] shards, int k, int wanted, boolean hot,
                            HotPart reusedHot, ColdPart reusedCold) {

        static final PartPlan NONE = new PartPlan(List.of(), null, 0, null, 0, 0, false, null, null);

        PartPlan(List<Put> puts, String sha, long size, byte[][] shards, int k, int wanted, boolean hot) {
            this(puts, sha, size, shards, k, wanted, hot, null, null);
        }

        static PartPlan reused(HotPart hot, ColdPart cold) {
            return new PartPlan(List.of(), null, 0, null, 0, 0, hot != null, hot, cold);
        }

        boolean isNew() {
            return sha != null;
        }

        HotPart hotPart(List<Outcome> outcomes) {
            if (reusedHot != null) {
                return reusedHot;
            }
            return sha == null ? null : new HotPart(sha, size, locations(outcomes));
        }

        ColdPart coldPart(List<Outcome> outcomes) {
            if (reusedCold != null) {
                return reusedCold;
            }
            return sha == null ? null : new ColdPart(sha, size, k, wanted - k, shards[0].length, locations(outcomes));
        }

        private List<ChunkLocation> locations(List<Outcome> outcomes) {
            List<Outcome> mine = outcomes.stream().filter(o -> puts.contains(o.put())).toList();
            return NodeFanOut.locations(mine, wanted, i -> hot ? ChunkIds.hot(sha) : ChunkIds.coldShard(sha, k, wanted - k, i));
        }
    }
}
