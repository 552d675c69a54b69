package io.hybridstore.cluster;

import java.util.List;
import java.util.Locale;

/**
 * The heap a local cluster's storage nodes and gateways run, under the serial collector every app of
 * it runs ({@link QuarkusApp}): its size and its young generation. A dozen JVMs share a few cores
 * here, so a collection's pause is paid twice: its own copying, and the wait for a core while the
 * other JVMs run. The nodes and gateways have two defaults, one per kind of cluster, as their JIT
 * has ({@link NodeJit}): {@link #SERVING} for a cluster that serves ({@code make run}, the
 * benchmarks) and {@link #SHORT_LIVED} for one that lives for a test (whose tests may set their own
 * {@code -Xmx}, which a fixed young generation would not fit). The healers always run {@link #SMALL}.
 */
public enum AppHeap {
    /** 256 MiB, the young generation the JVM's third (85 MiB): what every app ran until session 28. */
    SMALL(List.of("-Xmx256m")),
    /**
     * 448 MiB with a 256-MiB young generation, objects promoted after surviving 2 collections. Under
     * small-document load (bench-small, 32 writers, docs/benchmarks.md session 28) a node's 70-MiB eden
     * filled every 8 s, and each collection copied 8-10 MiB: the chunk index's new entries (about 450
     * bytes a chunk, kept for good), copied through the survivor spaces up to 4 times before promotion,
     * 35-65 ms a pause with half of it waiting for a core. A 205-MiB eden collects a third as often,
     * and promotion after 2 copies halves what each collection copies of data that lives anyway. The
     * old generation keeps 192 MiB (171 before). What it costs: up to 192 MiB more resident per JVM once
     * the eden has been used.
     */
    LARGE_YOUNG(List.of("-Xmx448m", "-Xmn256m", "-XX:MaxTenuringThreshold=2"));

    /** The nodes and gateways of a cluster that serves: {@code make run}, {@code make up} and the benchmarks ({@code LocalClusterMain}). */
    static final AppHeap SERVING = LARGE_YOUNG;
    /** The nodes and gateways of a cluster that lives for a test or the chaos run: {@link LocalClusterBuilder}'s default. */
    static final AppHeap SHORT_LIVED = SMALL;
    /** The healers of every cluster: idle but for a heal, which runs on a heap sized by its page size (docs/operations.md). */
    static final AppHeap HEALER = SMALL;

    private final List<String> flags;

    AppHeap(List<String> flags) {
        this.flags = flags;
    }

    /** The JVM's heap flags for this choice, before the cluster's own javaOpts (which can undo them: the last flag wins). */
    List<String> flags() {
        return flags;
    }

    /** "small" or "large-young": what {@code --node-heap} and {@code --gateway-heap} take. */
    String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "small" or "large-young", as the command line gives it. */
    static AppHeap parse(String value) {
        for (AppHeap heap : values()) {
            if (heap.optionName().equalsIgnoreCase(value)) {
                return heap;
            }
        }
        throw new IllegalArgumentException("expected small or large-young, got " + value);
    }
}
