package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
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
import io.hybridstore.common.spi.MultipartStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Multipart uploads at {@code {prefix}/multipart/{bucket}/{id}} and, in key order for listing, again at
 * {@code {prefix}/multipart-keys/{bucket}/{key}\0{id}} (both written and removed in one transaction);
 * each part at {@code {prefix}/multipart-parts/{bucket}/{id}/{nnnnn}}: one key per part keeps every request far
 * below etcd's limit (a part's record is ~1 KB per stripe), however many parts an upload has. A part
 * is put only while its upload's key exists, in one transaction, so a part racing an abort or a
 * completion leaves no record behind.
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

    /** Reads every upload of every bucket: uploads in progress are few, and they are all short-lived. */
    @Override
    public List<MultipartUpload> initiatedBefore(long cutoffMillis, int limit) {
        String prefix = etcd.keys().multipartPrefix();
        return etcd.await(kv.get(bytes(prefix), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).build()),
                        "list all uploads")
                .getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), MultipartUpload.class))
                .filter(u -> u.initiatedAt() < cutoffMillis).limit(limit).toList();
    }

    @Override
    public boolean putPart(String bucket, String uploadId, UploadedPart part) {
        ByteSequence upload = bytes(etcd.keys().multipart(bucket, uploadId));
        return etcd.await(kv.txn()
                .If(new Cmp(upload, Cmp.Op.GREATER, CmpTarget.version(0)))
                .Then(Op.put(bytes(etcd.keys().uploadPart(bucket, uploadId, part.partNumber())),
                        ByteSequence.from(ModelJson.toBytes(part)), PutOption.DEFAULT))
                .commit(), "put part " + part.partNumber() + " of " + uploadId).isSucceeded();
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
        String parts = etcd.keys().uploadPartsPrefix(bucket, uploadId);
        List<Op> ops = new ArrayList<>(List.of(
                Op.delete(bytes(etcd.keys().multipart(bucket, uploadId)), DeleteOption.DEFAULT),
                Op.delete(bytes(parts), DeleteOption.builder().withRange(EtcdMetadataStore.prefixEnd(parts)).build())));
        // The index entry's key holds the object key, which only the record knows.
        get(bucket, uploadId).ifPresent(u -> ops.add(Op.delete(bytes(byKey(bucket, u.key(), uploadId)), DeleteOption.DEFAULT)));
        etcd.await(kv.txn().Then(ops.toArray(Op[]::new)).commit(), "delete upload " + uploadId);
    }
}
