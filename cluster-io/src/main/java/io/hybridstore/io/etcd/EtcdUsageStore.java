package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.spi.UsageStore;
import io.hybridstore.common.usage.ContentRef;
import io.hybridstore.common.usage.UsageCodec;
import io.hybridstore.common.usage.UsageCounts;
import io.hybridstore.common.usage.UsageDelta;
import io.hybridstore.common.usage.UsageFold;
import io.hybridstore.common.usage.UsagePrefixes;
import io.hybridstore.common.usage.UsageRecount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * {@link UsageStore} on etcd, over the keys {@link ClusterKeys} lists under {@code usage/}. The deltas
 * are written by {@link EtcdMetadataStore} with each record; this reads and folds them.
 *
 * <p>A fold is one transaction guarded on the fold marker's mod revision: whoever read the totals
 * and reference counts last folds, a concurrent folder's guard fails, and the deltas it read are
 * deleted in the same transaction that counts them, so each is counted once. It stays within etcd's
 * default {@value #MAX_TXN_OPS} operations per transaction (one marker, the touched totals and
 * references, one delete per delta); its values are a few hundred bytes each, far below the 1.5 MiB
 * request limit.
 */
public final class EtcdUsageStore implements UsageStore {

    /** etcd's {@code --max-txn-ops} default. */
    static final int MAX_TXN_OPS = 128;
    private static final Logger LOG = Logger.getLogger(EtcdUsageStore.class);

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    /** Where the next fold's read starts in each WAL partition; folds take turns on it. */
    private final DeltaCursor cursor;
    private final ReentrantLock folding = new ReentrantLock();
    private final StoredUsageValues values;

    public EtcdUsageStore(EtcdConnection etcd) {
        this(etcd, System::nanoTime);
    }

