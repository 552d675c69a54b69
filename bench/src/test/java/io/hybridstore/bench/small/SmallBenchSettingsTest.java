package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.bench.small.SmallBenchSettings.Load;
import io.hybridstore.bench.small.SmallBenchSettings.Shape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallBenchSettingsTest {

    @Test
    void defaultsAreTheIssuesShape() {
        SmallBenchSettings s = SmallBenchSettings.parse(List.of("--cluster-dir", "/tmp/c"));
        assertEquals("small", s.mode());
        assertEquals(Path.of("/tmp/c"), s.clusterDir());
        assertEquals(List.of(1, 8, 32), s.clients());
        assertEquals(32, s.mixedClients());
        assertEquals(80, s.readPercent());
        assertEquals(3072, s.textBytes());
        assertEquals(Duration.ofSeconds(20), s.phase());
        assertEquals(Duration.ofSeconds(600), s.warmupMax());
        assertEquals(0.3, s.jitSettled(), 1e-9);
        assertEquals(10_000, s.healDocs());
        assertEquals("node-3", s.healVictim());
    }

    @Test
    void thePhasesAndTheWarmUpRunEveryShapeWritesFirst() {
        SmallBenchSettings settings = SmallBenchSettings.parse(List.of("--cluster-dir", "/tmp/c", "--clients", "1,32", "--mixed-clients", "16"));
        assertEquals(List.of(new Shape(Load.WRITE, 1), new Shape(Load.WRITE, 32), new Shape(Load.READ, 1), new Shape(Load.READ, 32),
                new Shape(Load.MIXED, 16)), settings.phaseShapes());
    }

    @Test
    void everyOptionOverridesItsDefault() {
        SmallBenchSettings s = SmallBenchSettings.parse(List.of("--cluster-dir", "c", "--mode", "heal", "--out", "/tmp/o",
                "--warmup", "2m", "--warmup-max", "0", "--jit-settled", "0.5", "--phase", "500ms", "--floor", "3", "--clients", "2, 4", "--mixed-clients", "16",
                "--read-percent", "50", "--text-bytes", "1000", "--heal-docs", "10", "--heal-clients", "4", "--heal-before", "1s",
                "--heal-timeout", "9s", "--heal-victim", "node-1", "--poll", "250ms"));
        assertEquals("heal", s.mode());
        assertEquals(Path.of("/tmp/o"), s.outDir());
        assertEquals(Duration.ofMinutes(2), s.warmup());
        assertEquals(Duration.ZERO, s.warmupMax());
        assertEquals(0.5, s.jitSettled(), 1e-9);
        assertEquals(Duration.ofMillis(500), s.phase());
        assertEquals(Duration.ofSeconds(3), s.floor());
        assertEquals(List.of(2, 4), s.clients());
        assertEquals(16, s.mixedClients());
        assertEquals(50, s.readPercent());
        assertEquals(1000, s.textBytes());
        assertEquals(10, s.healDocs());
        assertEquals(4, s.healClients());
        assertEquals(Duration.ofSeconds(1), s.healBefore());
        assertEquals(Duration.ofSeconds(9), s.healTimeout());
        assertEquals("node-1", s.healVictim());
        assertEquals(Duration.ofMillis(250), s.poll());
        assertEquals("heal", s.describe().get("mode"));
        assertEquals("node-1", s.describe().get("healVictim"));
    }

    @Test
    void badArgumentsAreRefusedWithTheUsage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SmallBenchSettings.parse(List.of())).getMessage()
                .contains("--cluster-dir is required"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SmallBenchSettings.parse(List.of("--cluster-dir", "c", "--phases", "1s"))).getMessage().contains("usage:"));
        assertThrows(IllegalArgumentException.class, () -> SmallBenchSettings.parse(List.of("--cluster-dir")));
        assertThrows(IllegalArgumentException.class, () -> SmallBenchSettings.parse(List.of("--cluster-dir", "c", "--mode", "blob")));
        assertThrows(IllegalArgumentException.class, () -> SmallBenchSettings.parse(List.of("--cluster-dir", "c", "--clients", "0")));
        assertThrows(IllegalArgumentException.class, () -> SmallBenchSettings.parse(List.of("--cluster-dir", "c", "--phase", "0s")));
        assertThrows(IllegalArgumentException.class, () -> SmallBenchSettings.parse(List.of("--cluster-dir", "c", "--jit-settled", "-1")));
        assertThrows(IllegalArgumentException.class, () -> SmallBenchSettings.parse(List.of("--cluster-dir", "c", "--read-percent", "101")));
        assertThrows(IllegalArgumentException.class, () -> SmallBenchSettings.parse(List.of("--cluster-dir", "c", "--text-bytes", "200")));
    }
}
