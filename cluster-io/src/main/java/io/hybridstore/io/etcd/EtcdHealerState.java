package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.KV;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.repair.HealerStatus;
import java.util.Optional;

/**
 * The healer's durable state in etcd: the full-scan cursor under
 * {@link io.hybridstore.common.model.ClusterKeys#healerCursor()} (plain text, the last key the scan
 * finished; absent at the start of a cycle) and the last pass summary under
 * {@link io.hybridstore.common.model.ClusterKeys#healerStatus()} (JSON). Only the leader writes;
 * a stale write from a former leader at worst makes the next leader re-scan a page.
 */
public final class EtcdHealerState implements HealerStateStore {

    private final EtcdConnection etcd;
    private final KV kv;

    public EtcdHealerState(EtcdConnection etcd) {
        this.etcd = etcd;
        this.kv = etcd.client().getKVClient();
    }

    @Override
    public Optional<String> loadCursor() {
        var response = etcd.await(kv.get(bytes(etcd.keys().healerCursor())), "get healer cursor");
        return response.getKvs().stream().findFirst().map(kv -> EtcdConnection.text(kv.getValue()));
    }

    @Override
    public void saveCursor(String afterKey) {
        if (afterKey == null) {
            etcd.await(kv.delete(bytes(etcd.keys().healerCursor())), "delete healer cursor");
        } else {
            etcd.await(kv.put(bytes(etcd.keys().healerCursor()), bytes(afterKey)), "put healer cursor");
        }
    }

    @Override
    public void saveStatus(HealerStatus status) {
        etcd.await(kv.put(bytes(etcd.keys().healerStatus()), io.etcd.jetcd.ByteSequence.from(ModelJson.toBytes(status))),
                "put healer status");
    }

    @Override
    public Optional<HealerStatus> loadStatus() {
        var response = etcd.await(kv.get(bytes(etcd.keys().healerStatus())), "get healer status");
        return response.getKvs().stream().findFirst()
                .map(kv -> ModelJson.fromBytes(kv.getValue().getBytes(), HealerStatus.class));
    }
}
