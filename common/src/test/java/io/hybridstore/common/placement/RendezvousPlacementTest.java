package io.hybridstore.common.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RendezvousPlacementTest {

    private static final int KEYS = 10_000;
    private final RendezvousPlacement placement = new RendezvousPlacement();

    private static List<String> ids(List<NodeInfo> nodes) {
        return nodes.stream().map(NodeInfo::id).toList();
    }

    @Test
    void isDeterministicAndIndependentOfInputOrder() {
        List<NodeInfo> nodes = StaticNodeDirectory.of(8, 0).liveNodes();
        List<NodeInfo> shuffled = new ArrayList<>(nodes);
        java.util.Collections.reverse(shuffled);
        for (int i = 0; i < 100; i++) {
            assertEquals(ids(placement.choose("k" + i, nodes, 6)), ids(placement.choose("k" + i, shuffled, 6)));
        }
    }

    @Test
    void choosesDistinctNodesAndFewerWhenTooFewLive() {
        List<NodeInfo> nodes = StaticNodeDirectory.of(8, 0).liveNodes();
        List<NodeInfo> six = placement.choose("obj", nodes, 6);
        assertEquals(6, new HashSet<>(ids(six)).size());
        assertEquals(4, placement.choose("obj", nodes.subList(0, 4), 6).size());
        assertTrue(placement.choose("obj", List.of(), 3).isEmpty());
    }

    @Test
    void excludesCurrentHolders() {
        List<NodeInfo> nodes = StaticNodeDirectory.of(8, 0).liveNodes();
        Set<String> exclude = Set.copyOf(ids(placement.choose("obj", nodes, 3)));
        List<NodeInfo> replacement = placement.choose("obj", nodes, 2, exclude);
        assertEquals(2, replacement.size());
        replacement.forEach(n -> assertFalse(exclude.contains(n.id())));
    }

    @Test
    void spreadsCopiesAcrossZonesBeforeDoublingUp() {
        List<NodeInfo> nodes = StaticNodeDirectory.of(9, 3).liveNodes();
        for (int i = 0; i < 1000; i++) {
            List<NodeInfo> three = placement.choose("key-" + i, nodes, 3);
            assertEquals(3, three.stream().map(NodeInfo::zone).distinct().count(), "3 replicas in 3 zones");
            List<NodeInfo> six = placement.choose("key-" + i, nodes, 6);
            Map<String, Integer> perZone = new HashMap<>();
            six.forEach(n -> perZone.merge(n.zone(), 1, Integer::sum));
            assertEquals(Set.of(2), Set.copyOf(perZone.values()), "6 shards over 3 zones = 2 each");
        }
    }

    @Test
    void addingANodeMovesOnlyTheGroupsThatRankItAmongTheirWinners() {
        StaticNodeDirectory directory = StaticNodeDirectory.of(8, 0);
        List<NodeInfo> before = directory.liveNodes();
        directory.add(new NodeInfo("node-9", "mem://node-9", "", 1, 0, 0, 0, "test"));
        List<NodeInfo> after = directory.liveNodes();
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            List<String> a = ids(placement.choose("key-" + i, before, 3));
            List<String> b = ids(placement.choose("key-" + i, after, 3));
            if (!a.equals(b)) {
                moved++;
                // The only change allowed: node-9 took a slot; the others keep their relative order.
                assertTrue(b.contains("node-9"), "a group moved without the new node: " + a + " -> " + b);
                List<String> rest = new ArrayList<>(b);
                rest.remove("node-9");
                assertTrue(a.containsAll(rest));
            }
        }
        // Expected share: 3 of 9 slots = 1/3 of groups include the new node.
        double share = moved / (double) KEYS;
        assertTrue(share > 0.28 && share < 0.39, "moved share " + share);
    }

    @Test
    void removingANodeMovesOnlyTheGroupsThatHeldIt() {
        List<NodeInfo> before = StaticNodeDirectory.of(8, 0).liveNodes();
        List<NodeInfo> after = before.stream().filter(n -> !n.id().equals("node-4")).toList();
        int affected = 0;
        for (int i = 0; i < KEYS; i++) {
            List<String> a = ids(placement.choose("key-" + i, before, 3));
            List<String> b = ids(placement.choose("key-" + i, after, 3));
            if (a.contains("node-4")) {
                affected++;
                List<String> kept = new ArrayList<>(a);
                kept.remove("node-4");
                assertTrue(b.containsAll(kept), "survivors keep their copies");
            } else {
                assertEquals(a, b);
            }
        }
        assertTrue(affected > 0);
    }

    @Test
    void spreadsLoadEvenly() {
        List<NodeInfo> nodes = StaticNodeDirectory.of(8, 0).liveNodes();
        Map<String, Integer> load = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            placement.choose("key-" + i, nodes, 6).forEach(n -> load.merge(n.id(), 1, Integer::sum));
        }
        double mean = KEYS * 6 / 8.0;
        assertEquals(8, load.size());
        load.values().forEach(v -> assertTrue(Math.abs(v - mean) / mean < 0.05, "load " + load));
    }

    @Test
    void onlyNodesWithRoomAboveTheirReserveTakeNewCopies() {
        List<NodeInfo> nodes = List.of(
                new NodeInfo("roomy", "mem://roomy", "", 1000, 0, 0, 0, "t"),
                new NodeInfo("exact", "mem://exact", "", 1000, 900, 0, 0, "t"),
                new NodeInfo("full", "mem://full", "", 500, 500, 0, 0, "t"));
        assertEquals(List.of("roomy", "exact"), RendezvousPlacement.withRoomFor(nodes, 100).stream().map(NodeInfo::id).toList());
        assertEquals(List.of("roomy"), RendezvousPlacement.withRoomFor(nodes, 101).stream().map(NodeInfo::id).toList());
        assertEquals(3, RendezvousPlacement.withRoomFor(nodes, 0).size(), "an empty chunk fits anywhere");
    }
}
