package io.hybridstore.common.spi.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualTimeSourceTest {

    private final ManualTimeSource time = new ManualTimeSource(1_000_000L);
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    @Test
    void theCounterAndTheWallClockMoveTogetherAndOnlyForward() {
        time.advance(Duration.ofMillis(1_500));
        assertEquals(1_500_000_000L, time.nanoTime());
        assertEquals(1_001_500L, time.clock().millis());
        assertThrows(IllegalArgumentException.class, () -> time.advance(Duration.ofMillis(-1)));
    }

    @Test
    void movingTheClockMovesTheCounterToo() {
        time.clock().advance(Duration.ofSeconds(2));
        assertEquals(1_002_000L, time.clock().millis());
        assertEquals(2_000_000_000L, time.nanoTime());
        assertThrows(IllegalArgumentException.class, () -> time.clock().advance(Duration.ofMillis(-1)));
    }

    @Test
    void anAnswerInHandIsReturnedEvenPastTheDeadlineAndNoneGivesNull() throws Exception {
        time.advance(Duration.ofSeconds(1));
        queue.add("late but here");
        assertEquals("late but here", time.poll(queue, 0));
        assertNull(time.poll(queue, 0));
    }

    @Test
    void aWaitingPollEndsWhenTimeIsMovedPastItsDeadline() throws Exception {
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return time.poll(queue, Duration.ofSeconds(5).toNanos());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        time.advance(Duration.ofSeconds(4));
        assertFalse(waiting.isDone() && waiting.get() != null);
        time.advance(Duration.ofSeconds(1));
        assertNull(waiting.get(30, TimeUnit.SECONDS));
    }
}
