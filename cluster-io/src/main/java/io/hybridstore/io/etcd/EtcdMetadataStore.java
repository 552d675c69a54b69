package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.usage.UsageDelta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

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
 */
public final class EtcdMetadataStore implements MetadataStore {

    static final int MAX_ATTEMPTS = 16;
    /** etcd's default {@code --max-txn-ops}. */
    static final int MAX_TXN_OPS = 128;
    /**
     * Commit requests open at once ({@link EtcdCommitCoalescer}); commits arriving meanwhile leave together
     * with the next. Two, so a commit that just missed a request does not wait a whole round trip.
     */
    static final int COMMITS_IN_FLIGHT = 2;
    /** Reads of a paged record whose pages a concurrent write replaced, before giving up (CONFLICT, retryable). */
    private static final int MAX_PAGE_READS = 3;
    /** What each operation adds beyond its value (its key, framing), for {@link EtcdCommitCoalescer#MAX_BYTES}. */
    private static final long OP_OVERHEAD_BYTES = 256;

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    private final EtcdCommitCoalescer commits;
    private final EtcdStripePages pages;
    private final Writes writes;

    /**
     * What a record write carries beyond the record and its dirty mark, and how it is sent: all of it,
     * coalesced, in production. Each may be switched off only to measure what it costs a write (the
     * benchmark switches {@code GATEWAY_CATALOGUE_INDEX_WRITES}, {@code GATEWAY_CATALOGUE_USAGE_WRITES},
     * {@code GATEWAY_CATALOGUE_COALESCED_COMMITS}).
     *
     * @param indexEntries     false: the catalogue's indexes fall behind the records until {@code POST /admin/index/rebuild}
     * @param usageDeltas      false: the usage counters miss these writes until a recount
     * @param coalescedCommits false: every commit is its own request, whatever else is in flight
     */
    public record Writes(boolean indexEntries, boolean usageDeltas, boolean coalescedCommits) {
        public static final Writes ALL = new Writes(true, true, true);
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
        this.commits = writes.coalescedCommits()
                ? new EtcdCommitCoalescer(EtcdCommitCoalescer.nested(kv), COMMITS_IN_FLIGHT, etcd.requestTimeout())
                : EtcdCommitCoalescer.uncoalesced(EtcdCommitCoalescer.nested(kv), etcd.requestTimeout());
        this.pages = new EtcdStripePages(etcd);
        this.writes = writes;
    }

    @Override
    public Optional<Stored> get(String key) {
        GetResponse response = etcd.await(kv.get(bytes(keys.object(key))), "get " + key);
        return response.getKvs().stream().findFirst().map(this::stored);
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
            if (write(metadata, current)) {
                return true;
            }
        }
        throw new StoreException(ErrorCode.CONFLICT, "metadata of " + metadata.key() + " changed on every one of "
                + MAX_ATTEMPTS + " attempts to commit " + metadata.version());
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
            Guarded write = guarded(metadata, current);
            Cmp[] guards = Arrays.copyOf(write.guards(), write.guards().length + 1);
            guards[guards.length - 1] = present;
            if (commit(metadata, new Guarded(guards, write.ops(), write.bytes(), write.layout(), write.presentPages()))) {
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
        return write(metadata, current);
    }

    /** The healer's, the stragglers' and the dedup write's update: one guarded transaction over the record they read. */
    @Override
    public boolean compareAndSet(ObjectMetadata metadata, Stored expected) {
        return write(metadata, Optional.of(expected));
    }

    /** Transactions of up to {@value #MAX_TXN_OPS} gets, all sent at once: a page's candidates cost one round trip, not one per batch. */
    @Override
    public List<Stored> getAll(List<String> keys) {
        List<CompletableFuture<TxnResponse>> txns = new ArrayList<>();
        for (List<String> batch : batches(keys)) {
            txns.add(kv.txn().Then(batch.stream().map(k -> Op.get(bytes(this.keys.object(k)), GetOption.DEFAULT)).toArray(Op[]::new))
                    .commit());
        }
        List<Stored> found = new ArrayList<>(keys.size());
        for (CompletableFuture<TxnResponse> txn : txns) {
            etcd.await(txn, "get " + keys.size() + " records").getGetResponses().forEach(r -> r.getKvs().forEach(k -> found.add(stored(k))));
        }
        return found;
    }

    @Override
    public List<String> indexEntries(String prefix, ScanStart start, int limit) {
        String index = keys.indexPrefix();
        return range(index, prefix, start, limit, true, "scan index " + prefix).stream()
                .map(k -> EtcdConnection.text(k.getKey()).substring(index.length())).toList();
    }

