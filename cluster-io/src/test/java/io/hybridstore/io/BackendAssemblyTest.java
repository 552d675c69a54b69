package io.hybridstore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The part of building a backend every app shares: the memory guard, no leak on a failed build, the connect bound. */
class BackendAssemblyTest {

    @Test
    void theMemoryBackendIsBuiltOnlyInTestsAndDevMode() {
        AtomicInteger built = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BackendAssembly.memory("X_BACKEND", "keeps it in memory", false, "NORMAL", built::incrementAndGet));
        assertEquals("X_BACKEND=memory keeps it in memory and is for tests and dev mode only (launch mode NORMAL); "
                + "unset it or set X_BACKEND=real", e.getMessage());
        assertEquals(0, built.get(), "refused before anything is built");
        assertEquals(1, BackendAssembly.memory("X_BACKEND", "keeps it in memory", true, "TEST", built::incrementAndGet));
    }

    @Test
    void anAdapterThatFailsToBuildClosesTheOnesBuiltBeforeItAndItsFailureIsThrown() {
        Closer built = new Closer();
        AtomicInteger closed = new AtomicInteger();
        IllegalArgumentException failure = new IllegalArgumentException("the third adapter");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> BackendAssembly.real(built, b -> {
            b.add(closed::incrementAndGet);
            b.add(closed::incrementAndGet);
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals(2, closed.get());
        assertEquals(2, built.closedCount());
        assertEquals("built", BackendAssembly.real(new Closer(), b -> "built"));
    }

    @Test
    void aNodeConnectionWaitsTheNodeTimeoutAtMostASecond() {
        assertEquals(Duration.ofMillis(300), BackendAssembly.connectTimeout(Duration.ofMillis(300)));
        assertEquals(Duration.ofSeconds(1), BackendAssembly.connectTimeout(Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(1), BackendAssembly.connectTimeout(Duration.ofSeconds(30)));
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BackendAssembly.required(Optional.empty(), "CLUSTER_TOKEN"));
        assertEquals("CLUSTER_TOKEN is required", e.getMessage());
        assertTrue(BackendAssembly.required(Optional.of("t"), "CLUSTER_TOKEN").equals("t"));
    }
}
