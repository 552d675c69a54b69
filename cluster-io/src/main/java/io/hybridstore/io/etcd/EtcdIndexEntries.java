package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.ClusterKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The catalogue's index entries under {@link ClusterKeys#indexPrefix} as the compare and the
 * rebuild ({@link io.hybridstore.common.catalogue.IndexAudit}) and the filtered listing see them:
 * a range of entries, which of some entries exist, and a mend guarded on a record's revision. The
 * writes keep them in the record's own transaction ({@link RecordTransactions}).
 */
final class EtcdIndexEntries {

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    private final KeyRanges ranges;

    EtcdIndexEntries(EtcdConnection etcd, KV kv, KeyRanges ranges) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = kv;
        this.ranges = ranges;
    }

    List<String> entries(String prefix, ScanStart start, int limit) {
        String index = keys.indexPrefix();
        return ranges.range(index, prefix, start, limit, true, "scan index " + prefix).stream()
                .map(k -> EtcdConnection.text(k.getKey()).substring(index.length())).toList();
    }

    Set<String> existing(Collection<String> entries) {
        List<CompletableFuture<TxnResponse>> txns = new ArrayList<>();
        for (List<String> batch : EtcdMetadataStore.batches(List.copyOf(entries))) {
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

    boolean repair(String key, long expectedRevision, Collection<String> puts, Collection<String> deletes) {
        Cmp guard = new Cmp(bytes(keys.object(key)), Cmp.Op.EQUAL, expectedRevision == 0
                ? CmpTarget.createRevision(0) : CmpTarget.modRevision(expectedRevision));
        List<Op> ops = new ArrayList<>();
        puts.forEach(e -> ops.add(Op.put(bytes(keys.indexPrefix() + e), ByteSequence.EMPTY, PutOption.DEFAULT)));
        deletes.forEach(e -> ops.add(Op.delete(bytes(keys.indexPrefix() + e), DeleteOption.DEFAULT)));
        for (List<Op> batch : EtcdMetadataStore.batches(ops)) { // each batch guarded alike: a write in between stops the rest
            if (!etcd.await(kv.txn().If(guard).Then(batch.toArray(Op[]::new)).commit(), "repair index of " + key).isSucceeded()) {
                return false;
            }
        }
        return true;
    }
}
