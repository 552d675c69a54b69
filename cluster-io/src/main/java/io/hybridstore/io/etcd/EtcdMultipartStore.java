package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MultipartStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Multipart uploads at {@code {prefix}/multipart/{bucket}/{id}} and, in key order for listing, again at
 * {@code {prefix}/multipart-keys/{bucket}/{key}\0{id}} (both written and removed in one transaction);
 * each part at {@code {prefix}/multipart-parts/{bucket}/{id}/{nnnnn}}: one key per part keeps every request far
 * below etcd's limit (a part's record is ~1 KB per stripe), however many parts an upload has. A part
 * is put only while its upload's key exists, in one transaction, so a part racing an abort or a
 * completion leaves no record behind; the same transaction stamps the upload's last activity at
 * {@code {prefix}/multipart-active/{bucket}/{id}}, which the sweep of idle uploads compares.
 */
public final class EtcdMultipartStore implements MultipartStore {

    /** Part records per range read (each ~1.5 KB for a part of 2 stripes). */
    private static final int PARTS_PAGE = 500;

    private final EtcdConnection etcd;
    private final KV kv;

    public EtcdMultipartStore(EtcdConnection etcd) {
        this.etcd = etcd;
        this.kv = etcd.client().getKVClient();
    }

    @Override
    public void create(MultipartUpload upload) {
        ByteSequence record = ByteSequence.from(ModelJson.toBytes(upload));
        etcd.await(kv.txn().Then(
                Op.put(bytes(etcd.keys().multipart(upload.bucket(), upload.uploadId())), record, PutOption.DEFAULT),
                Op.put(bytes(byKey(upload.bucket(), upload.key(), upload.uploadId())), record, PutOption.DEFAULT))
                .commit(), "create upload " + upload.uploadId());
    }

    private String byKey(String bucket, String key, String uploadId) {
        return etcd.keys().multipartByKeyPrefix(bucket) + MultipartStore.position(key, uploadId);
    }

    @Override
    public Optional<MultipartUpload> get(String bucket, String uploadId) {
        return etcd.await(kv.get(bytes(etcd.keys().multipart(bucket, uploadId))), "get upload " + uploadId).getKvs().stream().findFirst()
                .map(k -> ModelJson.fromBytes(k.getValue().getBytes(), MultipartUpload.class));
    }

