package io.hybridstore.common.spi;

import io.hybridstore.common.model.Version;
import java.util.List;
import java.util.Optional;

/**
 * WAL records the replay could never apply (a non-retryable failure, or an unexpected one repeated
 * {@code gateway.replay.max-attempts} times), set aside with their payload and reason so the
 * partition can move on and an operator can re-drive or discard them. A letter is identified by
 * its record's WAL position: the same record dead-lettered again (a replay that died before
 * committing it) replaces the letter instead of adding one.
 */
public interface DeadLetterStore {

    /** Stores {@code letter} with the record's bytes, durably, before the replay commits past it. */
    void put(DeadLetter letter, byte[] payload);

    Optional<DeadLetter> get(Version version);

    /** The record's bytes as they were read from the WAL. */
    Optional<byte[]> payload(Version version);

    /** Up to {@code limit} letters, in WAL order (partition, then offset). */
    List<DeadLetter> list(int limit);

    /** How many letters wait for an operator. */
    long count();

    /** Removes the letter and its payload; false if there was none. */
    boolean remove(Version version);

    /**
     * One set-aside record: where it was in the WAL, what it was for, why it failed (the
     * {@link io.hybridstore.common.error.ErrorCode} name, or {@code UNEXPECTED} for an unclassified
     * failure), after how many attempts, when, and by which gateway.
     */
    record DeadLetter(Version version, String key, String code, String reason, int attempts, long atMillis, String gateway,
                      int payloadBytes) {

        /** The operator's handle: the version's text form, e.g. {@code 3-1042}. */
        public String id() {
            return version.toString();
        }
    }
}
