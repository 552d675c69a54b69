package io.hybridstore.node.health;

import io.hybridstore.node.store.DiskChunkStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready to take chunks: the data dir accepts a write and free space is above the reserve. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {
    private final DiskChunkStore store;

    StorageReadiness(DiskChunkStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        boolean writable = store.isWritable();
        boolean aboveReserve = store.aboveReserve();
        return HealthCheckResponse.named("storage").status(writable && aboveReserve)
                .withData("dataDirWritable", writable)
                .withData("freeSpaceAboveReserve", aboveReserve)
                .withData("chunks", store.chunkCount())
                .withData("usedBytes", store.usedBytes())
                .build();
    }
}
