package io.hybridstore.common.spi.memory;

import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.DeadLetterStore;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The dead-letter list in memory, ordered like the etcd adapter's listing (WAL order). */
public final class InMemoryDeadLetterStore implements DeadLetterStore {

    private final TreeMap<Version, DeadLetter> letters = new TreeMap<>();
    private final TreeMap<Version, byte[]> payloads = new TreeMap<>();

    @Override
    public synchronized void put(DeadLetter letter, byte[] payload) {
        letters.put(letter.version(), letter);
        payloads.put(letter.version(), payload.clone());
    }

    @Override
    public synchronized Optional<DeadLetter> get(Version version) {
        return Optional.ofNullable(letters.get(version));
    }

    @Override
    public synchronized Optional<byte[]> payload(Version version) {
        return Optional.ofNullable(payloads.get(version)).map(byte[]::clone);
    }

    @Override
    public synchronized List<DeadLetter> list(int limit) {
        return letters.values().stream().limit(limit).toList();
    }

    @Override
    public synchronized long count() {
        return letters.size();
    }

    @Override
    public synchronized boolean remove(Version version) {
        payloads.remove(version);
        return letters.remove(version) != null;
    }
}
