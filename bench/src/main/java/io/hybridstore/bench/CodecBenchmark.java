package io.hybridstore.bench;

import io.hybridstore.common.erasure.CodingLoop;
import io.hybridstore.common.erasure.CodingLoops;
import io.hybridstore.common.erasure.ReedSolomon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Reed-Solomon throughput: encode (all parity) and decode with two data shards missing, per coding
 * loop, shape and shard size. Scores are operations per second; one operation covers
 * {@code k × shardSize} bytes of data, which {@link CodecBenchReport} turns into MB/s.
 *
 * <p>Both loops run in the same JMH invocation so their ratio comes from one run on one machine
 * state. Defaults are short (2 × 1 s warm-up, 5 × 1 s measurement, 1 fork) to keep the whole run
 * at about three minutes on two cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

    /** "k+m". */
    @Param({"4+2", "10+4"})
    public String shape;

    @Param({"65536", "1048576"})
    public int shardSize;

    /** "reference" or "vector"; the vector loop must be available, or the benchmark fails. */
    @Param({"reference", "vector"})
    public String loop;

    private ReedSolomon codec;
    private byte[][] shards;
    private boolean[] twoDataShardsMissing;

    @Setup(Level.Trial)
    public void setUp() {
        String[] km = shape.split("\\+");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        codec = ReedSolomon.create(k, m, loop(loop));
        shards = new byte[k + m][shardSize];
        SplittableRandom random = new SplittableRandom(k * 100L + m);
        for (int i = 0; i < k; i++) {
            random.nextBytes(shards[i]);
        }
        codec.encodeParity(shards, 0, shardSize);
        twoDataShardsMissing = new boolean[k + m];
        Arrays.fill(twoDataShardsMissing, true);
        twoDataShardsMissing[0] = false;
        twoDataShardsMissing[1] = false;
    }

    static CodingLoop loop(String name) {
        return switch (name) {
            case "reference" -> CodingLoops.reference();
            case "vector" -> CodingLoops.vector().orElseThrow(() -> new IllegalStateException(
                    "vector loop unavailable: run with --add-modules=jdk.incubator.vector"));
            default -> throw new IllegalArgumentException("unknown loop: " + name);
        };
    }

    /** Parity for the whole stripe. The result lands in {@code shards}, which JMH cannot elide. */
    @Benchmark
    public byte[][] encode() {
        codec.encodeParity(shards, 0, shardSize);
        return shards;
    }

    /**
     * Rebuilds data shards 0 and 1 from the other k shards (the decode matrix is cached after the
     * first call, as it is in a server decoding many stripes with the same loss).
     */
    @Benchmark
    public byte[][] decode2() {
        codec.decodeMissing(shards, twoDataShardsMissing, 0, shardSize);
        return shards;
    }
}
