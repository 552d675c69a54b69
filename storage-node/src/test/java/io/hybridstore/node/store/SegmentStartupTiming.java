package io.hybridstore.node.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long a node takes to rebuild its segment index at start, and the heap the index takes: writes
 * {@code count} small chunks of {@code size} bytes straight into a segment store (one fsync at the
 * end, not per chunk: only the files matter here), then opens the store again and times the scan.
 * {@code count} 0: only the timed opens, of what an earlier run wrote. Not a test; run by hand: {@code java -cp ... io.hybridstore.node.store.SegmentStartupTiming DIR 1000000 1024}.
 */
public final class SegmentStartupTiming {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        DiskChunkStore.Limits limits = new DiskChunkStore.Limits(1 << 20, 0, 128 << 10, 256L << 20);
        SegmentLog.Fsync never = channel -> { };
        try (DiskChunkStore store = count == 0 ? null : DiskChunkStore.open(dir, limits, new SimpleMeterRegistry(), () -> Long.MAX_VALUE,
                false, never, System::currentTimeMillis)) {
            byte[] data = new byte[size];
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                data[i % size] ^= 1;
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(data);
                store.segments().append("startup-" + i, data, (int) crc.getValue(), null);
            }
            System.out.printf("wrote %d chunks of %d bytes in %.1f s%n", count, size, (System.nanoTime() - start) / 1e9);
        }
        for (int run = 1; run <= Integer.parseInt(args.length > 3 ? args[3] : "3"); run++) {
            System.gc();
            long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            long start = System.nanoTime();
            long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            try (DiskChunkStore store = DiskChunkStore.open(dir, limits, new SimpleMeterRegistry(), () -> Long.MAX_VALUE, false, never,
                    System::currentTimeMillis)) {
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
                System.gc();
                long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() - heapBefore;
                System.out.printf("open %d: %d chunks indexed in %.2f s (%.2f CPU-s of the scanning thread); index heap ≈ %d MiB"
                        + " (%d bytes per chunk)%n", run, store.chunkCount(), seconds, cpu, heap >> 20, heap / Math.max(1, store.chunkCount()));
            }
        }
    }
}
