package io.hybridstore.io.etcd;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage counters against a real etcd (one server for the class). */
class EtcdUsageCountersContractTest extends UsageCountersContract {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/usage-contract");

    @Override
    protected Stores newStores() {
        return new Stores(new EtcdMetadataStore(ETCD.connection()), new EtcdUsageStore(ETCD.connection()));
    }
}
