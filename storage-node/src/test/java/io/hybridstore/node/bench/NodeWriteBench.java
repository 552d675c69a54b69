package io.hybridstore.node.bench;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore.ChunkPut;
import io.hybridstore.io.http.HttpChunkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small-chunk writes against one running node process, through the client the gateway uses
 * ({@link HttpChunkStore}): 1 KiB chunks, each a new id, from 1 and 32 concurrent writers, either one
 * PUT per chunk (batch 1) or batches of several per request (9: a small document's chunks). Per
 * configuration: a warm-up, then 3 runs; prints each run and the median of writes/s, p50, p99 and the
 * node process's CPU-seconds per 1,000 chunks (from /proc/{pid}/stat). Not a test: run by
 * {@code storage-node/run-node-bench.sh}, which starts the node and measures the dd floor beside it.
 *
 * <p>Arguments: {@code url token pid label [configs]}; {@code configs} (e.g. {@code 32x9,1x9,32x27}: writers x
 * chunks per request, in that order) runs those, {@code 1x1,1x9,32x1,32x9} when absent.
 */
public final class NodeWriteBench {
    private static final int CHUNK = 1024;
    private static final AtomicLong IDS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1];
        long pid = Long.parseLong(args[2]);
        String label = args[3];
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        HttpChunkStore client = new HttpChunkStore(vertx, token, Duration.ofSeconds(2), Duration.ofSeconds(30));
        NodeInfo node = new NodeInfo("bench", url, "", 0, 0, 0, 0, "bench");
        String run = Long.toHexString(System.nanoTime());
        String configs = args.length > 4 ? args[4] : "1x1,1x9,32x1,32x9";
        for (String config : configs.split(",")) {
            String[] wb = config.split("x");
            if (wb.length != 2 || !wb[0].matches("[1-9][0-9]*") || !wb[1].matches("[1-9][0-9]*")) {
                System.err.println("bad configuration '" + config + "': want WRITERSxCHUNKS, e.g. 32x9");
                System.exit(2);
            }
            int writers = Integer.parseInt(wb[0]);
            int batch = Integer.parseInt(wb[1]);
            int chunks = writers == 1 ? 1_800 : 9_000;
            measure(client, node, pid, run, writers, batch, chunks / 3); // warm-up
            double[][] runs = new double[3][];
            for (int r = 0; r < 3; r++) {
                runs[r] = measure(client, node, pid, run, writers, batch, chunks);
                System.out.printf("%s writers=%d batch=%d run %d: %.0f chunks/s, p50 %.2f ms, p99 %.2f ms, node CPU %.0f ms/1000 chunks%n",
                        label, writers, batch, r + 1, runs[r][0], runs[r][1], runs[r][2], runs[r][3]);
            }
            System.out.printf("RESULT %s writers=%d batch=%d median: %.0f chunks/s, request p50 %.2f ms, p99 %.2f ms, node CPU %.0f ms/1000 chunks%n",
                    label, writers, batch, median(runs, 0), median(runs, 1), median(runs, 2), median(runs, 3));
        }
        client.close();
        vertx.close(); // its event loops would keep the JVM alive
    }

    /** {chunks/s, p50 ms, p99 ms (per request), node CPU ms per 1000 chunks}. */
    private static double[] measure(HttpChunkStore client, NodeInfo node, long pid, String run, int writers, int batch, int chunks)
            throws Exception {
        int requestsPerWriter = Math.max(1, chunks / batch / writers);
        long[] latencies = new long[requestsPerWriter * writers];
        byte[] data = new byte[CHUNK];
        new Random(1).nextBytes(data);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long cpuBefore = cpuMillis(pid);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < requestsPerWriter; i++) {
                    long t0 = System.nanoTime();
                    if (batch == 1) {
                        client.put(node, "bench-" + run + "-" + IDS.incrementAndGet(), data, null);
                    } else {
                        List<ChunkPut> puts = new ArrayList<>(batch);
                        for (int c = 0; c < batch; c++) {
                            puts.add(new ChunkPut("bench-" + run + "-" + IDS.incrementAndGet(), data, null));
                        }
                        client.putAll(node, puts).forEach(o -> {
                            if (!o.isStored()) {
                                throw o.failure();
                            }
                        });
                    }
                    latencies[writer * requestsPerWriter + i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = cpuMillis(pid) - cpuBefore;
        Arrays.sort(latencies);
        long total = (long) requestsPerWriter * writers * batch;
        return new double[] {total / seconds, latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                cpu * 1000.0 / total};
    }

    /** utime + stime of the process, in ms (clock ticks of 10 ms on Linux). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static double median(double[][] runs, int column) {
        double[] values = {runs[0][column], runs[1][column], runs[2][column]};
        Arrays.sort(values);
        return values[1];
    }
}
