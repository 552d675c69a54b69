package io.hybridstore.node.health;

import io.hybridstore.node.store.DiskChunkStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive = the process answers and its store is open. Deliberately not the disk or etcd: restarting
 * the process fixes neither, and a live-but-unready node still serves reads of what it holds. The
 * exception: a failed fsync of a segment, after which the node acknowledges no small chunk until a
 * restart rescans the segments.
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
        // The one disk failure a restart does fix: after a failed fsync only a fresh scan of the segments can be trusted.
        return store.segmentLogFailure()
                .map(failure -> HealthCheckResponse.named("store-open").down().withData("segmentLogFailed", failure).build())
                .orElseGet(() -> HealthCheckResponse.named("store-open").up().withData("chunksDir", store.chunksDir().toString()).build());
    }
}
