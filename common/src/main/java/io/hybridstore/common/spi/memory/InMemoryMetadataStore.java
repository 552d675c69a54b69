package io.hybridstore.common.spi.memory;

import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.UsageStore;
import io.hybridstore.common.usage.UsageCounts;
import io.hybridstore.common.usage.UsageDelta;
import io.hybridstore.common.usage.UsageFold;
import io.hybridstore.common.usage.UsageRecount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * etcd in memory: one global revision counter, atomic per call, same dirty-index and secondary-index
 * invariants, the usage deltas kept with each write and folded like the etcd adapter's, and a
 * record feed like the etcd watch.
 */
public final class InMemoryMetadataStore implements MetadataStore, UsageStore, MetadataFeed {

    private final TreeMap<String, Stored> records = new TreeMap<>(KeyOrder.UTF8);
    private final TreeMap<String, DirtyMark> dirty = new TreeMap<>();
    private final TreeSet<String> index = new TreeSet<>(KeyOrder.UTF8);
    private final List<UsageDelta> deltas = new ArrayList<>();
    private Map<String, UsageCounts> totals = Map.of();
    private Map<String, UsageFold.References> references = Map.of();
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
    public synchronized OptionalLong revision(String key) {
        Stored stored = records.get(key);
        return stored == null ? OptionalLong.empty() : OptionalLong.of(stored.revision());
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
    public synchronized boolean commitIfAbsent(ObjectMetadata metadata) {
        if (records.containsKey(metadata.key())) {
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
    public synchronized List<String> indexEntries(String prefix, ScanStart start, int limit) {
        String from = KeyOrder.compare(start.key(), prefix) > 0 ? start.key() : prefix;
        return index.tailSet(from, true).stream()
                .takeWhile(e -> e.startsWith(prefix))
                .filter(start::admits)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean repairIndex(String key, long expectedRevision, Collection<String> puts,
                                            Collection<String> deletes) {
        Stored current = records.get(key);
        if ((current == null ? 0 : current.revision()) != expectedRevision) {
            return false;
        }
        index.addAll(puts);
        index.removeAll(deletes);
        return true;
    }

    /** Puts an index entry as a bug or a lost write would leave it: for tests of the compare and rebuild. */
    public synchronized void corruptIndex(Collection<String> puts, Collection<String> deletes) {
        index.addAll(puts);
        index.removeAll(deletes);
    }

    @Override
    public synchronized List<DirtyMark> dirty(int limit) {
        return new ArrayList<>(dirty.values()).stream().limit(limit).toList();
    }

    @Override
    public synchronized UsageCounts usage(String prefix) {
        return new UsageFold(totals, references).add(deltas).totals().getOrDefault(prefix, UsageCounts.ZERO);
    }

    @Override
    public synchronized int fold(int limit) {
        List<UsageDelta> batch = deltas.subList(0, Math.min(limit, deltas.size()));
        int folded = batch.size();
        UsageFold fold = new UsageFold(totals, references).add(batch);
        totals = Map.copyOf(fold.totals());
        references = Map.copyOf(fold.references());
        batch.clear();
        return folded;
    }

    @Override
    public synchronized UsageRecount.Result recount(String prefix) {
        UsageRecount recount = new UsageRecount(prefix);
        records.tailMap(prefix, true).values().stream().takeWhile(s -> s.metadata().key().startsWith(prefix))
                .forEach(s -> recount.add(s.metadata()));
        List<UsageDelta> corrections = recount.corrections(recount.stored(totals, deltas));
        deltas.addAll(corrections);
        return new UsageRecount.Result(prefix, revision, recount.records(), corrections);
    }

    /** Puts a record as a version from before the usage counters wrote it: no delta. For tests of the recount. */
    public synchronized void putUncounted(ObjectMetadata metadata) {
        revision++;
        records.put(metadata.key(), new Stored(metadata, revision));
        index.addAll(IndexEntries.of(metadata));
    }

    private void write(ObjectMetadata metadata) {
        Stored before = records.get(metadata.key());
        IndexEntries.Change change = IndexEntries.change(before == null ? null : before.metadata(), metadata);
        index.removeAll(change.deletes());
        index.addAll(change.puts());
        revision++;
        Stored previous = records.get(metadata.key());
        UsageDelta delta = UsageDelta.between(previous == null ? null : previous.metadata(), metadata);
        if (!delta.isEmpty()) {
            deltas.add(delta);
        }
        records.put(metadata.key(), new Stored(metadata, revision));
        if (metadata.state() == ObjectState.DIRTY) {
            DirtyMark old = dirty.get(metadata.key());
            long since = old != null ? old.sinceMillis() : System.currentTimeMillis(); // dirty since this commit, as etcd's store
            dirty.put(metadata.key(), new DirtyMark(metadata.key(), metadata.version(), since, "dirty"));
        } else {
            dirty.remove(metadata.key());
        }
        followers.forEach(listener -> listener.put(metadata));
    }
}
