package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.usage.UsageCodec;
import io.hybridstore.common.usage.UsageCounts;
import io.hybridstore.common.usage.UsageDelta;
import io.hybridstore.common.usage.UsageRecount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A recount of the usage counters under a prefix ({@link EtcdUsageStore#recount}): the records
 * themselves against the counters as a report sees them, at one revision, the difference written as
 * correction deltas that the folders fold like any write's.
 */
final class EtcdUsageRecount {

    /** Records a recount reads per range. */
    private static final int SCAN_PAGE = 1000;

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;

    EtcdUsageRecount(EtcdConnection etcd) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
    }

    /**
     * One snapshot (the recount marker, the totals under the prefix, every unfolded delta) fixes the
     * revision; the records are read at that same revision, a page at a time; the corrections go in
     * transactions of up to {@value EtcdUsageStore#MAX_TXN_OPS} operations, each guarded on the recount marker
     * being where this recount last left it, so two recounts never both correct the same counters.
     * The records must still be at that revision when read: a compaction past it during a long scan
     * fails the recount (etcd's "required revision has been compacted"), which is then run again.
     */
    UsageRecount.Result run(String prefix) {
        UsageRecount recount = new UsageRecount(prefix);
        String totalsBase = keys.usageTotals("");
        TxnResponse snapshot = etcd.await(kv.txn().Then(
                Op.get(bytes(keys.usageRecount()), GetOption.DEFAULT),
                Op.get(bytes(totalsBase + prefix), EtcdUsageStore.rangeOf(totalsBase + prefix)),
                Op.get(bytes(keys.usageDeltasPrefix()), EtcdUsageStore.rangeOf(keys.usageDeltasPrefix()))).commit(), "read usage of " + prefix);
        long revision = snapshot.getHeader().getRevision();
        List<KeyValue> marker = snapshot.getGetResponses().get(0).getKvs();
        List<KeyValue> storedTotals = snapshot.getGetResponses().get(1).getKvs();
        List<KeyValue> unfoldedEntries = snapshot.getGetResponses().get(2).getKvs();
        if (Stream.concat(storedTotals.stream(), unfoldedEntries.stream())
                .anyMatch(e -> !UsageCodec.knowsFormat(e.getValue().getBytes()))) {
            // What this version cannot read it cannot correct, and a newer version's fold would count it besides.
            throw new StoreException(ErrorCode.CONFLICT, "usage counters in a format this version cannot read (a newer version's):"
                    + " run the recount on an upgraded gateway");
        }
        // A damaged total or delta counts as absent: the correction then makes up all of it, and the fold sets it aside.
        Map<String, UsageCounts> totals = new HashMap<>();
        for (KeyValue total : storedTotals) {
            UsageCounts stored = StoredUsageValues.readOrNull(total, StoredUsageValues::counts);
            if (stored != null) {
                totals.put(EtcdConnection.text(total.getKey()).substring(totalsBase.length()), stored);
            }
        }
        List<UsageDelta> unfolded = StoredUsageValues.readable(unfoldedEntries);
        long records = scanAt(revision, prefix, recount);
        List<UsageDelta> corrections = recount.corrections(recount.stored(totals, unfolded));
        long fence = marker.isEmpty() ? 0 : marker.get(0).getModRevision();
        ByteSequence markerKey = bytes(keys.usageRecount());
        for (int from = 0; from < corrections.size() || from == 0; from += EtcdUsageStore.MAX_TXN_OPS - 1) {
            Cmp unchanged = fence == 0 ? new Cmp(markerKey, Cmp.Op.EQUAL, CmpTarget.createRevision(0))
                    : new Cmp(markerKey, Cmp.Op.EQUAL, CmpTarget.modRevision(fence));
            List<Op> ops = new ArrayList<>();
            ops.add(Op.put(markerKey, ByteSequence.from(Long.toString(revision), java.nio.charset.StandardCharsets.UTF_8), PutOption.DEFAULT));
            for (int i = from; i < Math.min(corrections.size(), from + EtcdUsageStore.MAX_TXN_OPS - 1); i++) {
                ops.add(Op.put(bytes(keys.usageCorrection(revision, i)), ByteSequence.from(UsageCodec.encode(corrections.get(i))),
                        PutOption.DEFAULT));
            }
            TxnResponse written = etcd.await(kv.txn().If(unchanged).Then(ops.toArray(Op[]::new)).commit(), "write usage corrections");
            if (!written.isSucceeded()) {
                throw new StoreException(ErrorCode.CONFLICT, "another recount of the usage counters ran meanwhile; "
                        + (from == 0 ? "nothing was written" : from + " of " + corrections.size() + " corrections were written") + ": run it again");
            }
            fence = written.getHeader().getRevision();
        }
        return new UsageRecount.Result(prefix, revision, records, corrections);
    }

    /** Adds every record under {@code prefix} as it was at {@code revision} to the recount; returns how many. */
    private long scanAt(long revision, String prefix, UsageRecount recount) {
        String base = keys.objectsPrefix();
        byte[] floor = (base + prefix).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] end = KeyOrder.prefixEnd(base + prefix);
        byte[] from = floor;
        while (true) {
            List<KeyValue> page = NarrowingRange.read(from, floor.length, end, SCAN_PAGE,
                    (start, rangeEnd, n) -> etcd.await(kv.get(ByteSequence.from(start), GetOption.builder()
                            .withRange(rangeEnd.length == 0 ? ByteSequence.from(new byte[] {0}) : ByteSequence.from(rangeEnd))
                            .withLimit(n).withRevision(revision).build()), "recount records of " + prefix).getKvs(),
                    kv -> kv.getKey().getBytes());
            for (KeyValue record : page) {
                String key = keys.objectKeyOf(EtcdConnection.text(record.getKey()));
                recount.add(RecordCodec.decode(key, record.getValue().getBytes()));
            }
            if (page.size() < SCAN_PAGE) {
                return recount.records();
            }
            byte[] last = page.get(page.size() - 1).getKey().getBytes();
            from = java.util.Arrays.copyOf(last, last.length + 1); // the smallest key after it
        }
    }
}
