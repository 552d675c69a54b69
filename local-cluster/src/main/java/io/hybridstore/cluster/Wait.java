package io.hybridstore.cluster;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; never a fixed sleep. */
final class Wait {
    /** A condition; throwing means "not yet", except a {@link LocalClusterException}, which means "never". */
    @FunctionalInterface
    interface Condition {
        boolean met() throws Exception;
    }

    private Wait() {
    }

    static void until(String what, Duration timeout, Condition condition, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 10;
        Exception lastFailure = null;
        while (true) {
            try {
                if (condition.met()) {
                    return;
                }
            } catch (LocalClusterException fatal) {
                throw fatal;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalClusterException("interrupted while waiting for " + what, e);
            } catch (Exception notYet) {
                lastFailure = notYet;
            }
            if (System.nanoTime() > deadline) {
                String last = lastFailure == null ? "" : " (last error: " + lastFailure + ")";
                throw new LocalClusterException("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + last + diagnostics.get(), lastFailure);
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(200, pauseMillis * 2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while waiting", e);
        }
    }
}
