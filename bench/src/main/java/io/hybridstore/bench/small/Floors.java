package io.hybridstore.bench.small;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The floors: what the cluster's parts cost bare on this machine at this moment (a Kafka append, an
 * etcd commit and get, a node's chunk PUT and GET), at one client (latency) and at {@code many}
 * (throughput). {@code make bench-small} divides its one-client medians by them; {@code make
 * bench-heal} measures them before its load so that its seconds can be read against the machine
 * (session 27: until then its only measure of the machine was the load average).
 */
final class Floors {
    /** The metadata record of a small document is about this long (3 replicas + 6 shards of JSON). */
    private static final int METADATA_BYTES = 1_600;
    private static final int CHUNK_BYTES = 1_024;
    private static final Duration WARMUP = Duration.ofSeconds(2);

    private final BenchRun run;

    Floors(BenchRun run) {
        this.run = run;
    }

    /** The five floors in the order the report lists them, each measured for the settings' {@code floor} per client count. */
    List<SmallBenchReport.Floor> measure(int many) throws Exception {
        BenchCluster cluster = run.cluster();
        List<SmallBenchReport.Floor> floors = new ArrayList<>();
        try (KafkaFloor kafka = new KafkaFloor(cluster.kafkaBootstrap(), "bench-floor-" + run.runId(), walRecordBytes());
             EtcdFloor etcd = new EtcdFloor(cluster.etcdEndpoints(), "/hybridstore-bench/" + run.runId(), METADATA_BYTES)) {
            floors.add(floor(SmallBenchReport.KAFKA_APPEND, many, kafka::append));
            floors.add(floor(SmallBenchReport.ETCD_COMMIT, many, etcd::commit));
            floors.add(floor(SmallBenchReport.ETCD_GET, many, etcd::get));
        }
        NodeFloor node = new NodeFloor(cluster.node(cluster.nodeNames().get(0)), cluster.token(), CHUNK_BYTES, "bench-floor-" + run.runId());
        floors.add(floor(SmallBenchReport.NODE_PUT, many, node::put));
        floors.add(floor(SmallBenchReport.NODE_GET, many, node::get));
        return floors;
    }

    /** A WAL record carries the whole document plus a little envelope. */
    private int walRecordBytes() {
        return new Documents(run.settings().textBytes()).writeBody("k", new SplittableRandom(1)).length + 150;
    }

    private SmallBenchReport.Floor floor(String name, int many, IntFunction<Operation> op) throws InterruptedException {
        LoadRun.timed(name + "-warmup", 8, WARMUP, op);
        PhaseReport single = run.measure(name, 1, run.settings().floor(), op);
        PhaseReport concurrent = run.measure(name, many, run.settings().floor(), op);
        return new SmallBenchReport.Floor(name, single, concurrent);
    }
}
