package io.hybridstore.chaos;

import io.hybridstore.chaos.Fault.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Plans the faults of a run from a seed: the same seed, load and cluster give the same plan.
 *
 * <p>The load is split into {@code rounds} equal slices between 10% and 85% of it; in each slice the
 * gateway, the healer leader and the broker are each killed once, at a random time. Two distinct
 * storage nodes are killed once per run, at random times in the same window, each down for a random
 * time in {@code [nodeDownMin, nodeDownMax]} and back before the window ends. Two, because that is
 * the most the layout (3 replicas, RS 4+2) survives at once: no acknowledged write may be lost. The
 * last 15% of the load then runs on the whole cluster again.
 */
public final class FaultSchedule {
    /** Storage nodes killed per run. */
    public static final int NODE_KILLS = 2;
    /** The broker's process name in {@code LocalCluster}. */
    public static final String BROKER = "kafka";
    private static final double WINDOW_START = 0.10;
    private static final double WINDOW_END = 0.85;

    private FaultSchedule() {
    }

    public static List<Fault> plan(long seed, Duration load, int rounds, List<String> nodes, String gateway,
                                   Duration nodeDownMin, Duration nodeDownMax) {
        if (rounds < 1 || nodes.size() < NODE_KILLS || load.isNegative() || load.isZero()
                || nodeDownMin.compareTo(nodeDownMax) > 0) {
            throw new IllegalArgumentException("cannot plan " + rounds + " rounds over " + load + " on " + nodes.size()
                    + " nodes with node downtime " + nodeDownMin + ".." + nodeDownMax);
        }
        Random random = new Random(seed);
        long start = (long) (load.toMillis() * WINDOW_START);
        long end = (long) (load.toMillis() * WINDOW_END);
        List<Fault> faults = new ArrayList<>();

        long slice = (end - start) / rounds;
        for (int round = 0; round < rounds; round++) {
            long from = start + round * slice;
            faults.add(prompt(from + random.nextLong(slice), Kind.GATEWAY, gateway));
            faults.add(prompt(from + random.nextLong(slice), Kind.HEALER_LEADER, null));
            faults.add(prompt(from + random.nextLong(slice), Kind.KAFKA, BROKER));
        }

        List<String> victims = new ArrayList<>(nodes);
        Collections.shuffle(victims, random);
        for (String node : victims.subList(0, NODE_KILLS)) {
            long down = Math.min(end - start - 1, between(random, nodeDownMin.toMillis(), nodeDownMax.toMillis()));
            long at = start + random.nextLong(end - start - down);
            faults.add(new Fault(Duration.ofMillis(at), Kind.STORAGE_NODE, node, Duration.ofMillis(down)));
        }
        faults.sort(Comparator.comparing(Fault::at));
        return List.copyOf(faults);
    }

    private static Fault prompt(long atMillis, Kind kind, String target) {
        return new Fault(Duration.ofMillis(atMillis), kind, target, Duration.ZERO);
    }

    private static long between(Random random, long min, long max) {
        return min == max ? min : min + random.nextLong(max - min + 1);
    }
}
