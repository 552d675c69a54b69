package io.hybridstore.node.store;

/** Every {@link DiskChunkStoreTest} with chunk data through the page cache, as on a file system without O_DIRECT. */
class BufferedDiskChunkStoreTest extends DiskChunkStoreTest {
    @Override
    boolean directIo() {
        return false;
    }
}
