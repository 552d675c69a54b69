package io.hybridstore.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link CodecBenchmark} through JMH (any JMH command-line option may be passed, e.g.
 * {@code -p shape=4+2 -i 5 -rff out.json}; defaults: the annotations on {@link CodecBenchmark}, raw
 * results to {@value #DEFAULT_RESULT_FILE}) and prints MB/s of data per loop and the
 * vector/reference ratio for every (operation, shape, shard size).
 */
public final class CodecBenchReport {

    /** The target: the vector loop at least this many times the reference loop. */
    private static final double TARGET_RATIO = 10.0;

    /** Raw JMH results, relative to the working directory (the repository root for the script). */
    private static final String DEFAULT_RESULT_FILE = "bench/target/codec-bench.json";

    private CodecBenchReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .parent(commandLine)
                .include(CodecBenchmark.class.getName());
        if (!commandLine.getResult().hasValue()) {
            // Options set on the builder would override the command line, so only fill in what is absent.
            builder.resultFormat(ResultFormatType.JSON).result(DEFAULT_RESULT_FILE);
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        printTable(results);
    }

    private record Row(String operation, String shape, int shardSize) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int c = operation.compareTo(o.operation);
            if (c == 0) {
                c = Integer.compare(dataShards(shape), dataShards(o.shape));
            }
            return c != 0 ? c : Integer.compare(shardSize, o.shardSize);
        }
    }

    static int dataShards(String shape) {
        return Integer.parseInt(shape.substring(0, shape.indexOf('+')));
    }

    private static void printTable(Collection<RunResult> results) {
        Map<Row, Map<String, double[]>> table = new TreeMap<>();
        for (RunResult result : results) {
            var params = result.getParams();
            String benchmark = params.getBenchmark();
            String operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String shape = params.getParam("shape");
            int shardSize = Integer.parseInt(params.getParam("shardSize"));
            double bytesPerOp = (double) dataShards(shape) * shardSize;
            var primary = result.getPrimaryResult();
            double mbPerSecond = primary.getScore() * bytesPerOp / 1e6;
            double error = Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError() * bytesPerOp / 1e6;
            table.computeIfAbsent(new Row(operation, shape, shardSize), r -> new TreeMap<>())
                    .put(params.getParam("loop"), new double[] {mbPerSecond, error});
        }
        System.out.println();
        System.out.println("MB/s of data (10^6 bytes/s, k x shard size per operation; +- is JMH's 99.9% error)");
        System.out.printf("%-8s %-6s %-6s %20s %20s %8s%n", "op", "shape", "shard", "reference MB/s", "vector MB/s", "ratio");
        for (var entry : table.entrySet()) {
            Row row = entry.getKey();
            double[] ref = entry.getValue().get("reference");
            double[] vec = entry.getValue().get("vector");
            String ratio = ref != null && vec != null ? String.format("%.1fx%s", vec[0] / ref[0],
                    vec[0] / ref[0] < TARGET_RATIO ? " <10x" : "") : "-";
            System.out.printf("%-8s %-6s %-6s %20s %20s %8s%n", row.operation(), row.shape(), size(row.shardSize()),
                    format(ref), format(vec), ratio);
        }
    }

    private static String format(double[] value) {
        return value == null ? "-" : String.format("%.0f +- %.0f", value[0], value[1]);
    }

    private static String size(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "MiB" : bytes / 1024 + "KiB";
    }
}
