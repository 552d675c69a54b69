package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {
    @Test
    void returnsAsSoonAsTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();
        Wait.until("third call", Duration.ofSeconds(5), () -> calls.incrementAndGet() == 3, () -> "");
        assertEquals(3, calls.get());
    }

    @Test
    void exceptionsMeanNotYet() {
        AtomicInteger calls = new AtomicInteger();
        Wait.until("recovery", Duration.ofSeconds(5), () -> {
            if (calls.incrementAndGet() < 2) {
                throw new java.io.IOException("refused");
            }
            return true;
        }, () -> "");
        assertEquals(2, calls.get());
    }

    @Test
    void aTimeoutNamesWhatAndTheLastErrorAndTheDiagnostics() {
        LocalClusterException e = assertThrows(LocalClusterException.class, () -> Wait.until("the moon", Duration.ofMillis(50), () -> {
            throw new IllegalStateException("no moon");
        }, () -> " [log tail]"));
        assertTrue(e.getMessage().contains("the moon") && e.getMessage().contains("no moon") && e.getMessage().endsWith(" [log tail]"),
                e.getMessage());
    }

    @Test
    void aLocalClusterExceptionStopsTheWaitAtOnce() {
        LocalClusterException fatal = new LocalClusterException("process exited");
        assertSame(fatal, assertThrows(LocalClusterException.class, () -> Wait.until("x", Duration.ofSeconds(30), () -> {
            throw fatal;
        }, () -> "")));
    }
}