    @Override
    public Set<String> existingIndexEntries(Collection<String> entries) {
        List<CompletableFuture<TxnResponse>> txns = new ArrayList<>();
        for (List<String> batch : batches(List.copyOf(entries))) {
            txns.add(kv.txn().Then(batch.stream().map(e -> Op.get(bytes(keys.indexPrefix() + e),
                    GetOption.builder().withKeysOnly(true).build())).toArray(Op[]::new)).commit());
        }
        Set<String> present = new HashSet<>();
        for (CompletableFuture<TxnResponse> txn : txns) {
            etcd.await(txn, "check " + entries.size() + " index entries").getGetResponses().forEach(r -> r.getKvs().forEach(
                    k -> present.add(EtcdConnection.text(k.getKey()).substring(keys.indexPrefix().length()))));
        }
        return present;
    }

    @Override
    public boolean repairIndex(String key, long expectedRevision, Collection<String> puts, Collection<String> deletes) {
        Cmp guard = new Cmp(bytes(keys.object(key)), Cmp.Op.EQUAL, expectedRevision == 0
                ? CmpTarget.createRevision(0) : CmpTarget.modRevision(expectedRevision));
        List<Op> ops = new ArrayList<>();
        puts.forEach(e -> ops.add(Op.put(bytes(keys.indexPrefix() + e), ByteSequence.EMPTY, PutOption.DEFAULT)));
        deletes.forEach(e -> ops.add(Op.delete(bytes(keys.indexPrefix() + e), DeleteOption.DEFAULT)));
        for (List<Op> batch : batches(ops)) { // each batch guarded alike: a write in between stops the rest
            if (!etcd.await(kv.txn().If(guard).Then(batch.toArray(Op[]::new)).commit(), "repair index of " + key).isSucceeded()) {
                return false;
            }
        }
        return true;
    }

