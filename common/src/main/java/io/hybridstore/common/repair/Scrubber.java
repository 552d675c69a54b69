package io.hybridstore.common.repair;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Bitrot detection: each pass, nodes re-read and re-check the checksum of a slice of the copies,
 * walking the metadata in key order with its own cursor (independent of the audit scan, so the
 * whole store is scrubbed over time even when passes are short). A node quarantines a corrupt
 * chunk itself; the objects with findings are handed back for repair.
 *
 * <p>A blob stripe's shard is also checked end to end: its CRC32C as the node reports it (a HEAD,
 * header only) must be the one the writer recorded. A node checks a chunk against its own header,
 * so a chunk holding other bytes than were written (a lost write replaced by a stray put, say)
 * passes its node's verify; it is counted corrupt here and repaired like one. The node keeps it
 * until GC collects it, as a copy no record names any longer.
 *
 * <p>A verify makes the node read the whole chunk from disk, so every one first takes the chunk's
 * size from the healer's byte budget (shared with repairs): scrubbing a store of large shards must
 * not take the nodes' disks from client traffic.
 */
final class Scrubber {

    private static final System.Logger LOG = System.getLogger(Scrubber.class.getName());

    private final MetadataStore metadata;
    private final ChunkStore chunks;
    private final int pageSize;
    private final Pacer pacer;
    private String cursor;
    /** Keys of objects with a copy that could not be verified, checked again first on the next pass. */
    private final Set<String> unverified = new LinkedHashSet<>();
    /** Bound of {@link #unverified}: a node down for long must not grow it without end. */
    private static final int MAX_UNVERIFIED = 10_000;

    /** Waits until {@code bytes} more may be read (the healer's {@link ByteRateLimiter}). */
    interface Pacer {
        void acquire(long bytes) throws InterruptedException;
    }

    Scrubber(MetadataStore metadata, ChunkStore chunks, int pageSize, Pacer pacer) {
        this.metadata = metadata;
        this.chunks = chunks;
        this.pageSize = pageSize;
        this.pacer = pacer;
    }

    /**
     * @param checked   copies a node verified (found OK, CORRUPT or MISSING)
     * @param unchecked copies that could not be verified (the node failed to answer, or failed
     *                  unexpectedly): never counted as OK; their objects are checked again next pass
     */
    record Findings(int checked, int unchecked, int corrupt, List<String> damagedKeys, AuditFacts facts) {
    }

    /** What one scrub call found so far; {@code attempted} spends the budget whether or not the node answered. */
    private static final class Tally {
        int attempted;
        int checked;
        int unchecked;
        int corrupt;
        final List<String> damaged = new ArrayList<>();
        final AuditFacts facts = new AuditFacts();
    }

    /** Verifies about {@code budget} copies (an object is always finished, so slightly more). */
    Findings scrub(Map<String, NodeInfo> live, int budget, BooleanSupplier leader) throws InterruptedException {
        Tally tally = new Tally();
        recheckUnverified(live, budget, leader, tally);
        // One call visits each object at most once: after wrapping to the first key it stops where it began.
        String startedAfter = cursor;
        boolean wrapped = false;
        scan:
        while (tally.attempted < budget && leader.getAsBoolean()) {
            List<MetadataStore.Stored> page = metadata.scan(cursor, pageSize);
            if (page.isEmpty()) {
                cursor = null;
                if (startedAfter == null || wrapped) {
                    break; // the whole store was scrubbed within this budget
                }
                wrapped = true;
                continue;
            }
            for (MetadataStore.Stored stored : page) {
                String key = stored.metadata().key();
                if (tally.attempted >= budget || !leader.getAsBoolean() || (wrapped && key.compareTo(startedAfter) > 0)) {
                    break scan;
                }
                scrubObject(stored.metadata(), live, tally);
                cursor = key;
            }
        }
        return new Findings(tally.checked, tally.unchecked, tally.corrupt, tally.damaged, tally.facts);
    }

    /**
     * First the objects with a copy the last passes could not verify: the cursor has moved past
     * them, and they would otherwise wait a whole round of the store.
     */
    private void recheckUnverified(Map<String, NodeInfo> live, int budget, BooleanSupplier leader, Tally tally)
            throws InterruptedException {
        List<String> keys = List.copyOf(unverified);
        unverified.clear();
        for (String key : keys) {
            if (tally.attempted >= budget || !leader.getAsBoolean()) {
                remember(key); // not reached this pass: still owed a check
                continue;
            }
            Optional<MetadataStore.Stored> stored = metadata.get(key);
            if (stored.isPresent()) {
                scrubObject(stored.get().metadata(), live, tally);
            }
        }
    }

