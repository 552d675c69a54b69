package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.AccessKeyGenerator;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.spi.AccessKeyStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The access keys in etcd, one JSON record per key at {@code {prefix}/access-keys/{id}}.
 *
 * <p>The secret is stored as is: SigV4 verification recomputes the client's HMAC, so it needs the
 * secret itself and a one-way hash will not do. Whoever can read etcd can read every secret; the
 * deployments keep etcd on the cluster's private network (compose) or behind a NetworkPolicy (k8s),
 * as they already must for the metadata. A new key is written only if its id is free (a
 * transaction on the key's version), so a colliding random id can never replace a key.
 */
public final class EtcdAccessKeyStore implements AccessKeyStore {

    private final EtcdConnection etcd;
    private final KV kv;
    private final AccessKeyGenerator generator;

    public EtcdAccessKeyStore(EtcdConnection etcd, AccessKeyGenerator generator) {
        this.etcd = etcd;
        this.kv = etcd.client().getKVClient();
        this.generator = generator;
    }

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        if (accessKeyId.isEmpty() || accessKeyId.indexOf('/') >= 0) {
            return Optional.empty();
        }
        GetResponse response = etcd.await(kv.get(bytes(etcd.keys().accessKey(accessKeyId))), "get access key");
        return response.getKvs().stream().findFirst().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), AccessKey.class));
    }

    @Override
    public AccessKey create(String owner) {
        AccessKeyGenerator.validateOwner(owner);
        for (int attempt = 0; attempt < 3; attempt++) {
            AccessKey key = generator.next(owner);
            ByteSequence path = bytes(etcd.keys().accessKey(key.id()));
            boolean created = etcd.await(kv.txn()
                    .If(new Cmp(path, Cmp.Op.EQUAL, CmpTarget.version(0)))
                    .Then(Op.put(path, ByteSequence.from(ModelJson.toBytes(key)), PutOption.DEFAULT))
                    .commit(), "create access key").isSucceeded();
            if (created) {
                return key;
            }
        }
        throw new IllegalStateException("three random access key ids in a row were taken: the random source is broken");
    }

    @Override
    public List<AccessKey> list() {
        String prefix = etcd.keys().accessKeysPrefix();
        GetResponse response = etcd.await(kv.get(bytes(prefix), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix)).build()),
                "list access keys");
        return response.getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), AccessKey.class))
                .sorted(Comparator.comparing(AccessKey::id)).toList();
    }

    @Override
    public boolean revoke(String accessKeyId) {
        if (accessKeyId.isEmpty() || accessKeyId.indexOf('/') >= 0) {
            return false;
        }
        return etcd.await(kv.delete(bytes(etcd.keys().accessKey(accessKeyId))), "revoke access key").getDeleted() > 0;
    }
}
