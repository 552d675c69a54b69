package io.hybridstore.gateway.replay;

import io.hybridstore.common.error.StoreException;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs {@link WalReplay} on its own platform thread until closed, backing off after failures. Every
 * failure has already rewound the reader (see WalReplay), so trying again never skips a record; an
 * {@link Error} is retried too, since ending the thread would leave this gateway's partitions unreplayed
 * until a rebalance.
 */
public final class ReplayRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReplayRunner.class);

    private final Thread thread;
    private volatile boolean running = true;

    public ReplayRunner(Supplier<WalReplay> replay, Runnable closeReader, Duration backoff) {
        this.thread = Thread.ofPlatform().name("wal-replay").daemon().unstarted(() -> {
            try {
                WalReplay r = replay.get();
                while (running) {
                    try {
                        r.runOnce(Duration.ofSeconds(1));
                    } catch (StoreException e) {
                        LOG.warnf("WAL replay paused for %s: %s", backoff, e.getMessage());
                        Thread.sleep(backoff);
                    } catch (RuntimeException | Error e) {
                        LOG.errorf(e, "WAL replay failed unexpectedly; retrying in %s", backoff);
                        Thread.sleep(backoff);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Thread.interrupted(); // the consumer cannot close cleanly while the interrupt flag is set
                try {
                    closeReader.run();
                } catch (RuntimeException e) {
                    LOG.debug("closing the WAL reader failed", e);
                }
            }
        });
    }

    public void start() {
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