    @Override
    public List<MultipartUpload> list(String bucket, int limit) {
        String prefix = etcd.keys().multipartPrefix(bucket);
        return etcd.await(kv.get(bytes(prefix), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).withLimit(limit)
                        .withSortField(GetOption.SortTarget.KEY).build()), "list uploads of " + bucket)
                .getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), MultipartUpload.class)).toList();
    }

    @Override
    public List<MultipartUpload> listByKey(String bucket, String prefix, ScanStart start, int limit) {
        String base = etcd.keys().multipartByKeyPrefix(bucket);
        byte[] lowest = (base + prefix).getBytes(StandardCharsets.UTF_8);
        byte[] from = switch (start.kind()) {
            case AT -> (base + start.key()).getBytes(StandardCharsets.UTF_8);
            case AFTER -> (base + start.key() + '\0').getBytes(StandardCharsets.UTF_8); // the smallest key greater than k
            case PAST_PREFIX -> KeyOrder.prefixEnd(base + start.key());
        };
        byte[] end = KeyOrder.prefixEnd(base + prefix);
        if (Arrays.compareUnsigned(from, lowest) < 0) {
            from = lowest;
        }
        if (end.length > 0 && Arrays.compareUnsigned(from, end) >= 0) {
            return List.of();
        }
        return etcd.await(kv.get(ByteSequence.from(from), GetOption.builder()
                        .withRange(end.length == 0 ? ByteSequence.from(new byte[] {0}) : ByteSequence.from(end)).withLimit(limit)
                        .withSortField(GetOption.SortTarget.KEY).build()), "list uploads of " + bucket + " by key")
                .getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), MultipartUpload.class)).toList();
    }

    /**
     * Reads every upload of every bucket and every upload's last activity: uploads in progress are
     * few, and abandoned ones are swept.
     */
    @Override
    public List<MultipartUpload> idleSince(long cutoffMillis, int limit) {
        String prefix = etcd.keys().multipartPrefix();
        String active = etcd.keys().multipartActivePrefix();
        Map<String, Long> activeAt = new HashMap<>();
        etcd.await(kv.get(bytes(active), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(active)).build()),
                "list upload activity").getKvs().forEach(k -> activeAt.put(EtcdConnection.text(k.getKey()), millis(k)));
        return etcd.await(kv.get(bytes(prefix), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).build()),
                        "list all uploads")
                .getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), MultipartUpload.class))
                .filter(u -> Math.max(u.initiatedAt(), activeAt.getOrDefault(etcd.keys().multipartActive(u.bucket(), u.uploadId()),
                        Long.MIN_VALUE)) < cutoffMillis)
                .limit(limit).toList();
    }

    private static long millis(KeyValue k) {
        return Long.parseLong(EtcdConnection.text(k.getValue()));
    }

    @Override
    public boolean putPart(String bucket, String uploadId, UploadedPart part) {
        return etcd.await(kv.txn()
                .If(exists(bucket, uploadId))
                .Then(Op.put(bytes(etcd.keys().uploadPart(bucket, uploadId, part.partNumber())),
                                ByteSequence.from(ModelJson.toBytes(part)), PutOption.DEFAULT),
                        markActive(bucket, uploadId, part.uploadedAt()))
                .commit(), "put part " + part.partNumber() + " of " + uploadId).isSucceeded();
    }

    @Override
    public boolean touch(String bucket, String uploadId, long atMillis) {
        return etcd.await(kv.txn().If(exists(bucket, uploadId)).Then(markActive(bucket, uploadId, atMillis)).commit(),
                "touch upload " + uploadId).isSucceeded();
    }

    /** The completion's object commit compares the upload's record key in its own transaction (EtcdMetadataStore). */
    @Override
    public CommitGuard completionGuard(String bucket, String uploadId) {
        return new CommitGuard.KeyExists(etcd.keys().multipart(bucket, uploadId));
    }

    private Cmp exists(String bucket, String uploadId) {
        return new Cmp(bytes(etcd.keys().multipart(bucket, uploadId)), Cmp.Op.GREATER, CmpTarget.version(0));
    }

    private Op markActive(String bucket, String uploadId, long atMillis) {
        return Op.put(bytes(etcd.keys().multipartActive(bucket, uploadId)), bytes(Long.toString(atMillis)), PutOption.DEFAULT);
    }

    @Override
    public List<UploadedPart> parts(String bucket, String uploadId) {
        // In pages: 10,000 parts of ~1.5 KB each would be one answer far above the client's 4 MiB message limit.
        String prefix = etcd.keys().uploadPartsPrefix(bucket, uploadId);
        List<UploadedPart> parts = new ArrayList<>();
        byte[] from = prefix.getBytes(StandardCharsets.UTF_8);
        while (true) {
            GetResponse page = etcd.await(kv.get(ByteSequence.from(from), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix))
                    .withSortField(GetOption.SortTarget.KEY).withLimit(PARTS_PAGE).build()), "list parts of " + uploadId);
            page.getKvs().forEach(k -> parts.add(ModelJson.fromBytes(k.getValue().getBytes(), UploadedPart.class)));
            if (!page.isMore() || page.getKvs().isEmpty()) {
                return parts;
            }
            byte[] last = page.getKvs().getLast().getKey().getBytes();
            from = Arrays.copyOf(last, last.length + 1); // strictly after the last key: key + NUL
        }
    }

    @Override
    public List<PartRecord> partsAfter(String afterKey, int limit) {
        String prefix = etcd.keys().uploadPartsPrefix();
        String from = afterKey == null ? prefix : afterKey + "\0";
        return etcd.await(kv.get(bytes(from), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).withLimit(limit)
                        .withSortField(GetOption.SortTarget.KEY).build()), "scan upload parts")
                .getKvs().stream().map(k -> new PartRecord(EtcdConnection.text(k.getKey()),
                        ModelJson.fromBytes(k.getValue().getBytes(), UploadedPart.class))).toList();
    }

    @Override
    public void delete(String bucket, String uploadId) {
        Op[] ops = get(bucket, uploadId).map(this::deletes).orElseGet(() -> deletes(bucket, uploadId).toArray(Op[]::new));
        etcd.await(kv.txn().Then(ops).commit(), "delete upload " + uploadId);
    }

    /**
     * Reads the upload's activity, then deletes it in a transaction that holds only while that
     * activity is unchanged: a part stored or a touch in between (each rewrites the activity key)
     * keeps the upload for another sweep.
     */
    @Override
    public boolean deleteIfIdle(String bucket, String uploadId, long cutoffMillis) {
        Optional<MultipartUpload> upload = get(bucket, uploadId);
        if (upload.isEmpty()) {
            return false;
        }
        ByteSequence active = bytes(etcd.keys().multipartActive(bucket, uploadId));
        Optional<KeyValue> seen = etcd.await(kv.get(active), "get upload activity " + uploadId).getKvs().stream().findFirst();
        long lastActive = Math.max(upload.get().initiatedAt(), seen.map(EtcdMultipartStore::millis).orElse(Long.MIN_VALUE));
        if (lastActive >= cutoffMillis) {
            return false;
        }
        // A key never written compares as mod revision 0 in etcd.
        return etcd.await(kv.txn()
                .If(exists(bucket, uploadId), new Cmp(active, Cmp.Op.EQUAL, CmpTarget.modRevision(seen.map(KeyValue::getModRevision).orElse(0L))))
                .Then(deletes(upload.get()))
                .commit(), "delete idle upload " + uploadId).isSucceeded();
    }

    private Op[] deletes(MultipartUpload upload) {
        List<Op> ops = deletes(upload.bucket(), upload.uploadId());
        // The index entry's key holds the object key, which only the record knows.
        ops.add(Op.delete(bytes(byKey(upload.bucket(), upload.key(), upload.uploadId())), DeleteOption.DEFAULT));
        return ops.toArray(Op[]::new);
    }

    private List<Op> deletes(String bucket, String uploadId) {
        String parts = etcd.keys().uploadPartsPrefix(bucket, uploadId);
        return new ArrayList<>(List.of(
                Op.delete(bytes(etcd.keys().multipart(bucket, uploadId)), DeleteOption.DEFAULT),
                Op.delete(bytes(etcd.keys().multipartActive(bucket, uploadId)), DeleteOption.DEFAULT),
                Op.delete(bytes(parts), DeleteOption.builder().withRange(EtcdMetadataStore.prefixEnd(parts)).build())));
    }
}
