package io.hybridstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.repair.CopyInspector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Known answers of the text the command prints: bars, tables, units, rates and ETAs, the inspect table. */
class RenderingTest {

    @Test
    void barsFillByProportionAndClamp() {
        assertEquals("[..........]   0%", Bar.render(0, 100, 10));
        assertEquals("[#####.....]  50%", Bar.render(50, 100, 10));
        assertEquals("[#########.]  99%", Bar.render(99, 100, 10));
        assertEquals("[##########] 100%", Bar.render(100, 100, 10));
        assertEquals("[##########] 100%", Bar.render(150, 100, 10), "more than the total is full, not past it");
        assertEquals("[..........]   ?%", Bar.render(5, 0, 10), "unknown total");
    }

    @Test
    void tablesPadColumnsAndDropTrailingBlanks() {
        String t = new Table("NODE", "STATE", "URL").row("node-1", "live", "http://a").row("node-10", "DEAD", null).render(true);
        assertEquals("NODE     STATE  URL\nnode-1   live   http://a\nnode-10  DEAD   -\n", t);
    }

    @Test
    void unitsReadLikeAPersonWritesThem() {
        assertEquals("512 B", Units.bytes(512));
        assertEquals("20.0 MiB", Units.bytes(20L << 20));
        assertEquals("1.5 GiB", Units.bytes(3L << 29));
        assertEquals("45s", Units.duration(Duration.ofSeconds(45)));
        assertEquals("4m05s", Units.duration(Duration.ofSeconds(245)));
        assertEquals("1h02m", Units.duration(Duration.ofSeconds(3720)));
        assertEquals("12.5 objects/s", Units.rate(12.5, "objects"));
        assertEquals("310 objects/s", Units.rate(310.2, "objects"));
    }

    @Test
    void aSteadyRateGivesANarrowEtaAndABurstyOneAWideRange() {
        RateWindow steady = new RateWindow(Duration.ofSeconds(20), Duration.ofSeconds(4));
        for (int s = 0; s <= 6; s++) {
            steady.add(s * 1000L, s * 100L); // 100 a second
        }
        assertEquals(100.0, steady.perSecond(), 1e-9);
        assertEquals(List.of(10L, 10L), List.of(steady.etaSeconds(1000).get()[0], steady.etaSeconds(1000).get()[1]));

        RateWindow bursty = new RateWindow(Duration.ofSeconds(20), Duration.ofSeconds(4));
        long[] values = {0, 400, 800, 1200, 1250, 1300, 1350}; // 400/s, then 50/s
        for (int s = 0; s < values.length; s++) {
            bursty.add(s * 1000L, values[s]);
        }
        long[] eta = bursty.etaSeconds(1000).orElseThrow();
        assertEquals(3, eta[0], "at the fast half's 400/s");
        assertEquals(20, eta[1], "at the slow half's 50/s");
        assertEquals("3s-20s", HealWatch.eta(eta));
    }

    @Test
    void noEtaUntilTheWindowIsSteadyAndNoneWhileNothingMoves() {
        RateWindow w = new RateWindow(Duration.ofSeconds(20), Duration.ofSeconds(4));
        w.add(0, 0);
        w.add(1000, 100);
        w.add(2000, 200);
        assertEquals(Optional.empty(), w.etaSeconds(1000), "2 s of samples are not yet steady");
        RateWindow stalled = new RateWindow(Duration.ofSeconds(20), Duration.ofSeconds(4));
        for (int s = 0; s <= 5; s++) {
            stalled.add(s * 1000L, 7);
        }
        assertEquals(Optional.empty(), stalled.etaSeconds(10));
        assertEquals("(measuring)", HealWatch.eta(null));
    }

    @Test
    void aTransferDrawsOnlyOnATerminal() throws Exception {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        TransferProgress drawn = new TransferProgress(new PrintStream(tty, true, StandardCharsets.UTF_8), true, "get k", 4 << 20, clock::get);
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        TransferProgress quiet = new TransferProgress(new PrintStream(pipe, true, StandardCharsets.UTF_8), false, "get k", 4 << 20, clock::get);
        byte[] data = new byte[4 << 20];
        for (TransferProgress p : List.of(drawn, quiet)) {
            clock.set(0);
            try (var in = p.wrap(new ByteArrayInputStream(data))) {
                byte[] buf = new byte[1 << 20];
                while (in.read(buf) > 0) {
                    clock.addAndGet(250);
                }
            }
            p.finish();
            assertEquals(4 << 20, p.done());
        }
        assertEquals(0, pipe.size(), "nothing at all on a pipe");
        String screen = tty.toString(StandardCharsets.UTF_8);
        assertTrue(screen.contains("get k [##############################] 100%  4.0 MiB of 4.0 MiB"), screen);
        assertTrue(screen.endsWith("\u001b[K\n"));
    }

    @Test
    void inspectShowsEveryCopyAndTheCounts() {
        var copies = List.of(
                new CopyInspector.Copy("hot", 0, "node-1", "h-" + "a".repeat(64), true, true, true, true, null),
                new CopyInspector.Copy("hot", 1, "node-3", "h-" + "a".repeat(64), true, false, false, null, "node not live (no lease)"),
                new CopyInspector.Copy("cold", 2, "node-2", "c-" + "b".repeat(64) + "-4-2-2", true, true, null, null, "TIMEOUT: slow"));
        var found = new CopyInspector.Inspection("user:1", "v0-5", "CLEAN", "document", copies,
                new CopyInspector.Summary(3, 1, 1, 0, 1));

        String text = InspectCommand.render(found);

        assertTrue(text.startsWith("user:1  document  CLEAN  version v0-5\nPART  INDEX  NODE    CHUNK"), text);
        assertTrue(text.contains("hot   1      node-3  h-aaaaaaaaaaaa…          NO       -         node not live (no lease)"), text);
        assertTrue(text.contains("cold  2      node-2  c-bbbbbbbbbbbb…bb-4-2-2  unknown  -         TIMEOUT: slow"), text);
        assertTrue(text.endsWith("1 of 3 copies healthy, 1 missing, 0 corrupt, 1 unknown\n"));
        assertFalse(text.contains("\u001b"));
        assertEquals(found, io.hybridstore.common.model.ModelJson.fromBytes(io.hybridstore.common.model.ModelJson.toBytes(found),
                CopyInspector.Inspection.class), "what the gateway writes is what the command reads");
    }

    @Test
    void numbersInADocumentPrintAsWritten() throws Exception {
        String printed = Json.line(Json.mapper().readTree("{\"score\":1.10,\"big\":12345678901234567890.000}"));
        assertEquals("{\"score\":1.10,\"big\":12345678901234567890.000}", printed);
    }

    @Test
    void aDownloadStallsOnlyWhenNoByteCameForAWholeWindow() throws Exception {
        assertFalse(StallGuard.stalledSince(-1, 0), "the first look only records");
        assertFalse(StallGuard.stalledSince(100, 200));
        assertTrue(StallGuard.stalledSince(200, 200));
        var closed = new java.util.concurrent.CountDownLatch(1);
        try (StallGuard guard = new StallGuard(Duration.ofMillis(20), () -> 42, closed::countDown)) {
            assertTrue(closed.await(5, java.util.concurrent.TimeUnit.SECONDS), "a stream that never moves is closed");
            assertTrue(guard.stalled());
        }
    }
}
