package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.common.spi.memory.ManualTimeSource.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep of abandoned multipart uploads, on a fake clock: the age counts from an upload's last activity. */
class UploadSweeperTest {

    private final ManualClock clock = new ManualTimeSource(1_000_000).clock();
    private final InMemoryMultipartStore store = new InMemoryMultipartStore();
    private final UploadSweeper sweeper = new UploadSweeper(store, clock, Duration.ofMinutes(30), 100);

    @Test
    void uploadsIdleForTheMaxAgeAreAbortedWithTheirPartsAndActiveOnesKeptHoweverOld() {
        store.create(new MultipartUpload("b", "idle", "u1", "o", clock.millis(), "t", Map.of()));
        store.putPart("b", "u1", part(1));
        store.create(new MultipartUpload("b", "active", "u2", "o", clock.millis(), "t", Map.of()));
        clock.advance(Duration.ofMinutes(20));
        store.create(new MultipartUpload("c", "young", "u3", "o", clock.millis(), "t", Map.of()));

        assertEquals(0, sweeper.sweep()); // u1 and u2 are 20 minutes old
        for (int part = 1; part <= 6; part++) { // u2 sends a part every 20 minutes for 2 hours
            assertTrue(store.putPart("b", "u2", part(part)));
            clock.advance(Duration.ofMinutes(20));
            sweeper.sweep();
        }
        assertFalse(store.get("b", "u1").isPresent(), "idle since its part at the start");
        assertTrue(store.parts("b", "u1").isEmpty());
        assertFalse(store.putPart("b", "u1", part(2)), "a part arriving after the abort is refused");
        assertFalse(store.get("c", "u3").isPresent(), "idle since its creation");
        assertTrue(store.get("b", "u2").isPresent(), "2 h 20 min old, last active 20 min ago");
        assertEquals(6, store.parts("b", "u2").size());

        clock.advance(Duration.ofMinutes(5));
        assertTrue(store.touch("b", "u2", clock.millis()), "a completion starting");
        clock.advance(Duration.ofMinutes(29));
        assertEquals(0, sweeper.sweep(), "touched 29 minutes ago");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, sweeper.sweep());
        assertFalse(store.get("b", "u2").isPresent());
        assertFalse(store.touch("b", "u2", clock.millis()), "gone");
    }

    @Test
    void aPartLandingBetweenTheSweepsReadAndItsRemovalKeepsTheUpload() {
        store.create(new MultipartUpload("b", "k", "u1", "o", clock.millis(), "t", Map.of()));
        clock.advance(Duration.ofMinutes(31));
        long cutoff = clock.millis() - Duration.ofMinutes(30).toMillis();
        List<MultipartUpload> idle = store.idleSince(cutoff, 10);
        assertEquals(1, idle.size());

        assertTrue(store.putPart("b", "u1", part(1)), "the client resumes while the sweep runs");

        assertFalse(store.deleteIfIdle("b", "u1", cutoff), "active since the sweep read it");
        assertTrue(store.get("b", "u1").isPresent());
        assertEquals(1, store.parts("b", "u1").size());
    }

    private UploadedPart part(int number) {
        return new UploadedPart(number, 5, "m", "s", 4, List.of(), List.of(), clock.millis());
    }
}
