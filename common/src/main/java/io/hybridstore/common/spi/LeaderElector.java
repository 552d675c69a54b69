package io.hybridstore.common.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Leader election among healer instances. Terminology trap: the leader here is the HEALER leader,
 * elected through an etcd lease; it has nothing to do with the etcd raft leader.
 */
public interface LeaderElector extends AutoCloseable {

    /**
     * Campaigns as {@code candidateId}; returns the leadership once won, or empty if {@code wait}
     * passed first. The caller must check {@link Leadership#isHeld()} before each unit of work:
     * it turns false the moment the lease is lost, so two healers never repair at once.
     */
    Optional<Leadership> awaitLeadership(String candidateId, Duration wait) throws InterruptedException;

    @Override
    void close();

    interface Leadership extends AutoCloseable {
        boolean isHeld();

        /** Gives leadership up (graceful shutdown) so a standby takes over without waiting for the TTL. */
        @Override
        void close();
    }
}
