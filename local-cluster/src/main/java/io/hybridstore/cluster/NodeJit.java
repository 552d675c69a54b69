package io.hybridstore.cluster;

import java.util.List;

/**
 * Which JIT compilers a local cluster's storage nodes run. A node on a machine of its own (deploy/)
 * keeps the JVM's default, tiered; the choice matters here because eight node JVMs share a few cores
 * with the rest of the cluster, and each compiles the same request path.
 */
public enum NodeJit {
    /**
     * C1 only ({@code -XX:TieredStopAtLevel=1}): little compile work, slower code. The test harness's
     * choice ({@link LocalCluster.Builder}): its clusters live for seconds or minutes and never repay C2's
     * compiles, which would compete with the tests for CI's two cores.
     */
    C1(List.of("-XX:TieredStopAtLevel=1")),
    /**
     * The JVM's default, C1 then C2: more compile work for the first minutes, then about half the CPU per
     * request. {@code make run} and the benchmarks' choice ({@link LocalClusterMain}). Measured on
     * bench-small (docs/benchmarks.md, session 21): after 5 minutes of warm-up the nodes used 1.07 ms of
     * CPU per small write against 1.87-1.91 with C1, and 0.44 ms per read against 0.84.
     */
    TIERED(List.of());

    private final List<String> flags;

    NodeJit(List<String> flags) {
        this.flags = flags;
    }

    /** The node JVM's flags for this choice, before the cluster's own javaOpts (which can undo them: the last -XX flag wins). */
    List<String> flags() {
        return flags;
    }

    /** "c1" or "tiered", as the command line gives it. */
    static NodeJit parse(String value) {
        for (NodeJit jit : values()) {
            if (jit.name().equalsIgnoreCase(value)) {
                return jit;
            }
        }
        throw new IllegalArgumentException("--node-jit: expected c1 or tiered, got " + value);
    }
}
