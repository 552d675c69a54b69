package io.hybridstore.cluster;

import java.util.List;

/**
 * Which JIT compilers a local cluster's storage nodes run. A node on a machine of its own (deploy/)
 * keeps the JVM's default, tiered; the choice matters here because eight node JVMs share a few cores
 * with the rest of the cluster, and each compiles the same request path.
 */
public enum NodeJit {
    /**
     * C1 only ({@code -XX:TieredStopAtLevel=1}): little compile work, slower code. Every local cluster's
     * default ({@code make run}, the benchmarks, the tests), chosen on both workloads (docs/benchmarks.md,
     * session 21): C2 nodes halve the nodes' CPU per small document once compiled, but on 1-GiB blobs
     * they were still compiling after 15 rounds and uploaded 13 % slower (median 7.20 s against 6.36
     * in a quiet pair), and issue 14 lets no blob figure regress. Short-lived test clusters never repay
     * C2's compiles either.
     */
    C1(List.of("-XX:TieredStopAtLevel=1")),
    /**
     * The JVM's default, C1 then C2, as a node on a machine of its own runs (deploy/): more compile work
     * for the first minutes, then about half the CPU per request. Measured on bench-small after a 300-s
     * warm-up: 1.07-1.13 ms of the nodes' CPU per small write against 1.79-1.91 with C1, 0.44 per read
     * against 0.84-0.95; the cluster's 3.35-3.53 ms per write against 4.51-4.74. For a local cluster
     * that serves small documents for longer than a few minutes ({@code --node-jit tiered}).
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
