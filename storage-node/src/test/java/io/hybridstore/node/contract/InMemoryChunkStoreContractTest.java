package io.hybridstore.node.contract;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;

/** The fake, held to the same contract as the real node. */
class InMemoryChunkStoreContractTest extends ChunkStoreContract {
    private final InMemoryChunkStore store = new InMemoryChunkStore();
    private final NodeInfo node = new NodeInfo("mem-1", "mem://mem-1", "", 1L << 30, 0, 0, 0, "test");
    private final NodeInfo dead = new NodeInfo("mem-dead", "mem://mem-dead", "", 1L << 30, 0, 0, 0, "test");

    InMemoryChunkStoreContractTest() {
        store.setDown(dead.id(), true);
    }

    @Override
    protected ChunkStore store() {
        return store;
    }

    @Override
    protected NodeInfo node() {
        return node;
    }

    @Override
    protected NodeInfo deadNode() {
        return dead;
    }

    @Override
    protected void corrupt(String chunkId) {
        store.corrupt(node.id(), chunkId);
    }
}
