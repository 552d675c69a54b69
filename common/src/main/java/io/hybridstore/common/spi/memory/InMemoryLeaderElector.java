package io.hybridstore.common.spi.memory;

import io.hybridstore.common.spi.LeaderElector;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One election shared by the candidates that hold this instance. {@link #expireLease()} simulates
 * the leader's lease running out (its process froze or lost etcd).
 */
public final class InMemoryLeaderElector implements LeaderElector {

    private final Object lock = new Object();
    private InMemoryLeadership current;
    private long terms;

    @Override
    public Optional<Leadership> awaitLeadership(String candidateId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            while (current != null && current.held.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            current = new InMemoryLeadership(candidateId);
            terms++;
            return Optional.of(current);
        }
    }

    public Optional<String> leader() {
        synchronized (lock) {
            return current != null && current.held.get() ? Optional.of(current.candidateId) : Optional.empty();
        }
    }

    @Override
    public Optional<Leader> currentLeader() {
        synchronized (lock) {
            return leader().map(id -> new Leader(id, terms));
        }
    }

    public void expireLease() {
        synchronized (lock) {
            if (current != null) {
                current.held.set(false);
            }
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        expireLease();
    }

    private final class InMemoryLeadership implements Leadership {
        private final String candidateId;
        private final AtomicBoolean held = new AtomicBoolean(true);

        InMemoryLeadership(String candidateId) {
            this.candidateId = candidateId;
        }

        @Override
        public boolean isHeld() {
            return held.get();
        }

        @Override
        public void close() {
            synchronized (lock) {
                held.set(false);
                lock.notifyAll();
            }
        }
    }
}
