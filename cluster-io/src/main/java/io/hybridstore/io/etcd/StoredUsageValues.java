package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.usage.UsageCodec;
import io.hybridstore.common.usage.UsageCounts;
import io.hybridstore.common.usage.UsageDelta;
import io.hybridstore.common.usage.UsageFold;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The usage values {@link EtcdUsageStore} reads from etcd (deltas, totals, reference counts, by
 * {@link UsageCodec}), and what becomes of one that does not read: the fold sets it aside, the
 * other readers leave it out.
 */
final class StoredUsageValues {

    private static final Logger LOG = Logger.getLogger(StoredUsageValues.class);

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;

    StoredUsageValues(EtcdConnection etcd) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
    }

    /**
     * What {@code entry} holds, or null when its bytes are damaged (a format this version knows, which
     * does not read): then it is moved under {@code usage/unreadable/}, guarded on it being unchanged,
     * and reads as absent, so one damaged value does not stop every fold after it. The counters miss
     * what it held until a recount, which counts the records themselves against the totals and the
     * readable deltas ({@code hybridstore report --recount}); a damaged reference count restarts at
     * the next reference, and the dedup saving misses its earlier ones. A value in a format this
     * version does not know fails the fold (CORRUPT): a newer version's gateway folds it.
     */
    <T> T readOrSetAside(KeyValue entry, Function<KeyValue, T> read) {
        try {
            return read.apply(entry);
        } catch (StoreException e) {
            if (e.code() != ErrorCode.CORRUPT || !UsageCodec.knowsFormat(entry.getValue().getBytes())) {
                throw e;
            }
            String key = EtcdConnection.text(entry.getKey());
            String aside = keys.usageUnreadable(key);
            TxnResponse moved = etcd.await(kv.txn().If(new Cmp(entry.getKey(), Cmp.Op.EQUAL, CmpTarget.modRevision(entry.getModRevision())))
                    .Then(Op.put(bytes(aside), entry.getValue(), PutOption.DEFAULT), Op.delete(entry.getKey(), DeleteOption.DEFAULT))
                    .commit(), "set aside " + key);
            if (moved.isSucceeded()) {
                LOG.errorf("usage: %s; moved to %s. The usage counters miss what it held until a recount (hybridstore report --recount)",
                        e.getMessage(), aside);
            }
            return null;
        }
    }

    /** The deltas of {@code entries} that can be read: a report leaves out what the fold sets aside or leaves to a newer version. */
    static List<UsageDelta> readable(List<KeyValue> entries) {
        List<UsageDelta> deltas = new ArrayList<>(entries.size());
        for (KeyValue entry : entries) {
            UsageDelta delta = readOrNull(entry, StoredUsageValues::delta);
            if (delta != null) {
                deltas.add(delta);
            }
        }
        return deltas;
    }

    /** What {@code entry} holds, or null when it cannot be read (CORRUPT), for the readers that leave such values to the fold. */
    static <T> T readOrNull(KeyValue entry, Function<KeyValue, T> read) {
        try {
            return read.apply(entry);
        } catch (StoreException e) {
            if (e.code() != ErrorCode.CORRUPT) {
                throw e;
            }
            return null;
        }
    }

    static UsageCounts counts(KeyValue entry) {
        return UsageCodec.counts(entry.getValue().getBytes(), EtcdConnection.text(entry.getKey()));
    }

    static UsageFold.References refs(KeyValue entry) {
        return UsageCodec.references(entry.getValue().getBytes(), EtcdConnection.text(entry.getKey()));
    }

    static UsageDelta delta(KeyValue entry) {
        return UsageCodec.delta(entry.getValue().getBytes(), EtcdConnection.text(entry.getKey()));
    }
}
