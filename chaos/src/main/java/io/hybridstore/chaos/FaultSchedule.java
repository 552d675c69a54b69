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
 * gateway, the healer leader and the broker are each killed once, at a random time in a third of the
 * slice of their own. The gateway's third comes before the broker's: a gateway killed while the broker
 * is up dies with writes between their WAL ack and their answer, which only the replay can finish
 * (with the broker down, its requests are all still waiting for the log). Two distinct
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
    /** The orders of a round's prompt faults: every one with the gateway before the broker. */
    private static final List<List<Kind>> ROUND_ORDERS = List.of(
            List.of(Kind.GATEWAY, Kind.HEALER_LEADER, Kind.KAFKA),
            List.of(Kind.GATEWAY, Kind.KAFKA, Kind.HEALER_LEADER),
            List.of(Kind.HEALER_LEADER, Kind.GATEWAY, Kind.KAFKA));

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

        long third = (end - start) / rounds / 3;
        for (int round = 0; round < rounds; round++) {
            List<Kind> order = ROUND_ORDERS.get(random.nextInt(ROUND_ORDERS.size()));
            for (int i = 0; i < order.size(); i++) {
                long at = start + (round * 3L + i) * third + random.nextLong(third);
                Kind kind = order.get(i);
                faults.add(new Fault(Duration.ofMillis(at), kind, switch (kind) {
                    case GATEWAY -> gateway;
                    case KAFKA -> BROKER;
                    default -> null;
                }, Duration.ZERO));
            }
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

    private static long between(Random random, long min, long max) {
        return min == max ? min : min + random.nextLong(max - min + 1);
    }
}
