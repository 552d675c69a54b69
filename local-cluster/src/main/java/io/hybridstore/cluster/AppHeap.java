package io.hybridstore.cluster;

import java.util.List;

/**
 * The heap a local cluster's storage nodes and gateways run, under the serial collector every app of
 * it runs ({@link QuarkusApp}): its size and its young generation. A dozen JVMs share a few cores
 * here, so a collection's pause is paid twice: its own copying, and the wait for a core while the
 * other JVMs run (a node's young collection under 32 writers: about 25 ms of CPU and 40 ms of wall
 * time, docs/benchmarks.md session 28). The nodes and gateways have two defaults, one per kind of
 * cluster, as their JIT has ({@link NodeJit}): {@link #SERVING} for a cluster that serves
 * ({@code make run}, the benchmarks) and {@link #SHORT_LIVED} for one that lives for a test (whose
 * tests may set their own {@code -Xmx}, which a fixed young generation would not fit). Both are
 * {@link #SMALL} today: neither alternative measured paid in the p99s. The healers always run {@link #SMALL}.
 */
public enum AppHeap {
    /** 256 MiB, the young generation the JVM's third (85 MiB: a 70-MiB eden). */
    SMALL(List.of("-Xmx256m")),
    /**
     * 448 MiB with a 256-MiB young generation, objects promoted after surviving 2 collections: an A/B
     * switch ({@code --node-heap}, {@code --gateway-heap}), not a default. Under 32 writers a node's
     * 70-MiB eden fills every 8-10 s, and each collection copies about 11 MiB, mostly the chunk index's
     * new entries (about 450 bytes a chunk, kept for good) on their way through the survivor spaces. A
     * 205-MiB eden collected a third as often (9 node collections in the 20-s write phase against
     * 19-22) but copied 16 MiB each, 58 ms a pause against 42, and carried the write phase's survivors
     * into the read phase: writes' store p99 38 ms against 45, but write p99 73 ms against 67-68 and
     * read p99 39 against 31-32 (session 28, one B run between two A runs). It costs ~150 MiB more
     * resident per node, ~175 per gateway.
     */
    LARGE_YOUNG(List.of("-Xmx448m", "-Xmn256m", "-XX:MaxTenuringThreshold=2")),
    /**
     * {@link #SMALL}, every object alive at a young collection promoted at once instead of copied
     * between the survivor spaces ({@code -XX:MaxTenuringThreshold=0}): an A/B switch, not a default.
     * What a node's young collection finds alive is almost all its chunk index's new entries, which
     * live for good (under 32 readers 1-16 KiB is alive at a collection), so copying them 2-4 times
     * first buys nothing. In one run (session 28) a node's write-phase collection copied 4.1 MiB
     * against 11 and took 30 ms against 42, its read-phase collection 1-2 ms against 7-10, the writes'
     * store p99 37 ms against 45; write and read p99 did not follow on the loaded machine (72 and 37 ms
     * against 67-68 and 31-32). Same memory as {@link #SMALL}.
     */
    SMALL_NO_SURVIVOR(List.of("-Xmx256m", "-XX:MaxTenuringThreshold=0"));

    /** The nodes and gateways of a cluster that serves: {@code make run}, {@code make up} and the benchmarks ({@code LocalClusterMain}). */
    static final AppHeap SERVING = SMALL;
    /** The nodes and gateways of a cluster that lives for a test or the chaos run: {@link LocalClusterBuilder}'s default. */
    static final AppHeap SHORT_LIVED = SMALL;
    /** The healers of every cluster: idle but for a heal, whose heap is sized by its page size (docs/operations.md). */
    static final AppHeap HEALER = SMALL;

    private final List<String> flags;

    AppHeap(List<String> flags) {
        this.flags = flags;
    }

    /** The JVM's heap flags for this choice, before the cluster's own javaOpts (which can undo them: the last flag wins). */
    List<String> flags() {
        return flags;
    }
}
