package io.hybridstore.io.etcd;

import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;

class InMemoryMetadataStoreContractTest extends MetadataStoreContract {
    @Override
    protected MetadataStore newStore() {
        return new InMemoryMetadataStore();
    }
}
