package io.hybridstore.common.spi;

import io.hybridstore.common.model.Version;

/**
 * The durable log every mutation enters first. {@link #append} returns only after the broker has
 * acknowledged the record to all in-sync replicas; the returned position is the write's version.
 * Until then nothing else about the write may happen (no node write, no metadata).
 */
public interface WriteAheadLog extends AutoCloseable {

    /**
     * Appends {@code payload} keyed by {@code key} (one key → one partition → log order is per-key
     * order). Throws {@code StoreException(UNAVAILABLE|TIMEOUT)} when the broker does not acknowledge.
     */
    Version append(String key, byte[] payload);

    @Override
    void close();
}
