package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.spi.BucketStore;
import java.util.List;
import java.util.Optional;

/**
 * The buckets at {@code {prefix}/buckets/{name}}. Creation is one transaction that puts the record
 * only while the key has never been written (version 0), so two clients creating one name at once
 * get one bucket and one {@code BucketAlreadyExists}.
 */
public final class EtcdBucketStore implements BucketStore {

    private final EtcdConnection etcd;
    private final KV kv;

    public EtcdBucketStore(EtcdConnection etcd) {
        this.etcd = etcd;
        this.kv = etcd.client().getKVClient();
    }

    @Override
    public boolean create(Bucket bucket) {
        ByteSequence key = bytes(etcd.keys().bucket(bucket.name()));
        return etcd.await(kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(key, ByteSequence.from(ModelJson.toBytes(bucket)), PutOption.DEFAULT))
                .commit(), "create bucket " + bucket.name()).isSucceeded();
    }

    @Override
    public Optional<Bucket> get(String name) {
        return etcd.await(kv.get(bytes(etcd.keys().bucket(name))), "get bucket " + name).getKvs().stream().findFirst()
                .map(k -> ModelJson.fromBytes(k.getValue().getBytes(), Bucket.class));
    }

    @Override
    public List<Bucket> list() {
        String prefix = etcd.keys().bucketsPrefix();
        return etcd.await(kv.get(bytes(prefix), GetOption.builder().withRange(EtcdMetadataStore.prefixEnd(prefix))
                        .withSortField(GetOption.SortTarget.KEY).build()), "list buckets")
                .getKvs().stream().map(k -> ModelJson.fromBytes(k.getValue().getBytes(), Bucket.class)).toList();
    }

    @Override
    public boolean delete(String name) {
        return etcd.await(kv.delete(bytes(etcd.keys().bucket(name))), "delete bucket " + name).getDeleted() > 0;
    }
}
