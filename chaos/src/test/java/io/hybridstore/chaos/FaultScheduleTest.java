package io.hybridstore.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.chaos.Fault.Kind;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    private static final List<String> NODES = IntStream.rangeClosed(1, 8).mapToObj(i -> "node-" + i).toList();
    private static final Duration LOAD = Duration.ofSeconds(180);

    private static List<Fault> plan(long seed, int rounds) {
        return FaultSchedule.plan(seed, LOAD, rounds, NODES, "gateway-1", Duration.ofSeconds(20), Duration.ofSeconds(50));
    }

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnother() {
        assertEquals(plan(42, 3), plan(42, 3));
        assertNotEquals(plan(42, 3), plan(43, 3));
    }

    @Test
    void everyRoundKillsTheGatewayTheLeaderAndTheBrokerOnceAndEachRunTwoDistinctNodes() {
        int plans = 0;
        for (long seed = 0; seed < 200; seed++) {
            for (int rounds = 1; rounds <= 4; rounds++) {
                List<Fault> faults = plan(seed, rounds);
                assertEquals(rounds, count(faults, Kind.GATEWAY));
                assertEquals(rounds, count(faults, Kind.HEALER_LEADER));
                assertEquals(rounds, count(faults, Kind.KAFKA));
                List<Fault> nodes = faults.stream().filter(f -> f.kind() == Kind.STORAGE_NODE).toList();
                assertEquals(FaultSchedule.NODE_KILLS, nodes.size());
                assertEquals(FaultSchedule.NODE_KILLS, nodes.stream().map(Fault::target).distinct().count());
                assertTrue(nodes.stream().allMatch(f -> NODES.contains(f.target())));
                plans++;
            }
        }
        assertEquals(800, plans);
    }

    @Test
    void faultsFallInTheirRoundAndKilledNodesAreBackBeforeTheLastPartOfTheLoad() {
        for (long seed = 0; seed < 200; seed++) {
            List<Fault> faults = plan(seed, 3);
            assertEquals(faults.stream().sorted(Comparator.comparing(Fault::at)).toList(), faults, "in time order");
            long start = LOAD.toMillis() / 10;
            long end = LOAD.toMillis() * 85 / 100;
            long third = (end - start) / 3 / 3;
            List<Fault> prompt = faults.stream().filter(f -> f.kind() != Kind.STORAGE_NODE).toList();
            for (int slot = 0; slot < 9; slot++) {
                Fault f = prompt.get(slot);
                assertTrue(f.at().toMillis() >= start + slot * third && f.at().toMillis() < start + (slot + 1) * third,
                        "one fault per third of a round: " + prompt);
                assertEquals(Duration.ZERO, f.downtime(), "restarted at once");
            }
            for (int round = 0; round < 3; round++) {
                List<Kind> order = prompt.subList(round * 3, round * 3 + 3).stream().map(Fault::kind).toList();
                assertEquals(3, order.stream().distinct().count(), "each kind once in round " + round + ": " + order);
                assertTrue(order.indexOf(Kind.GATEWAY) < order.indexOf(Kind.KAFKA), "gateway before broker: " + order);
            }
            for (Fault node : faults.stream().filter(f -> f.kind() == Kind.STORAGE_NODE).toList()) {
                assertTrue(node.at().toMillis() >= start, node.toString());
                assertTrue(node.at().plus(node.downtime()).toMillis() <= end, node.toString());
                assertTrue(node.downtime().compareTo(Duration.ofSeconds(20)) >= 0, node.toString());
                assertTrue(node.downtime().compareTo(Duration.ofSeconds(50)) <= 0, node.toString());
            }
        }
    }

    @Test
    void everyAllowedOrderOfARoundOccurs() {
        Set<List<Kind>> orders = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            orders.add(plan(seed, 1).stream().map(Fault::kind).filter(k -> k != Kind.STORAGE_NODE).toList());
        }
        assertEquals(3, orders.size(), orders.toString());
    }

    @Test
    void theLeaderIsResolvedWhenItsFaultFires() {
        plan(7, 2).stream().filter(f -> f.kind() == Kind.HEALER_LEADER).forEach(f -> assertNull(f.target()));
        plan(7, 2).stream().filter(f -> f.kind() == Kind.KAFKA).forEach(f -> assertEquals(FaultSchedule.BROKER, f.target()));
    }

    @Test
    void aShortLoadShortensTheDowntimeRatherThanLeavingANodeDown() {
        List<Fault> faults = FaultSchedule.plan(1, Duration.ofSeconds(30), 1, NODES, "gateway-1", Duration.ofSeconds(40),
                Duration.ofSeconds(60));
        faults.stream().filter(f -> f.kind() == Kind.STORAGE_NODE)
                .forEach(f -> assertTrue(f.at().plus(f.downtime()).toMillis() <= 30_000 * 85 / 100, f.toString()));
    }

    @Test
    void impossiblePlansAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> plan(1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FaultSchedule.plan(1, LOAD, 1, List.of("node-1"), "gateway-1", Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> FaultSchedule.plan(1, LOAD, 1, NODES, "gateway-1", Duration.ofSeconds(9), Duration.ofSeconds(8)));
    }

    private static long count(List<Fault> faults, Kind kind) {
        return faults.stream().filter(f -> f.kind() == kind).count();
    }
}
