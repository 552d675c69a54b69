package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.spi.MetadataStore.Stored;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Object records as read from etcd: {@link RecordCodec} bytes (or the older JSON) decoded with
 * their stripe pages, one key or a batch of keys at a time. The read side of {@link EtcdMetadataStore}.
 */
final class StoredRecords {

    /** Reads of a paged record whose pages a concurrent write replaced, before giving up (CONFLICT, retryable). */
    private static final int MAX_PAGE_READS = 3;

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    private final EtcdStripePages pages;
    /** Single-key reads, joined with concurrent ones into one etcd request ({@link EtcdReadCoalescer}). */
    private final EtcdReadCoalescer<ByteSequence, GetResponse> reads;
    /** Keys-only reads of single keys (their revisions), joined likewise. */
    private final EtcdReadCoalescer<ByteSequence, GetResponse> revisions;

    StoredRecords(EtcdConnection etcd, KV kv, EtcdStripePages pages, EtcdReadCoalescer<ByteSequence, GetResponse> reads,
                  EtcdReadCoalescer<ByteSequence, GetResponse> revisions) {
        this.reads = reads;
        this.revisions = revisions;
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = kv;
        this.pages = pages;
    }

    Optional<Stored> get(String key) {
        GetResponse response = etcd.await(reads.read(bytes(keys.object(key))), "get " + key);
        return response.getKvs().stream().findFirst().map(this::stored);
    }

    /**
     * The mod revision of {@code key}'s record, from a keys-only read: etcd sends no value, and
     * nothing is decoded. A linearizable read like {@link #get}, so a write that has returned is seen.
     */
    OptionalLong revision(String key) {
        GetResponse response = etcd.await(revisions.read(bytes(keys.object(key))), "get the revision of " + key);
        return response.getKvs().isEmpty() ? OptionalLong.empty() : OptionalLong.of(response.getKvs().get(0).getModRevision());
    }

    /** Transactions of up to {@value EtcdMetadataStore#MAX_TXN_OPS} gets, all sent at once: a page's candidates cost one round trip, not one per batch. */
    List<Stored> getAll(List<String> objectKeys) {
        EtcdReadCoalescer.Sender<ByteSequence, GetResponse> gets = EtcdReadCoalescer.transactions(kv);
        List<CompletableFuture<List<GetResponse>>> txns = new ArrayList<>();
        for (List<String> batch : EtcdMetadataStore.batches(objectKeys)) {
            txns.add(gets.send(batch.stream().map(k -> bytes(keys.object(k))).toList()));
        }
        List<Stored> found = new ArrayList<>(objectKeys.size());
        for (CompletableFuture<List<GetResponse>> txn : txns) {
            etcd.await(txn, "get " + objectKeys.size() + " records").forEach(r -> r.getKvs().forEach(k -> found.add(stored(k))));
        }
        return found;
    }

    /** The record a key-value holds; a paged one with its pages, read after it (again, when a write replaced it meanwhile). */
    Stored stored(KeyValue keyValue) {
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
}
