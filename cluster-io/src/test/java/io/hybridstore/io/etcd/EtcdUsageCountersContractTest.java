package io.hybridstore.io.etcd;

import io.etcd.jetcd.ByteSequence;
import io.hybridstore.common.model.record.RecordCodec;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage counters against a real etcd (one server for the class). */
class EtcdUsageCountersContractTest extends UsageCountersContract {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/usage-contract");

    @Override
    protected Stores newStores() {
        EtcdConnection connection = ETCD.connection();
        return new Stores(new EtcdMetadataStore(connection), new EtcdUsageStore(connection), record -> connection.await(
                connection.client().getKVClient().put(EtcdConnection.bytes(connection.keys().object(record.key())),
                        ByteSequence.from(RecordCodec.encode(record))), "put an uncounted record"));
    }
}
