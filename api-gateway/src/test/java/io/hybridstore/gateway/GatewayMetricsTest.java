package io.hybridstore.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.gateway.write.Timings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

    private static Timer timer(SimpleMeterRegistry registry, String op, String phase) {
        return registry.get("hybridstore.gateway.phase").tag("op", op).tag("phase", phase).timer();
    }
}
