package io.hybridstore.common.repair;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    record Findings(int checked, int corrupt, List<String> damagedKeys, AuditFacts facts) {
    }

    /** Verifies about {@code budget} copies (an object is always finished, so slightly more). */
    Findings scrub(Map<String, NodeInfo> live, int budget, BooleanSupplier leader) throws InterruptedException {
        int checked = 0;
        int corrupt = 0;
        List<String> damaged = new ArrayList<>();
        AuditFacts facts = new AuditFacts();
        // One call visits each object at most once: after wrapping to the first key it stops where it began.
        String startedAfter = cursor;
        boolean wrapped = false;
        scan:
        while (checked < budget && leader.getAsBoolean()) {
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
                if (checked >= budget || !leader.getAsBoolean() || (wrapped && key.compareTo(startedAfter) > 0)) {
                    break scan;
                }
                boolean bad = false;
                for (Copy copy : copies(stored.metadata())) {
                    ChunkLocation location = copy.location();
                    NodeInfo node = live.get(location.nodeId());
                    if (node == null) {
                        continue; // the audit already counts it missing
                    }
                    checked++;
                    pacer.acquire(copy.bytes());
                    ChunkHealth health = verify(node, location.chunkId());
                    if (health == ChunkHealth.OK && copy.expectedCrc32c() != null && !holdsWhatWasWritten(node, copy)) {
                        health = ChunkHealth.CORRUPT;
                    }
                    facts.set(node.id(), location.chunkId(), health);
                    bad |= health.needsRepair();
                    corrupt += health == ChunkHealth.CORRUPT ? 1 : 0;
                }
                if (bad) {
                    damaged.add(key);
                }
                cursor = key;
            }
        }
        return new Findings(checked, corrupt, damaged, facts);
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

    /** False only when the node reports another CRC32C than the writer recorded; an unanswered HEAD proves nothing. */
    private boolean holdsWhatWasWritten(NodeInfo node, Copy copy) {
        String chunkId = copy.location().chunkId();
        try {
            return chunks.head(node, chunkId).map(stat -> {
                boolean same = stat.checksum().equals(copy.expectedCrc32c());
                if (!same) {
                    LOG.log(System.Logger.Level.WARNING, "scrub: " + chunkId + " on " + node.id() + " has CRC32C " + stat.checksum()
                            + ", the record says " + copy.expectedCrc32c() + ": other bytes than were written");
                }
                return same;
            }).orElse(true); // gone since the verify: the next audit sees it missing
        } catch (RuntimeException e) {
            return true;
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
                default -> {
                    LOG.log(System.Logger.Level.DEBUG, "scrub: " + node.id() + " did not verify " + chunkId + ": " + e.getMessage());
                    yield ChunkHealth.UNREACHABLE;
                }
            };
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "scrub: unexpected failure verifying " + chunkId + " on " + node.id() + ": " + e);
            return ChunkHealth.UNREACHABLE;
        }
    }
}
