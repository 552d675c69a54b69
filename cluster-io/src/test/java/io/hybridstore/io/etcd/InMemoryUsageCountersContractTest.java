package io.hybridstore.io.etcd;

import io.hybridstore.common.spi.memory.InMemoryMetadataStore;

class InMemoryUsageCountersContractTest extends UsageCountersContract {
    @Override
    protected Stores newStores() {
        InMemoryMetadataStore store = new InMemoryMetadataStore();
        return new Stores(store, store, store::putUncounted);
    }
}