    /** @param nanos the clock of the full reads ({@link DeltaCursor#FULL_EVERY}) */
    EtcdUsageStore(EtcdConnection etcd, LongSupplier nanos) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
        this.cursor = new DeltaCursor(keys.usageDeltasPrefix(), nanos);
        this.values = new StoredUsageValues(etcd);
    }

    /** The prefix's totals and every unfolded delta in one snapshot, the references of their contents at the same revision. */
    @Override
    public UsageCounts usage(String prefix) {
        TxnResponse snapshot = etcd.await(kv.txn().Then(
                Op.get(bytes(keys.usageTotals(prefix)), GetOption.DEFAULT),
                Op.get(bytes(keys.usageDeltasPrefix()), rangeOf(keys.usageDeltasPrefix()))).commit(), "read usage of " + prefix);
        Map<String, UsageCounts> totals = new HashMap<>();
        snapshot.getGetResponses().get(0).getKvs().forEach(kv -> totals.put(prefix, StoredUsageValues.counts(kv)));
        List<UsageDelta> deltas = StoredUsageValues.readable(snapshot.getGetResponses().get(1).getKvs());
        // Dedup savings are kept for the root only; other prefixes need no reference counts.
        Map<String, UsageFold.References> references = prefix.isEmpty()
                ? references(contentsOf(deltas), snapshot.getHeader().getRevision()) : Map.of();
        return new UsageFold(totals, references).add(deltas).totals().getOrDefault(prefix, UsageCounts.ZERO);
    }

    /**
     * One read of up to {@code limit} of the oldest deltas (those {@link DeltaCursor} says may still be
     * there), then folded in as many transactions as etcd's operation limit needs, each guarded on the
     * fold marker as the previous one left it. Why one read, not one per transaction: etcd walks every
     * deleted delta in a range it reads (session 23, h27-etcd: a fifth of etcd's CPU under 32 writers
     * when every transaction of ~40 deltas read its own), and why the cursor: the same walk, once per
     * fold (session 29). The chain is exactly that many folds: folds alone write the totals and
     * reference counts and delete deltas, so while the marker is still the one this folder wrote, what
     * it read is still there and still unfolded; a concurrent folder's transaction moves the marker and
     * ends the chain at its next guard. Any subset of the deltas may be folded: which ones a read
     * skips changes when they are counted into the totals, never the figures a report gives.
     */
    @Override
    public int fold(int limit) {
        folding.lock();
        try {
            return foldOnce(limit);
        } finally {
            folding.unlock();
        }
    }

    private int foldOnce(int limit) {
        List<Op> reads = new ArrayList<>();
        reads.add(Op.get(bytes(keys.usageFold()), GetOption.DEFAULT));
        for (DeltaCursor.KeyRange range : cursor.next()) {
            reads.add(Op.get(bytes(range.from()), GetOption.builder().withRange(bytes(range.to())).withLimit(limit).build()));
        }
        TxnResponse snapshot = etcd.await(kv.txn().Then(reads.toArray(Op[]::new)).commit(), "read usage deltas");
        List<KeyValue> marker = snapshot.getGetResponses().get(0).getKvs();
        List<KeyValue> waiting = new ArrayList<>();
        for (int i = 1; i < snapshot.getGetResponses().size() && waiting.size() < limit; i++) {
            List<KeyValue> found = snapshot.getGetResponses().get(i).getKvs();
            waiting.addAll(found.subList(0, Math.min(found.size(), limit - waiting.size())));
        }
        long markerRevision = marker.isEmpty() ? 0 : marker.get(0).getModRevision();
        List<Waiting> parsed = new ArrayList<>(waiting.size()); // each delta read once per fold
        int newer = 0;
        for (KeyValue entry : waiting) {
            if (!UsageCodec.knowsFormat(entry.getValue().getBytes())) {
                newer++; // left for a folder of the version that wrote it (a rolling upgrade)
                continue;
            }
            UsageDelta delta = values.readOrSetAside(entry, StoredUsageValues::delta);
            if (delta != null) {
                parsed.add(new Waiting(entry, delta));
            }
        }
        if (newer > 0) {
            LOG.warnf("usage: %d deltas are in a format this version cannot read, left for a newer version's gateway to fold;"
                    + " reports leave them out until then", newer);
        }
        int folded = 0;
        while (folded < parsed.size()) {
            Transaction next = nextTransaction(parsed.subList(folded, parsed.size()));
            if (next.batch().isEmpty()) {
                break;
            }
            long revision = foldInOneTransaction(next, markerRevision);
            if (revision == 0) {
                break; // another folder's transaction came first: it folds the rest
            }
            cursor.folded(next.batch().stream().map(w -> EtcdConnection.text(w.entry().getKey())).toList());
            folded += next.batch().size();
            markerRevision = revision;
        }
        return folded;
    }

    /** A delta read for a fold: its etcd entry (key, to delete) and what it says. */
    private record Waiting(KeyValue entry, UsageDelta delta) {
    }

    /** The deltas one transaction folds, and the totals and references they touch. */
    private record Transaction(List<Waiting> batch, Set<String> prefixes, Set<String> contents) {
    }

    /** The oldest of {@code waiting} that one transaction can fold within etcd's operation limit. */
    private static Transaction nextTransaction(List<Waiting> waiting) {
        List<Waiting> batch = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        Set<String> contents = new LinkedHashSet<>();
        for (Waiting w : waiting) {
            List<String> newPrefixes = new ArrayList<>(2);
            for (String prefix : UsagePrefixes.of(w.delta().key())) {
                if (!prefixes.contains(prefix) && !newPrefixes.contains(prefix)) {
                    newPrefixes.add(prefix);
                }
            }
            List<String> newContents = new ArrayList<>(2);
            for (ContentRef ref : w.delta().refs()) {
                if (!contents.contains(ref.content()) && !newContents.contains(ref.content())) {
                    newContents.add(ref.content());
                }
            }
            // the marker, the totals, the references, one delete per delta
            if (1 + prefixes.size() + newPrefixes.size() + contents.size() + newContents.size() + batch.size() + 1 > MAX_TXN_OPS) {
                break;
            }
            batch.add(w);
            prefixes.addAll(newPrefixes);
            contents.addAll(newContents);
        }
        return new Transaction(batch, prefixes, contents);
    }

    /**
     * Folds {@code next} if the fold marker is still at {@code markerRevision} (0: no fold yet):
     * the marker's new mod revision, or 0 when another folder moved it first.
     */
    private long foldInOneTransaction(Transaction next, long markerRevision) {
        List<KeyValue> batch = next.batch().stream().map(Waiting::entry).toList();
        List<UsageDelta> deltas = next.batch().stream().map(Waiting::delta).toList();
        UsageFold fold = current(next.prefixes(), next.contents()).add(deltas);
        ByteSequence markerKey = bytes(keys.usageFold());
        Cmp unchanged = markerRevision == 0 ? new Cmp(markerKey, Cmp.Op.EQUAL, CmpTarget.createRevision(0))
                : new Cmp(markerKey, Cmp.Op.EQUAL, CmpTarget.modRevision(markerRevision));
        List<Op> ops = new ArrayList<>();
        ops.add(Op.put(markerKey, ByteSequence.from(EtcdConnection.text(batch.getLast().getKey()), java.nio.charset.StandardCharsets.UTF_8),
                PutOption.DEFAULT));
        fold.totals().forEach((prefix, counts) -> ops.add(counts.isZero()
                ? Op.delete(bytes(keys.usageTotals(prefix)), DeleteOption.DEFAULT)
                : Op.put(bytes(keys.usageTotals(prefix)), ByteSequence.from(UsageCodec.encode(counts)), PutOption.DEFAULT)));
        fold.references().forEach((content, refs) -> ops.add(refs.count() == 0
                ? Op.delete(bytes(keys.usageRefs(content)), DeleteOption.DEFAULT)
                : Op.put(bytes(keys.usageRefs(content)), ByteSequence.from(UsageCodec.encode(refs)), PutOption.DEFAULT)));
        batch.forEach(entry -> ops.add(Op.delete(entry.getKey(), DeleteOption.DEFAULT)));
        TxnResponse folded = etcd.await(kv.txn().If(unchanged).Then(ops.toArray(Op[]::new)).commit(), "fold " + batch.size() + " usage deltas");
        // The marker was put in this transaction: its mod revision is the transaction's revision.
        return folded.isSucceeded() ? folded.getHeader().getRevision() : 0;
    }

    /** {@link EtcdUsageRecount}: the records under the prefix against its counters, the difference written as corrections. */
    @Override
    public UsageRecount.Result recount(String prefix) {
        return new EtcdUsageRecount(etcd).run(prefix);
    }

    /**
     * The totals of {@code prefixes} and the reference counts of {@code contents} as they are now, in
     * one request: a transaction's prefixes and contents fit one (its own operations do), and a fold
     * then costs etcd two requests, not three.
     */
    private UsageFold current(Set<String> prefixes, Set<String> contents) {
        List<String> prefixList = List.copyOf(prefixes);
        List<String> contentList = List.copyOf(contents);
        List<String> etcdKeys = new ArrayList<>(prefixList.size() + contentList.size());
        prefixList.forEach(prefix -> etcdKeys.add(keys.usageTotals(prefix)));
        contentList.forEach(content -> etcdKeys.add(keys.usageRefs(content)));
        List<List<KeyValue>> found = getAll(etcdKeys, 0);
        Map<String, UsageCounts> totals = new HashMap<>();
        for (int i = 0; i < prefixList.size(); i++) {
            UsageCounts stored = found.get(i).isEmpty() ? null : values.readOrSetAside(found.get(i).get(0), StoredUsageValues::counts);
            if (stored != null) {
                totals.put(prefixList.get(i), stored);
            }
        }
        Map<String, UsageFold.References> references = new HashMap<>();
        for (int i = 0; i < contentList.size(); i++) {
            List<KeyValue> ref = found.get(prefixList.size() + i);
            UsageFold.References stored = ref.isEmpty() ? null : values.readOrSetAside(ref.get(0), StoredUsageValues::refs);
            if (stored != null) {
                references.put(contentList.get(i), stored);
            }
        }
        return new UsageFold(totals, references);
    }

    /** Reference counts of {@code contents}, at {@code revision} (0 = latest). */
    private Map<String, UsageFold.References> references(Set<String> contents, long revision) {
        Map<String, UsageFold.References> references = new HashMap<>();
        List<String> list = List.copyOf(contents);
        List<List<KeyValue>> found = getAll(list.stream().map(keys::usageRefs).toList(), revision);
        for (int i = 0; i < list.size(); i++) {
            if (!found.get(i).isEmpty()) {
                references.put(list.get(i), StoredUsageValues.refs(found.get(i).get(0)));
            }
        }
        return references;
    }

    /** Several keys read in as few transactions as etcd's op limit allows. */
    private List<List<KeyValue>> getAll(List<String> etcdKeys, long revision) {
        List<List<KeyValue>> values = new ArrayList<>(etcdKeys.size());
        GetOption option = revision > 0 ? GetOption.builder().withRevision(revision).build() : GetOption.DEFAULT;
        for (int from = 0; from < etcdKeys.size(); from += MAX_TXN_OPS) {
            List<String> slice = etcdKeys.subList(from, Math.min(etcdKeys.size(), from + MAX_TXN_OPS));
            TxnResponse response = etcd.await(kv.txn().Then(slice.stream().map(k -> Op.get(bytes(k), option)).toArray(Op[]::new)).commit(),
                    "read " + slice.size() + " usage keys");
            response.getGetResponses().forEach(r -> values.add(r.getKvs()));
        }
        return values;
    }

    private static Set<String> contentsOf(List<UsageDelta> deltas) {
        Set<String> contents = new LinkedHashSet<>();
        deltas.forEach(d -> d.refs().stream().map(ContentRef::content).forEach(contents::add));
        return contents;
    }

    static GetOption rangeOf(String prefix) {
        return GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).build();
    }
}
