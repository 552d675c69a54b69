package io.hybridstore.io.kafka;

import io.hybridstore.common.model.Version;

/** A record read back from the write-ahead log: its position (the write's version), key and payload. */
public record WalEntry(Version version, String key, byte[] payload) {
}
