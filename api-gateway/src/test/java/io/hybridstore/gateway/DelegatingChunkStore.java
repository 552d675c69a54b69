package io.hybridstore.gateway;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Forwards to another store; tests override single calls. */
public class DelegatingChunkStore implements ChunkStore {
    private final ChunkStore d;

    public DelegatingChunkStore(ChunkStore d) {
        this.d = d;
    }

    @Override
    public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
        d.put(node, chunkId, data, sha256Hex);
    }

    @Override
    public byte[] get(NodeInfo node, String chunkId) {
        return d.get(node, chunkId);
    }

    @Override
    public Optional<ChunkStat> head(NodeInfo node, String chunkId) {
        return d.head(node, chunkId);
    }

    @Override
    public Set<String> exists(NodeInfo node, Collection<String> chunkIds) {
        return d.exists(node, chunkIds);
    }

    @Override
    public VerifyResult verify(NodeInfo node, String chunkId) {
        return d.verify(node, chunkId);
    }

    @Override
    public void delete(NodeInfo node, String chunkId) {
        d.delete(node, chunkId);
    }

    @Override
    public List<ChunkStat> list(NodeInfo node, String afterId, int limit) {
        return new ArrayList<>(d.list(node, afterId, limit));
    }
}
