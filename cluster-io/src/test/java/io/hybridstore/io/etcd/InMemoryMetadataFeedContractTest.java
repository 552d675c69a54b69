package io.hybridstore.io.etcd;

import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;

class InMemoryMetadataFeedContractTest extends MetadataFeedContract {

    private final InMemoryMetadataStore store = new InMemoryMetadataStore();

    @Override
    protected MetadataStore store() {
        return store;
    }

    @Override
    protected MetadataFeed feed() {
        return store;
    }
}
