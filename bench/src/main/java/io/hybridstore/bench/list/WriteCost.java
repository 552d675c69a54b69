package io.hybridstore.bench.list;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.io.etcd.EtcdConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What the index entries add to a write's metadata commit: the same first-write transaction
 * (record put, dirty mark delete) with and without the record's index puts, one client, run
 * alternately so both see the same machine. A proxy for the write path's cost, whose other steps
 * (WAL append, node writes, the read before the commit) the indexes do not touch.
 */
final class WriteCost {

    private WriteCost() {
    }

    static String measure(EtcdConnection etcd, int rounds) {
        Histogram without = new Histogram(60_000_000L, 3);
        Histogram with = new Histogram(60_000_000L, 3);
        for (int i = 0; i < rounds; i++) {
            ObjectMetadata record = BenchData.record(i);
            ObjectMetadata plain = new ObjectMetadata("wc-plain/" + record.key(), record.version(), record.state(), record.fieldOrder(),
                    record.hot(), record.cold(), record.pendingNodes(), record.failedNodes(), record.createdAt(), record.updatedAt(),
                    record.blob(), record.stripes(), record.labels(), record.indexedFields());
            ObjectMetadata indexed = new ObjectMetadata("wc-indexed/" + record.key(), record.version(), record.state(),
                    record.fieldOrder(), record.hot(), record.cold(), record.pendingNodes(), record.failedNodes(), record.createdAt(),
                    record.updatedAt(), record.blob(), record.stripes(), record.labels(), record.indexedFields());
            without.recordValue(commit(etcd, plain, false));
            with.recordValue(commit(etcd, indexed, true));
        }
        return String.format(Locale.ROOT, "| commit txn without index entries | %.2f | %.2f | %.2f |%n"
                        + "| commit txn with index entries (%d puts) | %.2f | %.2f | %.2f |",
                without.getValueAtPercentile(50) / 1000.0, without.getMean() / 1000.0, without.getValueAtPercentile(99) / 1000.0,
                IndexEntries.of(BenchData.record(1)).size(),
                with.getValueAtPercentile(50) / 1000.0, with.getMean() / 1000.0, with.getValueAtPercentile(99) / 1000.0);
    }

    private static long commit(EtcdConnection etcd, ObjectMetadata record, boolean indexes) {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.put(EtcdConnection.bytes(etcd.keys().object(record.key())), ByteSequence.from(RecordCodec.encode(record)),
                PutOption.DEFAULT));
        ops.add(Op.delete(EtcdConnection.bytes(etcd.keys().dirty(record.key())), DeleteOption.DEFAULT));
        if (indexes) {
            for (String entry : IndexEntries.change(null, record).puts()) {
                ops.add(Op.put(EtcdConnection.bytes(etcd.keys().indexPrefix() + entry), ByteSequence.EMPTY, PutOption.DEFAULT));
            }
        }
        long start = System.nanoTime();
        etcd.await(etcd.client().getKVClient().txn().Then(ops.toArray(Op[]::new)).commit(), "write cost");
        return (System.nanoTime() - start) / 1000;
    }
}
