package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.spi.MetadataStore.Stored;
import io.hybridstore.common.spi.MetadataStore.Swap;
import io.hybridstore.common.spi.MetadataStore.SwapResult;
import io.hybridstore.common.usage.UsageCodec;
import io.hybridstore.common.usage.UsageDelta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * A record write as one etcd transaction, guarded on the record still being the one it replaces
 * (or still absent): the record, its dirty mark, the index entries that turn the old record's into
 * the new one's, the usage delta, and the stripe pages it stops naming, all or nothing. The write
 * side of {@link EtcdMetadataStore}; the version checks and retries are there.
 */
final class RecordTransactions {

    private static final Logger LOG = Logger.getLogger(RecordTransactions.class);
    /** A batch of swaps slower than this is logged with its split ({@link #logIfSlow}). */
    private static final long SLOW_SWAP_ALL_NANOS = 500_000_000L;

    /** What each operation adds beyond its value (its key, framing), for {@link EtcdCommitCoalescer#MAX_BYTES}. */
    private static final long OP_OVERHEAD_BYTES = 256;

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    private final EtcdCommitCoalescer commits;
    private final EtcdStripePages pages;
    private final EtcdMetadataStore.Writes writes;

    RecordTransactions(EtcdConnection etcd, KV kv, EtcdCommitCoalescer commits, EtcdStripePages pages, EtcdMetadataStore.Writes writes) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = kv;
        this.commits = commits;
        this.pages = pages;
        this.writes = writes;
    }

    /**
     * One transaction, guarded on the record still being {@code current} (or still absent): the record,
     * the dirty mark put (state DIRTY) or deleted (the record it replaces was DIRTY), the index entries that turn
     * {@code current}'s into the new record's, and the usage delta when the write changes usage.
     */
    boolean write(ObjectMetadata metadata, Optional<Stored> current) {
        return commit(metadata, guarded(metadata, current));
    }

    /** Puts {@code write}'s stripe pages, then sends its guarded transaction through the commit coalescer. */
    boolean commit(ObjectMetadata metadata, Guarded write) {
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
     * swap puts its pages first and sweeps them after, as {@link #write} does.
     */
    List<SwapResult> swapAll(List<Swap> swaps) {
        long start = System.nanoTime();
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
        EtcdCommitCoalescer.Handed handed = commits.submitAll(batch);
        List<CompletableFuture<Boolean>> sent = handed.answers();
        long handedOver = System.nanoTime();
        // One bound for the whole page, from the hand-over: its requests may wait their turn behind
        // other pages' before each is bounded by the request timeout (EtcdCommitCoalescer.Handed).
        long deadline = handedOver + handed.bound().toNanos();
        List<CompletableFuture<Boolean>> submitted = new ArrayList<>(Collections.nCopies(swaps.size(), null));
        for (int j = 0; j < batched.size(); j++) {
            submitted.set(batched.get(j), sent.get(j));
        }
        for (int i = 0; i < swaps.size(); i++) {
            if (submitted.get(i) != null) {
                ObjectMetadata metadata = swaps.get(i).metadata();
                try {
                    Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0));
                    results[i] = SwapResult.of(etcd.await(submitted.get(i), "commit " + metadata.key() + " at " + metadata.version(), left));
                } catch (StoreException e) {
                    results[i] = SwapResult.failed(e);
                }
            }
        }
        logIfSlow(swaps.size(), start, handedOver, System.nanoTime());
        return List.of(results);
    }

    /**
     * A slow batch of swaps (the healer's page commit) with its split: building the transactions and
     * handing them to the coalescer, which sends them (the records' bytes, their usage deltas and index
     * changes, jetcd's requests) against waiting for etcd's answers. Why: the healer's first pages after
     * a node's loss committed in 0.5-4.8 s where later pages took 0.04-1.1 (docs/benchmarks.md, sessions 26-27).
     */
    private static void logIfSlow(int swaps, long start, long handedOver, long end) {
        if (end - start >= SLOW_SWAP_ALL_NANOS) {
            LOG.infof("etcd: commit of %d records in %d ms: %d building and sending the transactions, %d waiting for etcd's answers",
                    swaps, (end - start) / 1_000_000, (handedOver - start) / 1_000_000, (end - handedOver) / 1_000_000);
        }
    }

    /**
     * A record write as its guards and operations; {@code bytes} roughly what it adds to a request;
     * {@code layout} its stripe pages, to put before the commit, and {@code presentPages} the key's pages already stored.
     */
    record Guarded(Cmp[] guards, List<Op> ops, long bytes, RecordCodec.Layout layout, Set<String> presentPages) {
        boolean paged() {
            return !layout.pages().isEmpty() || !presentPages.isEmpty();
        }

        EtcdCommitCoalescer.Commit commit(String key) {
            return new EtcdCommitCoalescer.Commit(key, guards, ops.toArray(Op[]::new), bytes);
        }
    }

    Guarded guarded(ObjectMetadata metadata, Optional<Stored> current) {
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
            byte[] delta = UsageCodec.encode(usage);
            ops.add(Op.put(bytes(deltaKey), ByteSequence.from(delta), PutOption.DEFAULT));
            bytes += delta.length;
        }
        if (writes.indexEntries()) {
            IndexEntries.Change index = IndexEntries.change(before, metadata);
            index.deletes().forEach(e -> ops.add(Op.delete(bytes(keys.indexPrefix() + e), DeleteOption.DEFAULT)));
            index.puts().forEach(e -> ops.add(Op.put(bytes(keys.indexPrefix() + e), ByteSequence.EMPTY, PutOption.DEFAULT)));
        }
        if (ops.size() > EtcdMetadataStore.MAX_TXN_OPS) { // the caps on tags and indexed fields keep a write well under it
            throw new StoreException(ErrorCode.BAD_REQUEST, metadata.key() + " needs " + ops.size() + " operations in one"
                    + " transaction, more than etcd's " + EtcdMetadataStore.MAX_TXN_OPS);
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
     * An object that stays dirty keeps its original "since", so the healer's oldest-first order holds;
     * one that becomes dirty is dirty since this commit (not since its record's {@code updatedAt}, the
     * object's modification time, which a repair or a damage report leaves as it was).
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
        return System.currentTimeMillis();
    }

    private static String reason(ObjectMetadata metadata) {
        return metadata.failedNodes().isEmpty() ? "dirty" : "failed on " + String.join(",", metadata.failedNodes());
    }
}
