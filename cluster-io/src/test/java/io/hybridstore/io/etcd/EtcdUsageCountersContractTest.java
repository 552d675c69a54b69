package io.hybridstore.io.etcd;

import io.etcd.jetcd.ByteSequence;
import io.hybridstore.common.model.record.RecordCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The usage counters against a real etcd (one server for the class). */
class EtcdUsageCountersContractTest extends UsageCountersContract {

    private static TestEtcd etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = TestEtcd.start("/usage-contract");
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Stores newStores() {
        EtcdConnection connection = etcd.connection();
        return new Stores(new EtcdMetadataStore(connection), new EtcdUsageStore(connection), record -> connection.await(
                connection.client().getKVClient().put(EtcdConnection.bytes(connection.keys().object(record.key())),
                        ByteSequence.from(RecordCodec.encode(record))), "put an uncounted record"));
    }
}
