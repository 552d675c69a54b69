package io.hybridstore.node.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.LongSupplier;

/** The node's storage meters, exposed by Prometheus at {@code /q/metrics} as {@code hybridstore_node_*}. */
public final class StoreMetrics {
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter corrupt;
    private final Timer fsync;

    public StoreMetrics(MeterRegistry registry, LongSupplier chunkCount, LongSupplier usedBytes) {
        bytesIn = Counter.builder("hybridstore.node.bytes.in").baseUnit("bytes")
                .description("Chunk bytes received and made durable").register(registry);
        bytesOut = Counter.builder("hybridstore.node.bytes.out").baseUnit("bytes")
                .description("Chunk bytes served").register(registry);
        corrupt = Counter.builder("hybridstore.node.corrupt.chunks")
                .description("Chunks that failed their checksum and were quarantined").register(registry);
        fsync = Timer.builder("hybridstore.node.fsync").description("fsync of a chunk file or its directory")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("hybridstore.node.chunks", chunkCount::getAsLong).description("Chunks stored").register(registry);
        Gauge.builder("hybridstore.node.used.bytes", usedBytes::getAsLong).baseUnit("bytes")
                .description("Data bytes held by chunks").register(registry);
    }

    void bytesIn(long n) {
        bytesIn.increment(n);
    }

    public void bytesOut(long n) {
        bytesOut.increment(n);
    }

    void corruptFound() {
        corrupt.increment();
    }

    double corruptCount() {
        return corrupt.count();
    }

    void fsyncTook(long nanos) {
        fsync.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
