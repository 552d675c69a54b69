package io.hybridstore.common.repair;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.repair.ScrubVerifier.Copy;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Bitrot detection: each pass, nodes re-read and re-check the checksum of a slice of the copies,
 * walking the metadata in key order with its own cursor (independent of the audit scan, so the
 * whole store is scrubbed over time even when passes are short). A node quarantines a corrupt
 * chunk itself; the objects with findings are handed back for repair.
 *
 * <p>The copies of the objects picked from one scan page are verified together, grouped by node:
 * one request carries many of a node's copies ({@link ChunkStore#verifyAll}), where a request per
 * copy was a fifth of the nodes' requests under a write load and half of them idle
 * (docs/benchmarks.md, session 18).
 *
 * <p>A blob stripe's shard is also checked end to end: its CRC32C as the node reports it (in the
 * verify's answer; a HEAD, header only, from a node that predates it) must be the one the writer
 * recorded. A node checks a chunk against its own header, so a chunk holding other bytes than were
 * written (a lost write replaced by a stray put, say) passes its node's verify; it is counted
 * corrupt here and repaired like one. The node keeps it until GC collects it, as a copy no record
 * names any longer.
 *
 * <p>A verify makes the node read the whole chunk from disk, so every request first takes the
 * sizes of its copies from the healer's byte budget (shared with repairs): scrubbing a store of
 * large shards must not take the nodes' disks from client traffic.
 */
final class Scrubber {

    private static final System.Logger LOG = System.getLogger(Scrubber.class.getName());

    private final MetadataStore metadata;
    private final ScrubVerifier verifier;
    private final int pageSize;
    private String cursor;
    /** Keys of objects with a copy that could not be verified, checked again first on the next pass. */
    private final Set<String> unverified = new LinkedHashSet<>();
    /** Bound of {@link #unverified}: a node down for long must not grow it without end. */
    private static final int MAX_UNVERIFIED = 10_000;

    /** Waits until {@code chunks} copies of {@code bytes} together may be re-read (the healer's {@link ByteRateLimiter}). */
    interface Pacer {
        void acquire(long bytes, int chunks) throws InterruptedException;
    }

    Scrubber(MetadataStore metadata, ChunkStore chunks, int pageSize, Pacer pacer) {
        this.metadata = metadata;
        this.verifier = new ScrubVerifier(chunks, pacer);
        this.pageSize = pageSize;
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
        boolean done = false;
        while (!done && tally.attempted < budget && leader.getAsBoolean()) {
            List<MetadataStore.Stored> page = metadata.scan(cursor, pageSize);
            if (page.isEmpty()) {
                cursor = null;
                if (startedAfter == null || wrapped) {
                    break; // the whole store was scrubbed within this budget
                }
                wrapped = true;
                continue;
            }
            List<Picked> picked = new ArrayList<>();
            for (MetadataStore.Stored stored : page) {
                String key = stored.metadata().key();
                done = tally.attempted >= budget || !leader.getAsBoolean() || (wrapped && key.compareTo(startedAfter) > 0);
                if (done) {
                    break;
                }
                picked.add(pick(stored.metadata(), live, tally));
                cursor = key;
            }
            check(picked, leader, tally);
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
        List<Picked> picked = new ArrayList<>();
        for (String key : keys) {
            if (tally.attempted >= budget || !leader.getAsBoolean()) {
                remember(key); // not reached this pass: still owed a check
                continue;
            }
            metadata.get(key).ifPresent(stored -> picked.add(pick(stored.metadata(), live, tally)));
        }
        check(picked, leader, tally);
    }

    /**
     * The object's copies on live nodes, with the bytes a node reads to verify each (as
     * {@link Auditor#locations}), each counted against the budget; a copy on a node without a lease is
     * the audit's business.
     */
    private static Picked pick(ObjectMetadata object, Map<String, NodeInfo> live, Tally tally) {
        List<Copy> copies = new ArrayList<>();
        if (object.hot() != null) {
            object.hot().replicas().forEach(r -> onLive(copies, live, r, object.hot().size(), null));
        }
        for (ColdPart part : object.codedParts()) {
            part.shards().forEach(s -> onLive(copies, live, s, part.shardSize(),
                    part.checkedPerShard() && s.index() < part.shardCrc32c().size() ? part.shardCrc32c().get(s.index()) : null));
        }
        tally.attempted += copies.size();
        return new Picked(object.key(), copies);
    }

    private static void onLive(List<Copy> copies, Map<String, NodeInfo> live, ChunkLocation location, long bytes, String expectedCrc32c) {
        NodeInfo node = live.get(location.nodeId());
        if (node != null) {
            copies.add(new Copy(node, location, bytes, expectedCrc32c));
        }
    }

    /**
     * Verifies the picked objects' copies ({@link ScrubVerifier}: grouped by node, many a request),
     * then judges each object from its copies: damaged ones are handed back for repair, and any copy
     * left unchecked (its node failed to answer, or this healer stopped leading before its request)
     * has its object checked again first next pass.
     */
    private void check(List<Picked> picked, BooleanSupplier leader, Tally tally) throws InterruptedException {
        List<Copy> copies = new ArrayList<>();
        picked.forEach(p -> copies.addAll(p.copies()));
        Map<Copy, ChunkHealth> found = verifier.verify(copies, leader);
        for (Picked object : picked) {
            boolean bad = false;
            boolean unchecked = false;
            for (Copy copy : object.copies()) {
                ChunkHealth health = found.get(copy);
                if (health == null) {
                    unchecked = true; // never asked (this healer stopped leading first): owed a check, not a failed one
                    continue;
                }
                if (health == ChunkHealth.UNREACHABLE) {
                    tally.unchecked++;
                    unchecked = true;
                } else {
                    tally.checked++;
                }
                tally.facts.set(copy.node().id(), copy.location().chunkId(), health);
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
    }

    private void remember(String key) {
        if (unverified.size() < MAX_UNVERIFIED) {
            unverified.add(key); // beyond the bound, the next round of the store checks it
        }
    }

    /** An object picked for this call, and its copies on live nodes. */
    private record Picked(String key, List<Copy> copies) {
    }
}
