package io.hybridstore.cluster;

import java.util.List;

/**
 * Which JIT compilers a local cluster's storage nodes, its gateways and its healers run. A node or gateway on a
 * machine of its own (deploy/) keeps the JVM's default, tiered; the choice matters here because a
 * dozen JVMs share a few cores, and each compiles its request path while it serves. The nodes have
 * two defaults, one per kind of cluster: {@link #SERVING} for a cluster that serves ({@code make run},
 * the benchmarks) and {@link #SHORT_LIVED} for one that lives for a test; the gateways one,
 * {@link #GATEWAY}, and the healers one, {@link #HEALER}.
 */
public enum NodeJit {
    /**
     * C1 only ({@code -XX:TieredStopAtLevel=1}): little compile work, slower code. On 1-GiB blobs plain
     * tiered nodes were still compiling after 15 rounds and uploaded 13 % slower than C1 (median 7.20 s
     * against 6.36 in a quiet pair, docs/benchmarks.md session 21), and a cluster that lives for a test
     * never repays C2's compiles: the tests' and the chaos run's clusters keep C1.
     */
    C1(List.of("-XX:TieredStopAtLevel=1")),
    /**
     * The JVM's default, C1 then C2, as a node on a machine of its own runs (deploy/): more compile work
     * for the first minutes, then about half the CPU per request. Measured on bench-small after a 300-s
     * warm-up: 1.07-1.13 ms of the nodes' CPU per small write against 1.79-1.91 with C1, 0.44 per read
     * against 0.84-0.95; the cluster's 3.35-3.53 ms per write against 4.51-4.74. For a local cluster
     * that serves small documents for longer than a few minutes ({@code --node-jit tiered}).
     */
    TIERED(List.of()),
    /**
     * Tiered with every compile threshold at a tenth ({@code -XX:CompileThresholdScaling=0.1}). A node
     * serving 1-GiB blobs gets a few hundred requests a round, so with the default thresholds its
     * per-request path (Vert.x, Netty's HTTP decoder and buffers, RESTEasy's handlers and body stream)
     * reaches C2 one method at a time for minutes, and runs meanwhile in C1's profiled tier. No
     * deoptimisation cycle, no full code cache (docs/benchmarks.md, session 22). A tenth of the
     * thresholds compiles more, and sooner: twice the nodes' compile CPU of plain tiered over a
     * bench-blob run, most of it in the first rounds (the first 1-GiB upload took 35 s against C1's 16),
     * after which the nodes used less CPU per blob than C1's (4.2-5.1 CPU-s per upload against
     * 5.7-6.2) and uploaded no slower. On small documents, once settled (bench-small, session 23, one
     * pair at the same load): the nodes' CPU 1.20 ms per write against C1's 1.99 and 0.60 per read
     * against 0.89, the cluster's 4.01 and 1.61 ms against 4.79 and 1.94. Its price is the start: the
     * nodes compile some 150 CPU-s over the first ten minutes of load (C1 a tenth of it), which a
     * cluster that serves for longer repays.
     */
    TIERED_EARLY(List.of("-XX:CompileThresholdScaling=0.1"));

    /** The nodes of a cluster that serves: {@code make run}, {@code make up} and the benchmarks ({@code LocalClusterMain}). */
    static final NodeJit SERVING = TIERED_EARLY;
    /** The nodes of a cluster that lives for a test or the chaos run: {@link LocalClusterBuilder}'s default. */
    static final NodeJit SHORT_LIVED = C1;
    /**
     * The gateways of every cluster: the JVM's own. A gateway still compiles after bench-small's
     * warm-up (0.05-0.25 ms of its CPU per write at 32 clients, 6-17 %), but tiered-early did not
     * shorten that in session 26's pair (docs/benchmarks.md), so the choice ({@code --gateway-jit}) is
     * there for the next A/B, not a default.
     */
    static final NodeJit GATEWAY = TIERED;
    /**
     * The healers of every cluster: the JVM's own. The leader's repair path (plan, batch read and write,
     * rebuild, the etcd commit) first runs when a node dies, and it compiled through about half of the
     * leader's CPU over the heal in session 26 (4.6-5.4 of 9.5-11.0 CPU-s); {@code --healer-jit} is
     * there to measure the choice with {@code make bench-heal} (session 27, docs/benchmarks.md).
     */
    static final NodeJit HEALER = TIERED;

    private final List<String> flags;

    NodeJit(List<String> flags) {
        this.flags = flags;
    }

    /** The node JVM's flags for this choice, before the cluster's own javaOpts (which can undo them: the last -XX flag wins). */
    List<String> flags() {
        return flags;
    }
}
