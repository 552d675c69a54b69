package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.links.SigningKey;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.spi.LinkStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * {@link LinkStore} on etcd: keys as {@link SigningKey} JSON under {@link ClusterKeys#linkKey}, a
 * revocation as a key under {@link ClusterKeys#revokedLink} attached to a lease that ends just after
 * the link's own expiry, so etcd drops it when it no longer matters.
 */
public final class EtcdLinkStore implements LinkStore {

    private final EtcdConnection etcd;
    private final ClusterKeys keys;
    private final KV kv;
    private final Clock clock;

    public EtcdLinkStore(EtcdConnection etcd, Clock clock) {
        this.etcd = etcd;
        this.keys = etcd.keys();
        this.kv = etcd.client().getKVClient();
        this.clock = clock;
    }

    @Override
    public List<SigningKey> signingKeys() {
        String prefix = keys.linkKeysPrefix();
        return etcd.await(kv.get(bytes(prefix), GetOption.builder().isPrefix(true).build()), "list link signing keys")
                .getKvs().stream().map(kv -> ModelJson.fromBytes(kv.getValue().getBytes(), SigningKey.class)).toList();
    }

    @Override
    public boolean addSigningKey(SigningKey key) {
        ByteSequence at = bytes(keys.linkKey(key.kid()));
        return etcd.await(kv.txn()
                .If(new Cmp(at, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(at, ByteSequence.from(ModelJson.toBytes(key)), PutOption.DEFAULT))
                .commit(), "add link signing key " + key.kid()).isSucceeded();
    }

    @Override
    public boolean removeSigningKey(String kid) {
        return etcd.await(kv.delete(bytes(keys.linkKey(kid))), "remove link signing key " + kid).getDeleted() > 0;
    }

    @Override
    public void revoke(String linkId, long expiresAtMillis) {
        long ttlSeconds = (expiresAtMillis - clock.millis()) / 1000 + 1;
        if (ttlSeconds <= 0) {
            return; // expired already: refused anyway
        }
        long lease = etcd.await(etcd.client().getLeaseClient().grant(ttlSeconds), "lease for revoked link " + linkId).getID();
        etcd.await(kv.put(bytes(keys.revokedLink(linkId)), ByteSequence.from(Long.toString(expiresAtMillis), StandardCharsets.UTF_8),
                PutOption.builder().withLeaseId(lease).build()), "revoke link " + linkId);
    }

    @Override
    public boolean isRevoked(String linkId) {
        return etcd.await(kv.get(bytes(keys.revokedLink(linkId)), GetOption.builder().withCountOnly(true).build()),
                "check link " + linkId).getCount() > 0;
    }
}
