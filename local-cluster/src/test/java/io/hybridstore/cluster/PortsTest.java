package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void freePortsAreDistinctAndBindable() throws Exception {
        Set<Integer> ports = new HashSet<>();
        IntStream.range(0, 50).forEach(i -> ports.add(Ports.free()));
        assertEquals(50, ports.size(), "a port handed out twice");
        for (int port : ports) {
            Ports.requireFree(port, "test");
        }
    }

    @Test
    void aBoundPortIsReportedWithItsIntendedOwner() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertTrue(Ports.isListening(port));
            LocalClusterException e = assertThrows(LocalClusterException.class, () -> Ports.requireFree(port, "gateway-1"));
            assertTrue(e.getMessage().contains("port " + port + " (for gateway-1)"), e.getMessage());
        }
    }

    @Test
    void aClosedPortIsNotListening() {
        assertFalse(Ports.isListening(Ports.free()));
    }
}
