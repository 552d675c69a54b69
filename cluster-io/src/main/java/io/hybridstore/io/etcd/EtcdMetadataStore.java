package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.GetOption;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@link MetadataStore} on etcd. Records are {@link RecordCodec} bytes under {@link ClusterKeys#object} (older
 * JSON records are read too, and rewritten compact when next written); the dirty mark under
 * {@link ClusterKeys#dirty}, the catalogue's index entries under {@link ClusterKeys#indexPrefix} and
 * the usage delta are put or deleted in the same transaction as the record, guarded by the record's
 * mod revision, so the indexes and counters never disagree with the records.
 *
 * <p>{@link #commitIfNewer} compares versions in Java (they are JSON inside the value, which etcd
 * cannot compare), so it is a compare-and-swap loop: read, decide, write "if the mod revision is
 * still what I read" (or "if the key still does not exist"). A lost race re-reads; after
 * {@value #MAX_ATTEMPTS} lost races in a row the key is too contended and the caller gets CONFLICT
 * (retryable).
 *
 * <p>{@link #compareAndSetAll} submits one such guarded transaction per record to the same commit
 * coalescer as the gateways' writes, so the healer commits a page of repairs in a few round trips.
 *
 * <p>The parts: {@link StoredRecords} reads records, {@link RecordTransactions} builds and sends a
 * record write's transaction, {@link KeyRanges} reads ranges of keys, {@link EtcdIndexEntries} serves
 * the index compare and rebuild.
 */
public final class EtcdMetadataStore implements MetadataStore {

    static final int MAX_ATTEMPTS = 16;
    /** etcd's default {@code --max-txn-ops}. */
    static final int MAX_TXN_OPS = 128;
    /**
     * Commit requests open at once ({@link EtcdCommitCoalescer}); commits arriving meanwhile leave together
     * with the next, and a lone commit leaves at once. One: etcd takes one request per raft round (one WAL
     * fsync) either way, so with two open (the value until session 31) it carried ~1.04 requests a round
     * and the second open request overlapped nothing; it only halved the batches. With one, at 32 writers
     * ~8 commits a request against ~5, a fifth fewer requests and WAL fsyncs, and less CPU per write in
     * etcd and the gateway (docs/benchmarks.md, "Session 31 (h35-write)"). Four was worse (session 28).
     */
    static final int COMMITS_IN_FLIGHT = 1;
    /** Single-key read requests open at once; the reads arriving meanwhile join the next ({@link EtcdReadCoalescer}). */
    static final int READS_IN_FLIGHT = 2;

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    private final EtcdStripePages pages;
    private final StoredRecords records;
    private final RecordTransactions transactions;
    private final KeyRanges ranges;
    private final EtcdIndexEntries index;

    /**
     * What a record write carries beyond the record and its dirty mark, and how it is sent: all of it,
     * coalesced, in production. Each may be switched off only to measure what it costs a write (the
     * benchmark switches {@code GATEWAY_CATALOGUE_INDEX_WRITES}, {@code GATEWAY_CATALOGUE_USAGE_WRITES},
     * {@code GATEWAY_CATALOGUE_COALESCED_COMMITS}, {@code GATEWAY_CATALOGUE_COALESCED_READS}).
     *
     * @param indexEntries     false: the catalogue's indexes fall behind the records until {@code POST /admin/index/rebuild}
     * @param usageDeltas      false: the usage counters miss these writes until a recount
     * @param coalescedCommits false: every commit is its own request, whatever else is in flight
     * @param coalescedReads   false: every single-key read is its own request (the write path reads its key before it plans)
     */
    public record Writes(boolean indexEntries, boolean usageDeltas, boolean coalescedCommits, boolean coalescedReads) {
        public static final Writes ALL = new Writes(true, true, true, true);

        /** Reads coalesced as commits are. */
        public Writes(boolean indexEntries, boolean usageDeltas, boolean coalescedCommits) {
            this(indexEntries, usageDeltas, coalescedCommits, coalescedCommits);
        }
    }

    public EtcdMetadataStore(EtcdConnection etcd) {
        this(etcd, Writes.ALL);
    }

    /** @param indexWrites false only to measure what the index entries cost a write (see {@link Writes}) */
    public EtcdMetadataStore(EtcdConnection etcd, boolean indexWrites) {
        this(etcd, new Writes(indexWrites, true, true));
    }

    public EtcdMetadataStore(EtcdConnection etcd, Writes writes) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
        EtcdCommitCoalescer commits = writes.coalescedCommits()
                ? new EtcdCommitCoalescer(EtcdCommitCoalescer.nested(kv), COMMITS_IN_FLIGHT, etcd.requestTimeout())
                : EtcdCommitCoalescer.uncoalesced(EtcdCommitCoalescer.nested(kv), etcd.requestTimeout());
        this.pages = new EtcdStripePages(etcd);
        int readsInFlight = writes.coalescedReads() ? READS_IN_FLIGHT : Integer.MAX_VALUE;
        EtcdReadCoalescer<ByteSequence, GetResponse> reads = new EtcdReadCoalescer<>(EtcdReadCoalescer.transactions(kv),
                readsInFlight, etcd.requestTimeout(), "etcd get");
        EtcdReadCoalescer<ByteSequence, GetResponse> revisions = new EtcdReadCoalescer<>(
                EtcdReadCoalescer.transactions(kv, GetOption.builder().withKeysOnly(true).build()), readsInFlight, etcd.requestTimeout(),
                "etcd revision");
        this.records = new StoredRecords(etcd, kv, pages, reads, revisions);
        this.transactions = new RecordTransactions(etcd, kv, commits, pages, writes);
        this.ranges = new KeyRanges(etcd, kv);
        this.index = new EtcdIndexEntries(etcd, kv, ranges);
    }

    @Override
    public Optional<Stored> get(String key) {
        return records.get(key);
    }

    @Override
    public OptionalLong revision(String key) {
        return records.revision(key);
    }

    @Override
    public boolean commitIfNewer(ObjectMetadata metadata) {
        return commitIfNewer(metadata, null);
    }

    /**
     * The write path reads the key before it plans (dedup needs the previous record), so the first
     * attempt guards on that read instead of reading again: a write costs one read and one
     * transaction. A basis gone stale fails the guard and the loop reads afresh.
     */
    @Override
    public boolean commitIfNewer(ObjectMetadata metadata, Optional<Stored> basis) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Stored> current = attempt == 0 && basis != null ? basis : get(metadata.key());
            if (current.isPresent() && !metadata.version().isNewerThan(current.get().metadata().version())) {
                return false; // a record's version only grows: an older read showing a newer one is final too
            }
            if (transactions.write(metadata, current)) {
                return true;
            }
        }
        throw new StoreException(ErrorCode.CONFLICT, "metadata of " + metadata.key() + " changed on every one of "
                + MAX_ATTEMPTS + " attempts to commit " + metadata.version());
    }

    /** One transaction guarded on the key's absence (its create revision 0), through the commit coalescer; no read. */
    @Override
    public boolean commitIfAbsent(ObjectMetadata metadata) {
        return transactions.write(metadata, Optional.empty());
    }

    /**
     * The loop above with one more compare in the record's transaction: the guard's key exists. A
     * transaction that failed is retried only while that key is still there; once it is gone the
     * commit fails (false) for good.
     */
    @Override
    public boolean commitIfNewer(ObjectMetadata metadata, Optional<Stored> basis, CommitGuard guard) {
        if (!(guard instanceof CommitGuard.KeyExists exists)) {
            return MetadataStore.super.commitIfNewer(metadata, basis, guard);
        }
        ByteSequence guardKey = bytes(exists.key());
        Cmp present = new Cmp(guardKey, Cmp.Op.GREATER, CmpTarget.version(0));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Stored> current = attempt == 0 && basis != null ? basis : get(metadata.key());
            if (current.isPresent() && !metadata.version().isNewerThan(current.get().metadata().version())) {
                return false;
            }
            RecordTransactions.Guarded write = transactions.guarded(metadata, current);
            Cmp[] guards = Arrays.copyOf(write.guards(), write.guards().length + 1);
            guards[guards.length - 1] = present;
            if (transactions.commit(metadata, new RecordTransactions.Guarded(guards, write.ops(), write.bytes(), write.layout(),
                    write.presentPages()))) {
                return true;
            }
            if (etcd.await(kv.get(guardKey, GetOption.builder().withCountOnly(true).build()), "check " + exists.key()).getCount() == 0) {
                return false;
            }
        }
        throw new StoreException(ErrorCode.CONFLICT, "metadata of " + metadata.key() + " changed on every one of "
                + MAX_ATTEMPTS + " attempts to commit " + metadata.version());
    }

    /**
     * An update guarded on a revision alone: one read (the usage delta and the index entries to
     * replace come from the record being replaced), one guarded transaction.
     */
    @Override
    public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
        // A record already past the expected revision would fail the guard anyway.
        Optional<Stored> current = get(metadata.key());
        if (current.isEmpty() || current.get().revision() != expectedRevision) {
            return false;
        }
        return transactions.write(metadata, current);
    }

    /** The healer's, the stragglers' and the dedup write's update: one guarded transaction over the record they read. */
    @Override
    public boolean compareAndSet(ObjectMetadata metadata, Stored expected) {
        return transactions.write(metadata, Optional.of(expected));
    }

    @Override
    public List<SwapResult> compareAndSetAll(List<Swap> swaps) {
        return transactions.swapAll(swaps);
    }

    /** The operations a write of {@code metadata} over {@code current} sends in its transaction (tests count them). */
    int operations(ObjectMetadata metadata, Optional<Stored> current) {
        return transactions.guarded(metadata, current).ops().size();
    }

    @Override
    public List<Stored> getAll(List<String> keys) {
        return records.getAll(keys);
    }

    @Override
    public List<String> indexEntries(String prefix, ScanStart start, int limit) {
        return index.entries(prefix, start, limit);
    }

    @Override
    public Set<String> existingIndexEntries(Collection<String> entries) {
        return index.existing(entries);
    }

    @Override
    public boolean repairIndex(String key, long expectedRevision, Collection<String> puts, Collection<String> deletes) {
        return index.repair(key, expectedRevision, puts, deletes);
    }

    @Override
    public List<Stored> scan(String prefix, ScanStart start, int limit) {
        return ranges.range(keys.objectsPrefix(), prefix, start, limit, false, "scan objects").stream().map(records::stored).toList();
    }

    @Override
    public List<DirtyMark> dirty(int limit) {
        GetResponse response = etcd.await(kv.get(bytes(keys.dirtyPrefix()),
                GetOption.builder().withRange(prefixEnd(keys.dirtyPrefix())).withLimit(limit).build()), "scan dirty index");
        return response.getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), DirtyMark.class)).toList();
    }

    /** Slices of at most {@value #MAX_TXN_OPS} items: etcd's default limit of operations per transaction. */
    static <T> List<List<T>> batches(List<T> items) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += MAX_TXN_OPS) {
            batches.add(items.subList(i, Math.min(items.size(), i + MAX_TXN_OPS)));
        }
        return batches;
    }

    /** The first key after every key that starts with {@code prefix} (etcd's range-end for a prefix). */
    static ByteSequence prefixEnd(String prefix) {
        byte[] end = KeyOrder.prefixEnd(prefix);
        return ByteSequence.from(end.length == 0 ? new byte[] {0} : end); // {0}: to the end of the keyspace
    }

    @Override
    public List<PageOwner> pageOwners(String afterCursor, int limit) {
        return pages.owners(afterCursor, limit);
    }

    @Override
    public int sweepPages(String key) {
        return pages.sweep(key);
    }
}