    private void scrubObject(ObjectMetadata object, Map<String, NodeInfo> live, Tally tally) throws InterruptedException {
        boolean bad = false;
        boolean unchecked = false;
        for (Copy copy : copies(object)) {
            ChunkLocation location = copy.location();
            NodeInfo node = live.get(location.nodeId());
            if (node == null) {
                continue; // the audit already counts it missing
            }
            tally.attempted++;
            pacer.acquire(copy.bytes());
            ChunkHealth health = verify(node, location.chunkId());
            if (health == ChunkHealth.OK && copy.expectedCrc32c() != null) {
                health = holdsWhatWasWritten(node, copy);
            }
            if (health == ChunkHealth.UNREACHABLE) {
                tally.unchecked++;
                unchecked = true;
            } else {
                tally.checked++;
            }
            tally.facts.set(node.id(), location.chunkId(), health);
            bad |= health.needsRepair();
            tally.corrupt += health == ChunkHealth.CORRUPT ? 1 : 0;
        }
        if (bad) {
            tally.damaged.add(object.key());
        }
        if (unchecked) {
            remember(object.key());
        }
    }

    private void remember(String key) {
        if (unverified.size() < MAX_UNVERIFIED) {
            unverified.add(key); // beyond the bound, the next round of the store checks it
        }
    }

    /** {@code expectedCrc32c}: the writer's CRC32C of the copy, when the record keeps one (blob stripe shards). */
    private record Copy(ChunkLocation location, long bytes, String expectedCrc32c) {
    }

    /** Every copy of the object with the bytes a node reads to verify it (as {@link Auditor#locations}). */
    private static List<Copy> copies(ObjectMetadata object) {
        List<Copy> copies = new ArrayList<>();
        if (object.hot() != null) {
            object.hot().replicas().forEach(r -> copies.add(new Copy(r, object.hot().size(), null)));
        }
        for (ColdPart part : object.codedParts()) {
            part.shards().forEach(s -> copies.add(new Copy(s, part.shardSize(),
                    part.checkedPerShard() && s.index() < part.shardCrc32c().size() ? part.shardCrc32c().get(s.index()) : null)));
        }
        return copies;
    }

    /**
     * CORRUPT when the node reports another CRC32C than the writer recorded; UNREACHABLE (not
     * checked, retried) when the HEAD fails: an unanswered HEAD proves nothing either way.
     */
    private ChunkHealth holdsWhatWasWritten(NodeInfo node, Copy copy) {
        String chunkId = copy.location().chunkId();
        try {
            return chunks.head(node, chunkId).map(stat -> {
                boolean same = stat.checksum().equals(copy.expectedCrc32c());
                if (!same) {
                    LOG.log(System.Logger.Level.WARNING, "scrub: " + chunkId + " on " + node.id() + " has CRC32C " + stat.checksum()
                            + ", the record says " + copy.expectedCrc32c() + ": other bytes than were written");
                }
                return same ? ChunkHealth.OK : ChunkHealth.CORRUPT;
            }).orElse(ChunkHealth.OK); // gone since the verify: the next audit sees it missing
        } catch (RuntimeException e) {
            return couldNotCheck("HEAD", node, chunkId, e);
        }
    }

    private ChunkHealth verify(NodeInfo node, String chunkId) {
        try {
            return switch (chunks.verify(node, chunkId)) {
                case OK -> ChunkHealth.OK;
                case CORRUPT -> ChunkHealth.CORRUPT;
                case MISSING -> ChunkHealth.MISSING;
            };
        } catch (StoreException e) {
            // An adapter may answer "no such chunk" or "corrupt" as an error rather than as a result.
            return switch (e.code()) {
                case NOT_FOUND -> ChunkHealth.MISSING;
                case CORRUPT -> ChunkHealth.CORRUPT;
                default -> couldNotCheck("verify", node, chunkId, e);
            };
        } catch (RuntimeException e) {
            return couldNotCheck("verify", node, chunkId, e);
        }
    }

    /**
     * A copy scrub could not check: never OK. A node that is slow or down is the audit's business
     * (DEBUG here, or every copy on it would log); anything unexpected is logged with its stack.
     */
    private static ChunkHealth couldNotCheck(String call, NodeInfo node, String chunkId, RuntimeException e) {
        if (e instanceof StoreException) {
            LOG.log(System.Logger.Level.DEBUG, "scrub: " + call + " of " + chunkId + " on " + node.id() + " failed, checked again next pass: "
                    + e.getMessage());
        } else {
            LOG.log(System.Logger.Level.WARNING, "scrub: unexpected failure in the " + call + " of " + chunkId + " on " + node.id()
                    + "; not counted as checked, checked again next pass", e);
        }
        return ChunkHealth.UNREACHABLE;
    }
}
