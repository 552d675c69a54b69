package io.hybridstore.common.repair;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.ChunkStore.VerifyOutcome;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Scrub's verify of many copies: grouped by node, each node's group sent in requests of at most
 * {@link #REQUEST_BYTES} to read ({@link ChunkStore#verifyAll}), each request's bytes taken from the
 * healer's budget before it is sent. Answers each copy's health; the judging of objects is the
 * {@link Scrubber}'s.
 */
final class ScrubVerifier {

    private static final System.Logger LOG = System.getLogger(ScrubVerifier.class.getName());
    /**
     * Bytes one request makes its node read at most (a larger copy goes alone). The budget is taken
     * per request, before it: this bounds the burst of disk reads one request takes from a node's
     * clients, where one copy a request bounded it before (8 MiB: thousands of small chunks, or eight
     * shards of 1 MiB). The count of ids a request is the adapter's to bound.
     */
    static final long REQUEST_BYTES = 8L << 20;

    private final ChunkStore chunks;
    private final Scrubber.Pacer pacer;

    ScrubVerifier(ChunkStore chunks, Scrubber.Pacer pacer) {
        this.chunks = chunks;
        this.pacer = pacer;
    }

    /**
     * One copy on a live node: where it is, the bytes its node reads to verify it, and
     * {@code expectedCrc32c}, the writer's CRC32C of it when the record keeps one (blob stripe shards).
     */
    record Copy(NodeInfo node, ChunkLocation location, long bytes, String expectedCrc32c) {
    }

    /**
     * The health of each of {@code copies} (by identity: two objects may name one chunk on one node,
     * and each copy keeps its own answer, in order, as when they were verified one by one: CORRUPT,
     * then MISSING once quarantined). UNREACHABLE for those whose node failed to answer; a copy
     * without an entry was not asked: {@code leader} turned false before its request.
     */
    Map<Copy, ChunkHealth> verify(List<Copy> copies, BooleanSupplier leader) throws InterruptedException {
        Map<String, List<Copy>> byNode = new LinkedHashMap<>();
        copies.forEach(c -> byNode.computeIfAbsent(c.node().id(), id -> new ArrayList<>()).add(c));
        Map<Copy, ChunkHealth> found = new IdentityHashMap<>();
        for (List<Copy> onNode : byNode.values()) {
            for (List<Copy> request : requests(onNode)) {
                if (!leader.getAsBoolean()) {
                    return found;
                }
                verifyOnNode(request, found);
            }
        }
        return found;
    }

    /** One node's copies cut into requests of at most {@link #REQUEST_BYTES}, in order. */
    static List<List<Copy>> requests(List<Copy> onNode) {
        List<List<Copy>> requests = new ArrayList<>();
        List<Copy> request = new ArrayList<>();
        long bytes = 0;
        for (Copy copy : onNode) {
            if (!request.isEmpty() && bytes + copy.bytes() > REQUEST_BYTES) {
                requests.add(request);
                request = new ArrayList<>();
                bytes = 0;
            }
            request.add(copy);
            bytes += copy.bytes();
        }
        if (!request.isEmpty()) {
            requests.add(request);
        }
        return requests;
    }

    /** One request's copies (all on one node) into {@code found}; every one UNREACHABLE when the call failed. */
    private void verifyOnNode(List<Copy> request, Map<Copy, ChunkHealth> found) throws InterruptedException {
        NodeInfo node = request.get(0).node();
        pacer.acquire(request.stream().mapToLong(Copy::bytes).sum(), request.size());
        List<String> ids = request.stream().map(c -> c.location().chunkId()).toList();
        List<VerifyOutcome> outcomes;
        try {
            outcomes = chunks.verifyAll(node, ids);
            if (outcomes.size() != ids.size()) {
                throw new IllegalStateException(outcomes.size() + " outcomes for " + ids.size() + " chunks");
            }
        } catch (RuntimeException e) {
            couldNotCheck("verify of " + ids.size() + " copies", node, e);
            request.forEach(copy -> found.put(copy, ChunkHealth.UNREACHABLE));
            return;
        }
        for (int i = 0; i < request.size(); i++) {
            found.put(request.get(i), health(request.get(i), outcomes.get(i)));
        }
    }

    private ChunkHealth health(Copy copy, VerifyOutcome outcome) {
        if (outcome.error() != null) {
            LOG.log(System.Logger.Level.DEBUG, "scrub: " + copy.node().id() + " could not check " + outcome.chunkId() + " ("
                    + outcome.error() + "), checked again next pass");
            return ChunkHealth.UNREACHABLE;
        }
        return switch (outcome.result()) {
            case OK -> copy.expectedCrc32c() == null ? ChunkHealth.OK : holdsWhatWasWritten(copy, outcome.crc32c());
            case CORRUPT -> ChunkHealth.CORRUPT;
            case MISSING -> ChunkHealth.MISSING;
        };
    }

    /**
     * CORRUPT when the node reports another CRC32C than the writer recorded. {@code reported} is the
     * one the verify answered; when it did not say (a node that predates the batched verify), a HEAD
     * asks, and an unanswered HEAD is UNREACHABLE (not checked, retried): it proves nothing either way.
     */
    private ChunkHealth holdsWhatWasWritten(Copy copy, String reported) {
        NodeInfo node = copy.node();
        String chunkId = copy.location().chunkId();
        if (reported == null) {
            try {
                Optional<ChunkStore.ChunkStat> stat = chunks.head(node, chunkId);
                if (stat.isEmpty()) {
                    return ChunkHealth.OK; // gone since the verify: the next audit sees it missing
                }
                reported = stat.get().checksum();
            } catch (RuntimeException e) {
                return couldNotCheck("HEAD of " + chunkId, node, e);
            }
        }
        if (!reported.equals(copy.expectedCrc32c())) {
            LOG.log(System.Logger.Level.WARNING, "scrub: " + chunkId + " on " + node.id() + " has CRC32C " + reported
                    + ", the record says " + copy.expectedCrc32c() + ": other bytes than were written");
            return ChunkHealth.CORRUPT;
        }
        return ChunkHealth.OK;
    }

    /**
     * Copies scrub could not check: never OK. A node that is slow or down is the audit's business
     * (DEBUG here, or every pass would log); anything unexpected is logged with its stack.
     */
    private static ChunkHealth couldNotCheck(String call, NodeInfo node, RuntimeException e) {
        if (e instanceof StoreException) {
            LOG.log(System.Logger.Level.DEBUG, "scrub: the " + call + " on " + node.id() + " failed, checked again next pass: "
                    + e.getMessage());
        } else {
            LOG.log(System.Logger.Level.WARNING, "scrub: unexpected failure in the " + call + " on " + node.id()
                    + "; not counted as checked, checked again next pass", e);
        }
        return ChunkHealth.UNREACHABLE;
    }
}
