package io.hybridstore.common.spi.memory;

import io.hybridstore.common.digest.Sha256;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * A fleet of storage nodes in memory, for unit tests: nodes can be taken down, chunks corrupted,
 * and writes counted. Behaves like the HTTP adapter: same error codes, idempotent put.
 */
public final class InMemoryChunkStore implements ChunkStore {

    private final Map<String, ConcurrentSkipListMap<String, Stored>> nodes = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final AtomicLong puts = new AtomicLong();

    private record Stored(byte[] data, long crc, long modifiedMillis, boolean corrupt) {
    }

    public void setDown(String nodeId, boolean isDown) {
        if (isDown) {
            down.add(nodeId);
        } else {
            down.remove(nodeId);
        }
    }

    /** Simulates bitrot: the node will detect it on read and report CORRUPT. */
    public void corrupt(String nodeId, String chunkId) {
        node(nodeId).computeIfPresent(chunkId, (id, s) -> new Stored(s.data, s.crc, s.modifiedMillis, true));
    }

    /** Simulates a lost disk: the chunk silently disappears. */
    public void lose(String nodeId, String chunkId) {
        node(nodeId).remove(chunkId);
    }

    public boolean holds(String nodeId, String chunkId) {
        return node(nodeId).containsKey(chunkId);
    }

    public Set<String> chunksOn(String nodeId) {
        return Set.copyOf(node(nodeId).keySet());
    }

    public long putCount() {
        return puts.get();
    }

    @Override
    public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
        reachable(node);
        puts.incrementAndGet();
        if (sha256Hex != null && !sha256Hex.isEmpty() && !sha256Hex.equalsIgnoreCase(Sha256.hex(data))) {
            throw StoreException.badRequest("chunk " + chunkId + " does not match its SHA-256, nothing stored"); // as a node answers
        }
        CRC32C crc = new CRC32C();
        crc.update(data);
        node(node.id()).put(chunkId, new Stored(data.clone(), crc.getValue(), System.currentTimeMillis(), false));
    }

    @Override
    public byte[] get(NodeInfo node, String chunkId) {
        Stored s = stored(node, chunkId);
        if (s.corrupt) {
            node(node.id()).remove(chunkId); // quarantined, as the real node does
            throw new StoreException(ErrorCode.CORRUPT, "chunk " + chunkId + " on " + node.id() + " is corrupt");
        }
        return s.data.clone();
    }

    @Override
    public Optional<ChunkStat> head(NodeInfo node, String chunkId) {
        reachable(node);
        Stored s = node(node.id()).get(chunkId);
        return s == null ? Optional.empty() : Optional.of(stat(chunkId, s));
    }

    @Override
    public Set<String> exists(NodeInfo node, Collection<String> chunkIds) {
        reachable(node);
        Set<String> present = new HashSet<>(chunkIds);
        present.retainAll(node(node.id()).keySet());
        return present;
    }

    @Override
    public VerifyResult verify(NodeInfo node, String chunkId) {
        reachable(node);
        return check(node, chunkId).result();
    }

    /** One call for all, with the CRC32C of every OK chunk, as the node's batched verify answers. */
    @Override
    public List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
        reachable(node);
        return chunkIds.stream().map(chunkId -> check(node, chunkId)).toList();
    }

    private VerifyOutcome check(NodeInfo node, String chunkId) {
        Stored s = node(node.id()).get(chunkId);
        if (s == null) {
            return VerifyOutcome.checked(chunkId, VerifyResult.MISSING, null);
        }
        if (s.corrupt) {
            node(node.id()).remove(chunkId); // quarantined, as the real node does
            return VerifyOutcome.checked(chunkId, VerifyResult.CORRUPT, null);
        }
        return VerifyOutcome.checked(chunkId, VerifyResult.OK, Long.toHexString(s.crc));
    }

    @Override
    public void delete(NodeInfo node, String chunkId) {
        reachable(node);
        node(node.id()).remove(chunkId);
    }

    @Override
    public List<ChunkStat> list(NodeInfo node, String afterId, int limit) {
        reachable(node);
        var view = afterId == null ? node(node.id()) : node(node.id()).tailMap(afterId, false);
        List<ChunkStat> page = new ArrayList<>();
        for (var e : view.entrySet()) {
            if (page.size() >= limit) {
                break;
            }
            page.add(stat(e.getKey(), e.getValue()));
        }
        return page;
    }

    /** Sets a chunk's modification time (for garbage-collection grace-period tests). */
    public void setModified(String nodeId, String chunkId, long millis) {
        node(nodeId).computeIfPresent(chunkId, (id, s) -> new Stored(s.data, s.crc, millis, s.corrupt));
    }

    private static ChunkStat stat(String id, Stored s) {
        return new ChunkStat(id, s.data.length, Long.toHexString(s.crc), s.modifiedMillis);
    }

    private Stored stored(NodeInfo node, String chunkId) {
        reachable(node);
        Stored s = node(node.id()).get(chunkId);
        if (s == null) {
            throw StoreException.notFound("chunk " + chunkId + " not on " + node.id());
        }
        return s;
    }

    private void reachable(NodeInfo node) {
        if (down.contains(node.id())) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "node " + node.id() + " is down");
        }
    }

    private ConcurrentSkipListMap<String, Stored> node(String nodeId) {
        return nodes.computeIfAbsent(nodeId, id -> new ConcurrentSkipListMap<>());
    }

    @Override
    public String toString() {
        return "InMemoryChunkStore" + Arrays.toString(nodes.keySet().toArray());
    }
}
