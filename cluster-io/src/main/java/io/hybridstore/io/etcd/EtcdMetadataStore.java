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
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.usage.UsageDelta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link MetadataStore} on etcd. Records are {@link RecordCodec} bytes under {@link ClusterKeys#object} (older
 * JSON records are read too, and rewritten compact when next written);
 * the dirty mark under {@link ClusterKeys#dirty} is put or deleted in the same transaction as the
 * record, guarded by the record's mod revision, so the index never disagrees with the records.
 *
 * <p>{@link #commitIfNewer} compares versions in Java (they are JSON inside the value, which etcd
 * cannot compare), so it is a compare-and-swap loop: read, decide, write "if the mod revision is
 * still what I read" (or "if the key still does not exist"). A lost race re-reads; after
 * {@value #MAX_ATTEMPTS} lost races in a row the key is too contended and the caller gets CONFLICT
 * (retryable).
 */
public final class EtcdMetadataStore implements MetadataStore {

    static final int MAX_ATTEMPTS = 16;

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;

    public EtcdMetadataStore(EtcdConnection etcd) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
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

    /** An update guarded on a revision alone: one read (the usage delta needs the old record), one guarded transaction. */
    @Override
    public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
        // The usage delta needs the record being replaced; a record already past the expected revision
        // would fail the guard anyway.
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

    @Override
    public List<Stored> scan(String prefix, ScanStart start, int limit) {
        String objects = keys.objectsPrefix();
        byte[] from = switch (start.kind()) {
            case AT -> (objects + start.key()).getBytes(StandardCharsets.UTF_8);
            // "strictly after": the smallest key greater than k is k + NUL.
            case AFTER -> (objects + start.key() + '\0').getBytes(StandardCharsets.UTF_8);
            case PAST_PREFIX -> KeyOrder.prefixEnd(objects + start.key());
        };
        byte[] lowest = (objects + prefix).getBytes(StandardCharsets.UTF_8);
        if (Arrays.compareUnsigned(from, lowest) < 0) {
            from = lowest;
        }
        GetResponse response = etcd.await(kv.get(ByteSequence.from(from),
                GetOption.builder().withRange(prefixEnd(objects + prefix)).withLimit(limit).build()), "scan objects");
        return response.getKvs().stream().map(this::stored).toList();
    }

    @Override
    public List<DirtyMark> dirty(int limit) {
        GetResponse response = etcd.await(kv.get(bytes(keys.dirtyPrefix()),
                GetOption.builder().withRange(prefixEnd(keys.dirtyPrefix())).withLimit(limit).build()), "scan dirty index");
        return response.getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), DirtyMark.class)).toList();
    }

    /**
     * One transaction, guarded on the record still being {@code current} (or still absent): the record,
     * the dirty mark put (state DIRTY) or deleted (any other state), and the usage delta when the write
     * changes usage.
     */
    private boolean write(ObjectMetadata metadata, Optional<Stored> current) {
        ByteSequence objectKey = bytes(keys.object(metadata.key()));
        Cmp guard = current.map(s -> new Cmp(objectKey, Cmp.Op.EQUAL, CmpTarget.modRevision(s.revision())))
                .orElseGet(() -> new Cmp(objectKey, Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
        List<Op> ops = new ArrayList<>(3);
        ops.add(Op.put(objectKey, ByteSequence.from(RecordCodec.encode(metadata)), PutOption.DEFAULT));
        ops.add(dirtyOp(metadata));
        UsageDelta usage = UsageDelta.between(current.map(s -> s.metadata()).orElse(null), metadata);
        if (!usage.isEmpty()) {
            String deltaKey = keys.usageDelta(metadata.version(), current.map(Stored::revision).orElse(0L));
            ops.add(Op.put(bytes(deltaKey), ByteSequence.from(ModelJson.toBytes(usage)), PutOption.DEFAULT));
        }
        TxnResponse response = etcd.await(kv.txn().If(guard).Then(ops.toArray(Op[]::new)).commit(),
                "commit " + metadata.key() + " at " + metadata.version());
        return response.isSucceeded();
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

    private Stored stored(KeyValue keyValue) {
        String key = keys.objectKeyOf(EtcdConnection.text(keyValue.getKey()));
        return new Stored(RecordCodec.decode(key, keyValue.getValue().getBytes()), keyValue.getModRevision());
    }

    /** The first key after every key that starts with {@code prefix} (etcd's range-end for a prefix). */
    static ByteSequence prefixEnd(String prefix) {
        byte[] end = KeyOrder.prefixEnd(prefix);
        return ByteSequence.from(end.length == 0 ? new byte[] {0} : end); // {0}: to the end of the keyspace
    }
}
