package io.hybridstore.common.spi;

import io.hybridstore.common.model.ObjectMetadata;

/**
 * Every object record, then every change to them, for a reader that keeps its own model of the
 * store (the console). Deliveries to one listener come one at a time, in the store's order.
 */
public interface MetadataFeed {

    /**
     * Starts following: {@link Listener#reset()}, every current record, {@link Listener#synced()},
     * then each change as it is committed. When the feed loses its place (the store compacted the
     * history it was following, a connection broke), it starts over with {@code reset()}.
     * Closing the returned handle stops the deliveries.
     */
    AutoCloseable follow(Listener listener);

    interface Listener {
        /** Forget everything: the full set of records follows. */
        void reset();

        /** A record as it is now (a tombstone for a deleted key). */
        void put(ObjectMetadata record);

        /** The record of {@code key} is gone from the store. */
        void removed(String key);

        /** The full set has been delivered; changes follow. */
        void synced();
    }
}
