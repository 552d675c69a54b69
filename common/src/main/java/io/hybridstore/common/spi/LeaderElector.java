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

    /**
     * Who leads now, as the election sees it (any instance may ask, leader or not); empty when no
     * one leads or the election cannot be read. Reads the store: not for a hot path.
     */
    default Optional<Leader> currentLeader() {
        return Optional.empty();
    }

    @Override
    void close();

    /**
     * @param id   the leader's candidate id
     * @param term grows with every new leadership (etcd: the revision that created the leader key)
     */
    record Leader(String id, long term) {
    }

    interface Leadership extends AutoCloseable {
        boolean isHeld();

        /** Gives leadership up (graceful shutdown) so a standby takes over without waiting for the TTL. */
        @Override
        void close();
    }
}
