package io.hybridstore.gateway.write;

import io.hybridstore.common.model.ObjectMetadata;

/**
 * Told of the parts of each document this gateway committed, with their bytes: how the gateway's part
 * cache ({@link io.hybridstore.gateway.read.PartCache}) learns what was just written without reading it back.
 */
@FunctionalInterface
public interface WrittenParts {

    WrittenParts NONE = (sha256, bytes) -> { };

    /** {@code bytes} are the part whose SHA-256 is {@code sha256}: the write computed the one from the other. */
    void wrote(String sha256, byte[] bytes);

    /** The parts of {@code committed}, whose hot and cold bytes are {@code hot} and {@code cold} (null: no such part). */
    default void committed(ObjectMetadata committed, byte[] hot, byte[] cold) {
        if (committed.hot() != null && hot != null) {
            wrote(committed.hot().sha256(), hot);
        }
        if (committed.cold() != null && cold != null) {
            wrote(committed.cold().sha256(), cold);
        }
    }
}
