package io.hybridstore.bench;

import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.usage.ContentRef;
import io.hybridstore.common.usage.UsageCodec;
import io.hybridstore.common.usage.UsageCounts;
import io.hybridstore.common.usage.UsageDelta;
import io.hybridstore.common.usage.UsageFold;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the usage values of one new document cost the gateway to write and read, as JSON (before
 * session 35) and compact ({@link UsageCodec}): the write encodes its delta; the fold decodes it,
 * and decodes and encodes the two reference counts it touches (new contents: encoded only). One
 * operation is one document's share of that work. Run:
 * {@code java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main UsageValues}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UsageValuesBenchmark {

    @Param({"json", "compact"})
    public String format;

    private UsageDelta delta;
    private UsageFold.References refs;
    private byte[] refsBytes;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(35);
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        String cold = HexFormat.of().formatHex(hash);
        random.nextBytes(hash);
        String hot = HexFormat.of().formatHex(hash);
        // As the bench's documents: a new key, 3 counters, a cold part (4+2 shards) and a hot part (3 replicas).
        delta = new UsageDelta("bench/small/w-0000123456", new UsageCounts(new TreeMap<>(Map.of(
                "document.clean.objects", 1L, "document.clean.bytes", 3_240L, "document.physical", 5_592L))),
                List.of(new ContentRef("c-" + cold + "-4-2", 4_608, 1), new ContentRef("h-" + hot, 984, 1)));
        refs = new UsageFold.References(1, 4_608);
        refsBytes = json() ? ModelJson.toBytes(refs) : UsageCodec.encode(refs);
    }

    /** The write's share: its delta's bytes. */
    @Benchmark
    public byte[] encodeDelta() {
        return json() ? ModelJson.toBytes(delta) : UsageCodec.encode(delta);
    }

    /** The write and the fold of a new document: its delta written and read back, its two contents' reference counts written. */
    @Benchmark
    public void writeAndFold(Blackhole sink) {
        byte[] stored = json() ? ModelJson.toBytes(delta) : UsageCodec.encode(delta);
        sink.consume(json() ? ModelJson.fromBytes(stored, UsageDelta.class) : UsageCodec.delta(stored, "delta"));
        for (int i = 0; i < 2; i++) {
            sink.consume(json() ? ModelJson.toBytes(refs) : UsageCodec.encode(refs));
        }
    }

    /** A fold's read of an existing content's reference count (a shared content). */
    @Benchmark
    public UsageFold.References readReferences() {
        return json() ? ModelJson.fromBytes(refsBytes, UsageFold.References.class) : UsageCodec.references(refsBytes, "refs");
    }

    private boolean json() {
        return "json".equals(format);
    }
}
