package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {
    @Test
    void fixedPortsAreTheWellKnownOnesInStartOrder() {
        Layout layout = Layout.plan(8, 1, 2, true, true);
        Map<String, Integer> ports = layout.slots().stream().collect(Collectors.toMap(Layout.Slot::name, Layout.Slot::port));
        assertEquals(List.of("etcd", "kafka", "node-1", "node-2", "node-3", "node-4", "node-5", "node-6", "node-7", "node-8",
                "gateway-1", "healer-1", "healer-2"), layout.slots().stream().map(Layout.Slot::name).toList());
        assertEquals(2379, ports.get("etcd"));
        assertEquals(2380, layout.slots().get(0).secondPort());
        assertEquals(9092, ports.get("kafka"));
        assertEquals(9093, layout.slots().get(1).secondPort());
        assertEquals(8080, ports.get("gateway-1"));
        assertEquals(9000, layout.slots().get(10).secondPort()); // the gateway's S3 API
        for (int i = 1; i <= 8; i++) {
            assertEquals(8080 + i, ports.get("node-" + i));
        }
        assertEquals(8091, ports.get("healer-1"));
        assertEquals(8092, ports.get("healer-2"));
    }

    @Test
    void zonesGoRoundRobin() {
        List<String> zones = Layout.plan(4, 0, 0, false, false).withRole(Role.STORAGE_NODE).stream().map(Layout.Slot::zone).toList();
        assertEquals(List.of("zone-a", "zone-b", "zone-c", "zone-a"), zones);
    }

    @Test
    void largeFixedClustersDoNotClash() {
        // The record's constructor rejects any duplicate port; building is the assertion.
        Layout layout = Layout.plan(30, 9, 9, true, true);
        assertEquals(2 + 30 + 9 + 9, layout.slots().size());
    }

    @Test
    void freePortsAvoidTheFixedOnes() {
        Layout layout = Layout.plan(8, 1, 2, true, false);
        List<Integer> fixed = Layout.plan(8, 1, 2, true, true).slots().stream().map(Layout.Slot::port).toList();
        layout.slots().forEach(slot -> assertFalse(fixed.contains(slot.port()), slot.toString()));
    }

    @Test
    void withoutKafkaThereIsNoKafkaSlot() {
        Layout layout = Layout.plan(1, 0, 0, false, false);
        assertEquals(List.of("etcd", "node-1"), layout.slots().stream().map(Layout.Slot::name).toList());
    }

    @Test
    void duplicatesAreRejected() {
        Layout.Slot a = new Layout.Slot("node-1", Role.STORAGE_NODE, 8081, 0, "zone-a");
        Layout.Slot b = new Layout.Slot("node-2", Role.STORAGE_NODE, 8081, 0, "zone-b");
        assertThrows(IllegalArgumentException.class, () -> new Layout(List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> new Layout(List.of(a, a)));
    }

    @Test
    void savedLayoutLoadsBackEqual(@TempDir Path dir) throws Exception {
        Layout layout = Layout.plan(3, 1, 2, true, false);
        layout.save(dir);
        assertEquals(layout, Layout.load(dir));
    }

    @Test
    void loadingWithoutAClusterSaysHowToStartOne(@TempDir Path dir) {
        LocalClusterException e = assertThrows(LocalClusterException.class, () -> Layout.load(dir));
        assertTrue(e.getMessage().contains("make up"), e.getMessage());
    }
}
