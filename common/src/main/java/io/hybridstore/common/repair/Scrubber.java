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

    private record Copy(ChunkLocation location, long bytes) {
    }

    /** Every copy of the object with the bytes a node reads to verify it (as {@link Auditor#locations}). */
    private static List<Copy> copies(ObjectMetadata object) {
        List<Copy> copies = new ArrayList<>();
        if (object.hot() != null) {
            object.hot().replicas().forEach(r -> copies.add(new Copy(r, object.hot().size())));
        }
        for (ColdPart part : object.codedParts()) {
            part.shards().forEach(s -> copies.add(new Copy(s, part.shardSize())));
        }
        return copies;
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
