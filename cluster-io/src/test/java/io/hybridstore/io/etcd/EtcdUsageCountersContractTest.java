package io.hybridstore.io.etcd;

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
        return new Stores(new EtcdMetadataStore(etcd.connection()), new EtcdUsageStore(etcd.connection()));
    }
}
