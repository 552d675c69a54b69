package io.hybridstore.common.spi.memory;

import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** etcd in memory: one global revision counter, atomic per call, same dirty-index invariant. */
public final class InMemoryMetadataStore implements MetadataStore, MetadataFeed {

    private final TreeMap<String, Stored> records = new TreeMap<>(KeyOrder.UTF8);
    private final TreeMap<String, DirtyMark> dirty = new TreeMap<>();
    private long revision;
    private final List<Listener> followers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Delivers the records and then, under the store's lock (so in commit order), each write. */
    @Override
    public synchronized AutoCloseable follow(Listener listener) {
        listener.reset();
        records.values().forEach(stored -> listener.put(stored.metadata()));
        listener.synced();
        followers.add(listener);
        return () -> followers.remove(listener);
    }

    @Override
    public synchronized Optional<Stored> get(String key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public synchronized boolean commitIfNewer(ObjectMetadata metadata) {
        Stored current = records.get(metadata.key());
        if (current != null && !metadata.version().isNewerThan(current.metadata().version())) {
            return false;
        }
        write(metadata);
        return true;
    }

    @Override
    public synchronized boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
        Stored current = records.get(metadata.key());
        if (current == null || current.revision() != expectedRevision) {
            return false;
        }
        write(metadata);
        return true;
    }

    @Override
    public synchronized List<Stored> scan(String prefix, ScanStart start, int limit) {
        String from = KeyOrder.compare(start.key(), prefix) > 0 ? start.key() : prefix;
        // Keys with the prefix are one contiguous run from the prefix itself; the first key past it ends the range.
        return records.tailMap(from, true).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .filter(e -> start.admits(e.getKey()))
                .limit(limit)
                .map(java.util.Map.Entry::getValue)
                .toList();
    }

    @Override
    public synchronized List<DirtyMark> dirty(int limit) {
        return new ArrayList<>(dirty.values()).stream().limit(limit).toList();
    }

    private void write(ObjectMetadata metadata) {
        revision++;
        records.put(metadata.key(), new Stored(metadata, revision));
        if (metadata.state() == ObjectState.DIRTY) {
            DirtyMark old = dirty.get(metadata.key());
            long since = old != null ? old.sinceMillis() : metadata.updatedAt();
            dirty.put(metadata.key(), new DirtyMark(metadata.key(), metadata.version(), since, "dirty"));
        } else {
            dirty.remove(metadata.key());
        }
        followers.forEach(listener -> listener.put(metadata));
    }
}
