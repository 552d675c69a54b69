package io.hybridstore.node.store;

import io.hybridstore.common.spi.ChunkStore;
import java.util.Optional;

/** What a node knows about one stored chunk without reading its data. */
public record ChunkInfo(String id, long size, String crc32cHex, Optional<String> sha256Hex, long modifiedMillis) {

    public ChunkStore.ChunkStat toStat() {
        return new ChunkStore.ChunkStat(id, size, crc32cHex, modifiedMillis);
    }
}
