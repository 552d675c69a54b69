package io.hybridstore.common.repair;

import java.util.Optional;

/**
 * Where the healer keeps what must outlive a leader: the full-scan cursor (so a restart or a new
 * leader resumes the cycle instead of starting over) and the last pass summary for operators.
 * In etcd under {@code healer/cursor} and {@code healer/status}; in memory for tests.
 */
public interface HealerStateStore {

    /** The last key the full scan finished, or empty at the start of a cycle. */
    Optional<String> loadCursor();

    /** {@code afterKey} null = the cycle is complete, the next starts from the first key. */
    void saveCursor(String afterKey);

    void saveStatus(HealerStatus status);

    /** The summary the last leader stored (what a standby shows). */
    Optional<HealerStatus> loadStatus();

    /** For tests and single-process runs. */
    final class InMemory implements HealerStateStore {
        private volatile String cursor;
        private volatile HealerStatus status;

        @Override
        public Optional<String> loadCursor() {
            return Optional.ofNullable(cursor);
        }

        @Override
        public void saveCursor(String afterKey) {
            cursor = afterKey;
        }

        @Override
        public void saveStatus(HealerStatus s) {
            status = s;
        }

        @Override
        public Optional<HealerStatus> loadStatus() {
            return Optional.ofNullable(status);
        }
    }
}
