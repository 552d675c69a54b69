package io.hybridstore.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.gateway.write.Timings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    @Test
    void everyRequestsPhasesLandInOneTimerPerOpAndPhase() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(registry);
        for (int request = 1; request <= 3; request++) {
            Timings write = new Timings();
            write.time("wal", () -> { });
            write.time("meta", () -> { });
            metrics.recordPhases("write", write);
        }
        Timings read = new Timings();
        read.time("meta", () -> { });
        metrics.recordPhases("read", read);

        assertEquals(3, timer(registry, "write", "wal").count());
        assertEquals(3, timer(registry, "write", "meta").count());
        assertEquals(1, timer(registry, "read", "meta").count());
        assertEquals(3, registry.find("hybridstore.gateway.phase").timers().size());
    }

    @Test
    void eachNodeBatchCountsItsChunksAndItsTimeUnderItsOp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(registry);
        metrics.nodeBatch(new long[2], 3_000_000);
        metrics.nodeBatch(new long[1], 1_000_000);
        metrics.nodeBatchRead(new long[4], 500_000);

        Timer puts = registry.get("hybridstore.gateway.node.batch").tag("op", "put").timer();
        assertEquals(2, puts.count());
        assertEquals(4.0, puts.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(3.0, registry.get("hybridstore.gateway.node.batch.chunks").tag("op", "put").summary().totalAmount(), 1e-9);
        Timer gets = registry.get("hybridstore.gateway.node.batch").tag("op", "get").timer();
        assertEquals(1, gets.count());
        assertEquals(0.5, gets.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(4.0, registry.get("hybridstore.gateway.node.batch.chunks").tag("op", "get").summary().totalAmount(), 1e-9);
    }

    private static Timer timer(SimpleMeterRegistry registry, String op, String phase) {
        return registry.get("hybridstore.gateway.phase").tag("op", op).tag("phase", phase).timer();
    }
}
