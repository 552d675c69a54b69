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

/** The sweep of abandoned multipart uploads, on a fake clock. */
class UploadSweeperTest {

    @Test
    void uploadsOlderThanTheMaxAgeAreAbortedWithTheirPartsAndYoungerOnesKept() {
        ManualClock clock = new ManualTimeSource(1_000_000).clock();
        InMemoryMultipartStore store = new InMemoryMultipartStore();
        store.create(new MultipartUpload("b", "old", "u1", "o", clock.millis(), "t", Map.of()));
        store.putPart("b", "u1", new UploadedPart(1, 5, "m", "s", 4, List.of(), List.of(), clock.millis()));
        clock.advance(Duration.ofMinutes(20));
        store.create(new MultipartUpload("c", "young", "u2", "o", clock.millis(), "t", Map.of()));
        UploadSweeper sweeper = new UploadSweeper(store, clock, Duration.ofMinutes(30), 100);

        assertEquals(0, sweeper.sweep()); // u1 is 20 minutes old
        clock.advance(Duration.ofMinutes(11));
        assertEquals(1, sweeper.sweep());
        assertFalse(store.get("b", "u1").isPresent());
        assertTrue(store.parts("b", "u1").isEmpty());
        assertFalse(store.putPart("b", "u1", new UploadedPart(2, 5, "m", "s", 4, List.of(), List.of(), clock.millis())),
                "a part arriving after the abort is refused");
        assertTrue(store.get("c", "u2").isPresent());
        assertEquals(0, sweeper.sweep());
    }
}
