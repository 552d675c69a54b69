package io.hybridstore.chaos;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits until a condition holds or a deadline passes; never a fixed sleep the result depends on. */
final class Poll {
    private static final Duration EVERY = Duration.ofMillis(250);

    private Poll() {
    }

    /** Whether {@code condition} held within {@code timeout}; a poll that throws counts as "not yet". */
    static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // e.g. a process answering garbage while it starts
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(EVERY); // the polling interval, not a delay anything depends on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