    /** Slices of at most {@value #MAX_TXN_OPS} items: etcd's default limit of operations per transaction. */
    private static <T> List<List<T>> batches(List<T> items) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += MAX_TXN_OPS) {
            batches.add(items.subList(i, Math.min(items.size(), i + MAX_TXN_OPS)));
        }
        return batches;
    }

    @Override
    public List<Stored> scan(String prefix, ScanStart start, int limit) {
        return range(keys.objectsPrefix(), prefix, start, limit, false, "scan objects").stream().map(this::stored).toList();
    }

    /** Up to {@code limit} keys under {@code base + prefix} from {@code start} on, read by {@link NarrowingRange}. */
    private List<KeyValue> range(String base, String prefix, ScanStart start, int limit, boolean keysOnly, String operation) {
        byte[] floor = (base + prefix).getBytes(StandardCharsets.UTF_8);
        return NarrowingRange.read(from(base, prefix, start), floor.length, KeyOrder.prefixEnd(base + prefix), limit,
                (from, end, n) -> etcd.await(kv.get(ByteSequence.from(from), GetOption.builder()
                        .withRange(end.length == 0 ? ByteSequence.from(new byte[] {0}) : ByteSequence.from(end))
                        .withLimit(n).withKeysOnly(keysOnly).build()), operation).getKvs(), kv -> kv.getKey().getBytes());
    }

    /** The first etcd key a range read under {@code base + prefix} reads, from {@code start} on. */
    private static byte[] from(String base, String prefix, ScanStart start) {
        byte[] from = switch (start.kind()) {
            case AT -> (base + start.key()).getBytes(StandardCharsets.UTF_8);
            // "strictly after": the smallest key greater than k is k + NUL.
            case AFTER -> (base + start.key() + '\0').getBytes(StandardCharsets.UTF_8);
            case PAST_PREFIX -> KeyOrder.prefixEnd(base + start.key());
        };
        byte[] lowest = (base + prefix).getBytes(StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(from, lowest) < 0 ? lowest : from;
    }

    @Override
    public List<DirtyMark> dirty(int limit) {
        GetResponse response = etcd.await(kv.get(bytes(keys.dirtyPrefix()),
                GetOption.builder().withRange(prefixEnd(keys.dirtyPrefix())).withLimit(limit).build()), "scan dirty index");
        return response.getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), DirtyMark.class)).toList();
    }

    /**
     * One transaction, guarded on the record still being {@code current} (or still absent): the record,
     * the dirty mark put (state DIRTY) or deleted (any other state), the index entries that turn
     * {@code current}'s into the new record's, and the usage delta when the write changes usage.
     */
    private boolean write(ObjectMetadata metadata, Optional<Stored> current) {
        return commit(metadata, guarded(metadata, current));
    }

    /** Puts {@code write}'s stripe pages, then sends its guarded transaction through the commit coalescer. */
    private boolean commit(ObjectMetadata metadata, Guarded write) {
        boolean putPages = pages.putMissing(metadata.key(), write.layout().pages(), write.presentPages());
        // Sent with the commits of concurrent writes, each nested with its own guards (EtcdCommitCoalescer).
        boolean committed = etcd.await(commits.submit(write.commit(metadata.key())), "commit " + metadata.key() + " at "
                + metadata.version());
        if (!committed && putPages) {
            pages.sweep(metadata.key()); // a retry puts them again; a write that gives up leaves none behind
        }
        return committed;
    }

    /**
     * Each swap as a transaction of its own, guarded by its own revision, handed to the commit
     * coalescer as one ready batch ({@link EtcdCommitCoalescer#submitAll}): it nests them in
     * requests within etcd's limits, all sent at once, so a page of repairs costs one round trip of
     * a few requests instead of one each, and every swap still applies or not by its own guard alone. A swap whose request etcd did
     * not answer fails; one whose request it refused was sent again alone by the coalescer. A paged
     * swap puts its pages first and sweeps them after, as {@code write} does.
     */
    @Override
    public List<SwapResult> compareAndSetAll(List<Swap> swaps) {
        SwapResult[] results = new SwapResult[swaps.size()];
        List<Integer> batched = new ArrayList<>();
        List<EtcdCommitCoalescer.Commit> batch = new ArrayList<>();
        for (int i = 0; i < swaps.size(); i++) {
            ObjectMetadata metadata = swaps.get(i).metadata();
            try {
                Guarded write = guarded(metadata, Optional.of(swaps.get(i).expected()));
                if (write.paged()) { // its pages are put before and swept after its own commit
                    results[i] = SwapResult.of(commit(metadata, write));
                } else {
                    batched.add(i);
                    batch.add(write.commit(metadata.key()));
                }
            } catch (RuntimeException e) {
                results[i] = SwapResult.failed(e); // too many operations, its dirty mark unreadable: this one only
            }
        }
        List<CompletableFuture<Boolean>> sent = commits.submitAll(batch);
        List<CompletableFuture<Boolean>> submitted = new ArrayList<>(java.util.Collections.nCopies(swaps.size(), null));
        for (int j = 0; j < batched.size(); j++) {
            submitted.set(batched.get(j), sent.get(j));
        }
        for (int i = 0; i < swaps.size(); i++) {
            if (submitted.get(i) != null) {
                ObjectMetadata metadata = swaps.get(i).metadata();
                try {
                    results[i] = SwapResult.of(etcd.await(submitted.get(i), "commit " + metadata.key() + " at " + metadata.version()));
                } catch (StoreException e) {
                    results[i] = SwapResult.failed(e);
                }
            }
        }
        return List.of(results);
    }

    /**
     * A record write as its guards and operations; {@code bytes} roughly what it adds to a request;
     * {@code layout} its stripe pages, to put before the commit, and {@code presentPages} the key's pages already stored.
     */
    private record Guarded(Cmp[] guards, List<Op> ops, long bytes, RecordCodec.Layout layout, Set<String> presentPages) {
        boolean paged() {
            return !layout.pages().isEmpty() || !presentPages.isEmpty();
        }

        EtcdCommitCoalescer.Commit commit(String key) {
            return new EtcdCommitCoalescer.Commit(key, guards, ops.toArray(Op[]::new), bytes);
        }
    }

    /** The operations a write of {@code metadata} over {@code current} sends in its transaction (tests count them). */
    int operations(ObjectMetadata metadata, Optional<Stored> current) {
        return guarded(metadata, current).ops().size();
    }

    private Guarded guarded(ObjectMetadata metadata, Optional<Stored> current) {
        ByteSequence objectKey = bytes(keys.object(metadata.key()));
        List<Cmp> guards = new ArrayList<>();
        guards.add(current.map(s -> new Cmp(objectKey, Cmp.Op.EQUAL, CmpTarget.modRevision(s.revision())))
                .orElseGet(() -> new Cmp(objectKey, Cmp.Op.EQUAL, CmpTarget.createRevision(0))));
        RecordCodec.Layout layout = RecordCodec.layout(metadata);
        List<Op> ops = new ArrayList<>();
        ops.add(Op.put(objectKey, ByteSequence.from(layout.record()), PutOption.DEFAULT));
        // Stripe pages (a record of more than RecordCodec.INLINE_STRIPES stripes): put before the commit, which
        // requires them to exist and deletes the ones the key no longer needs. Other writes never list pages.
        Set<String> present = Set.of();
        if (!layout.pages().isEmpty() || current.map(s -> s.metadata().stripes().size() > RecordCodec.INLINE_STRIPES).orElse(false)) {
            present = pages.list(metadata.key());
            Set<String> named = new HashSet<>();
            for (RecordCodec.Page page : layout.pages()) {
                named.add(page.id());
                guards.add(pages.exists(metadata.key(), page.id()));
            }
            // Stale: the replaced record's pages, and any a lost write left (beyond the cap, the next write of the key takes them).
            present.stream().filter(id -> !named.contains(id)).limit(RecordCodec.MAX_PAGES + 8)
                    .forEach(id -> ops.add(pages.delete(metadata.key(), id)));
        }
        if (metadata.state() == ObjectState.DIRTY || current.map(s -> s.metadata().state() == ObjectState.DIRTY).orElse(false)) {
            // A mark exists exactly while its record is DIRTY (the two change in one transaction, and the guard above
            // says the record is still the one read): a write that replaces a record that was not DIRTY, or none, and
            // is not DIRTY itself has no mark to delete. Most of the healer's repairs are such writes: 2 operations.
            ops.add(dirtyOp(metadata));
        }
        long bytes = layout.record().length;
        ObjectMetadata before = current.map(Stored::metadata).orElse(null);
        UsageDelta usage = UsageDelta.between(before, metadata);
        if (writes.usageDeltas() && !usage.isEmpty()) {
            String deltaKey = keys.usageDelta(metadata.version(), current.map(Stored::revision).orElse(0L));
            byte[] delta = ModelJson.toBytes(usage);
            ops.add(Op.put(bytes(deltaKey), ByteSequence.from(delta), PutOption.DEFAULT));
            bytes += delta.length;
        }
        if (writes.indexEntries()) {
            IndexEntries.Change index = IndexEntries.change(before, metadata);
            index.deletes().forEach(e -> ops.add(Op.delete(bytes(keys.indexPrefix() + e), DeleteOption.DEFAULT)));
            index.puts().forEach(e -> ops.add(Op.put(bytes(keys.indexPrefix() + e), ByteSequence.EMPTY, PutOption.DEFAULT)));
        }
        if (ops.size() > MAX_TXN_OPS) { // the caps on tags and indexed fields keep a write well under it
            throw new StoreException(ErrorCode.BAD_REQUEST, metadata.key() + " needs " + ops.size() + " operations in one"
                    + " transaction, more than etcd's " + MAX_TXN_OPS);
        }
        return new Guarded(guards.toArray(Cmp[]::new), ops, bytes + OP_OVERHEAD_BYTES * ops.size(), layout, present);
    }

    private Op dirtyOp(ObjectMetadata metadata) {
        ByteSequence dirtyKey = bytes(keys.dirty(metadata.key()));
        if (metadata.state() != ObjectState.DIRTY) {
            return Op.delete(dirtyKey, DeleteOption.DEFAULT);
        }
        DirtyMark mark = new DirtyMark(metadata.key(), metadata.version(), dirtySince(metadata), reason(metadata));
        return Op.put(dirtyKey, ByteSequence.from(ModelJson.toBytes(mark)), PutOption.DEFAULT);
    }

    /**
     * An object that stays dirty keeps its original "since", so the healer's oldest-first order holds.
     * A mark exists exactly while the record is DIRTY (both change in one transaction), so reading
     * the mark tells it without reading the record; only DIRTY commits pay this read. (Read outside
     * the transaction: a mark that changes in between also changes the record's revision, and the
     * guard then fails this commit.)
     */
    private long dirtySince(ObjectMetadata metadata) {
        GetResponse mark = etcd.await(kv.get(bytes(keys.dirty(metadata.key()))), "get dirty mark " + metadata.key());
        if (!mark.getKvs().isEmpty()) {
            return ModelJson.fromBytes(mark.getKvs().get(0).getValue().getBytes(), DirtyMark.class).sinceMillis();
        }
        return metadata.updatedAt();
    }

    private static String reason(ObjectMetadata metadata) {
        return metadata.failedNodes().isEmpty() ? "dirty" : "failed on " + String.join(",", metadata.failedNodes());
    }

    /** The record a key-value holds; a paged one with its pages, read after it (again, when a write replaced it meanwhile). */
    private Stored stored(KeyValue keyValue) {
        String key = keys.objectKeyOf(EtcdConnection.text(keyValue.getKey()));
        KeyValue read = keyValue;
        for (int attempt = 1; ; attempt++) {
            byte[] value = read.getValue().getBytes(); // a copy each call: once per record (a listing reads 1,000 a page)
            Map<String, byte[]> named = pages.read(key, value);
            if (named != null) {
                return new Stored(RecordCodec.decode(key, value, named), read.getModRevision());
            }
            if (attempt == MAX_PAGE_READS) {
                throw new StoreException(ErrorCode.CONFLICT, "the stripe pages of " + key + " changed on each of " + attempt + " reads");
            }
            List<KeyValue> again = etcd.await(kv.get(bytes(keys.object(key))), "get " + key).getKvs();
            if (again.isEmpty()) {
                throw new StoreException(ErrorCode.CONFLICT, "the record of " + key + " was removed while it was read");
            }
            read = again.get(0);
        }
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
