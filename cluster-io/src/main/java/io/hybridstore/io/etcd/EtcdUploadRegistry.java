package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.spi.UploadRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UploadRegistry} on etcd: one key per upload under {@link ClusterKeys#upload}, on a lease of
 * {@code keepFor}, longer than any upload may run, so the entry of a gateway that died goes away
 * by itself after an operator had that long to see it.
 */
public final class EtcdUploadRegistry implements UploadRegistry {

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    private final Duration keepFor;
    /** The leases of this process's own uploads, revoked when they end. */
    private final Map<String, Long> leases = new ConcurrentHashMap<>();

    public EtcdUploadRegistry(EtcdConnection etcd, Duration keepFor) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
        this.keepFor = keepFor;
    }

    @Override
    public void begin(Upload upload) {
        long lease = etcd.await(etcd.client().getLeaseClient().grant(keepFor.toSeconds()), "lease for upload " + upload.uploadId()).getID();
        etcd.await(kv.put(bytes(keys.upload(upload.uploadId())), ByteSequence.from(ModelJson.toBytes(upload)),
                PutOption.builder().withLeaseId(lease).build()), "register upload " + upload.uploadId());
        leases.put(upload.uploadId(), lease);
    }

    @Override
    public boolean active(String uploadId) {
        return etcd.await(kv.get(bytes(keys.upload(uploadId)), GetOption.builder().withCountOnly(true).build()),
                "check upload " + uploadId).getCount() > 0;
    }

    @Override
    public boolean end(String uploadId) {
        boolean present = etcd.await(kv.delete(bytes(keys.upload(uploadId))), "end upload " + uploadId).getDeleted() > 0;
        Long lease = leases.remove(uploadId);
        if (lease != null) {
            // This process's own upload: revoke its lease rather than leave it to expire an hour later.
            // (Another gateway's upload, aborted by an operator here: its lease expires on its own.)
            etcd.await(etcd.client().getLeaseClient().revoke(lease), "revoke the lease of upload " + uploadId);
        }
        return present;
    }

    @Override
    public List<Upload> list(int limit) {
        return etcd.await(kv.get(bytes(keys.uploadsPrefix()), GetOption.builder().isPrefix(true).withLimit(limit).build()),
                "list uploads").getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), Upload.class)).toList();
    }
}
