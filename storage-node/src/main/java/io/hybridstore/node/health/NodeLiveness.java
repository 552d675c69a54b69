package io.hybridstore.node.health;

import io.hybridstore.node.store.DiskChunkStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive = the process answers and its store is open. Deliberately not the disk or etcd: restarting
 * the process fixes neither, and a live-but-unready node still serves reads of what it holds.
 */
@Liveness
@ApplicationScoped
public class NodeLiveness implements HealthCheck {
    private final DiskChunkStore store;

    NodeLiveness(DiskChunkStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("store-open").up().withData("chunksDir", store.chunksDir().toString()).build();
    }
}
