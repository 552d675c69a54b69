package io.hybridstore.gateway.replay;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.DeadLetterStore.DeadLetter;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.InMemoryDeadLetterStore;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each kind of failure injected into the replay, on a reader that moves its position the way a Kafka
 * consumer does (past the whole polled batch). What must hold: the group never commits past a record
 * that was neither applied nor set aside; a retryable failure is retried until it applies; a record
 * that can never be applied is dead-lettered (at once, or after max-attempts unexpected failures)
 * and its partition moves on. No sleeps: the runner's back-off is the test calling runOnce again.
 */
class ReplayFailureTest {

    private static final int MAX_ATTEMPTS = 3;

    private final Fixture f = new Fixture();
    private final LogReader reader = new LogReader(10);
    private final FailingMetadata metadata = new FailingMetadata(f.metadata);
    private final InMemoryDeadLetterStore letters = new InMemoryDeadLetterStore();
    private final FailingDeadLetters store = new FailingDeadLetters(letters);
    private final WalApplier applier = new WalApplier(metadata, f.writer);
    private final WalReplay replay = new WalReplay(reader, applier,
            new DeadLetters(store, applier, f.metrics, f.clock, "test-gateway", 2), f.clock, Duration.ofSeconds(10),
            f.metrics, d -> { }, new ReplayPolicy(MAX_ATTEMPTS, 2));

    @AfterEach
    void close() {
        f.close();
    }

    private void append(String key) {
        reader.append(key, WalRecord.put(key, doc("{\"k\":\"" + key + "\"}"), "r", f.clock.millis() - 60_000, "dead-gateway").toBytes());
    }

    private boolean applied(String key) {
        return f.metadata.get(key).isPresent();
    }

    private double count(String name, String tag, String value) {
        var counter = f.registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private void fail(int times, Supplier<RuntimeException> failure) {
        metadata.failures = times;
        metadata.failure = failure;
    }

    /** Calls runOnce as the runner does, swallowing what the runner would log and back off from; returns the failures seen. */
    private int runUntilQuiet(int calls) throws InterruptedException {
        int failures = 0;
        for (int i = 0; i < calls; i++) {
            try {
                replay.runOnce(Duration.ZERO);
            } catch (RuntimeException e) {
                failures++;
            }
        }
        return failures;
    }

    @Test
    void aBatchIsCommittedOnceNotOncePerRecord() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("doc-" + i);
        }
        assertEquals(5, replay.runOnce(Duration.ZERO));
        assertEquals(5, reader.committed);
        assertEquals(1, reader.commits, "one offset commit for the polled batch of 5");
        assertEquals(0, replay.runOnce(Duration.ZERO));
        assertEquals(1, reader.commits, "an empty poll commits nothing");
    }

    @Test
    void aDeadLetterBeforeALaterFailureIsCommittedBeforeTheRewindAndNotSetAsideTwice() throws Exception {
        append("broken");
        append("poison-retryable");
        append("c");
        // broken fails permanently (set aside), then poison-retryable fails retryably: the rewind
        // must not take the group back to broken.
        metadata.failures = 2;
        metadata.failure = new Supplier<>() {
            private int calls;

            @Override
            public RuntimeException get() {
                return ++calls == 1 ? new StoreException(ErrorCode.INTERNAL, "can never succeed")
                        : new StoreException(ErrorCode.UNAVAILABLE, "etcd away");
            }
        };
        assertThrows(StoreException.class, () -> replay.runOnce(Duration.ZERO));
        assertEquals(1, reader.committed, "the settled prefix (broken, set aside) is committed before the rewind");
        assertEquals(1, reader.rewinds);
        assertEquals(2, replay.runOnce(Duration.ZERO));
        assertEquals(3, reader.committed);
        assertEquals(1, count("hybridstore.gateway.replay.dead.letters", "code", "INTERNAL"), "set aside once, not again after the rewind");
        assertTrue(applied("poison-retryable"));
        assertTrue(applied("c"));
    }

    @Test
    void anUnexpectedFailureNeverLetsTheGroupCommitPastTheRecord() throws Exception {
        append("a");
        append("poison-once");
        append("c");
        fail(1, () -> new IllegalStateException("a bug in a dependency"));
        assertThrows(IllegalStateException.class, () -> replay.runOnce(Duration.ZERO));
        assertEquals(1, reader.committed, "only the record before the failure is committed");
        assertEquals(1, reader.rewinds);
        replay.runOnce(Duration.ZERO); // the runner polls again after its back-off
        append("d");
        replay.runOnce(Duration.ZERO);
        assertEquals(4, reader.committed);
        assertTrue(applied("poison-once"), "the group moved past poison-once without applying it");
        assertEquals(0, letters.count());
        assertEquals(1, count("hybridstore.gateway.replay.failures", "kind", "unexpected"));
    }

    @Test
    void aRetryableFailureIsRetriedAndThenApplied() throws Exception {
        append("poison-retryable");
        fail(4, () -> new StoreException(ErrorCode.UNAVAILABLE, "etcd away"));
        assertEquals(4, runUntilQuiet(4), "more retryable failures than max-attempts: still never set aside");
        assertEquals(0, reader.committed);
        assertEquals(4, reader.rewinds);
        assertEquals(0, letters.count());
        assertEquals(1, replay.runOnce(Duration.ZERO));
        assertTrue(applied("poison-retryable"));
        assertEquals(1, reader.committed);
        assertEquals(4, count("hybridstore.gateway.replay.failures", "kind", "retryable"));
    }

    @Test
    void aNonRetryableFailureIsDeadLetteredAtOnceAndThePartitionMovesOn() throws Exception {
        append("broken");
        append("next");
        fail(Integer.MAX_VALUE, () -> new StoreException(ErrorCode.INTERNAL, "can never succeed"));
        assertEquals(2, replay.runOnce(Duration.ZERO));
        assertTrue(applied("next"), "the record after a permanently failing one is applied");
        assertFalse(applied("broken"));
        assertEquals(2, reader.committed);
        DeadLetter letter = letters.get(new Version(0, 0)).orElseThrow();
        assertEquals(List.of("broken", "INTERNAL", 1, "test-gateway"),
                List.of(letter.key(), letter.code(), letter.attempts(), letter.gateway()));
        assertTrue(letter.reason().contains("can never succeed"), letter.reason());
        assertEquals(1, count("hybridstore.gateway.replay.dead.letters", "code", "INTERNAL"));
    }

    @Test
    void aPoisonRecordIsDeadLetteredAfterMaxAttemptsAndThePartitionMovesOn() throws Exception {
        append("a");
        append("poison");
        append("c");
        fail(Integer.MAX_VALUE, () -> new NullPointerException("a bug"));
        for (int attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
            assertThrows(NullPointerException.class, () -> replay.runOnce(Duration.ZERO));
            assertEquals(1, reader.committed, "attempt " + attempt + ": nothing past the poison record is committed");
            assertEquals(0, letters.count());
        }
        assertEquals(2, replay.runOnce(Duration.ZERO), "attempt " + MAX_ATTEMPTS + " sets it aside, c follows");
        assertEquals(3, reader.committed);
        assertTrue(applied("c"));
        DeadLetter letter = letters.get(new Version(0, 1)).orElseThrow();
        assertEquals(List.of("UNEXPECTED", MAX_ATTEMPTS), List.of(letter.code(), letter.attempts()));
        assertTrue(letter.reason().contains("NullPointerException: a bug"), letter.reason());
        assertEquals(1, count("hybridstore.gateway.replay.dead.letters", "code", "UNEXPECTED"));
        assertEquals(MAX_ATTEMPTS, count("hybridstore.gateway.replay.failures", "kind", "unexpected"));
        assertEquals(1, count("hybridstore.gateway.replay.records", "outcome", "dead-lettered"));
    }

    @Test
    void anErrorRewindsAndIsNeverDeadLettered() throws Exception {
        append("poison-error");
        append("b");
        metadata.error = new StackOverflowError("deep");
        for (int i = 0; i < MAX_ATTEMPTS + 1; i++) {
            assertThrows(StackOverflowError.class, () -> replay.runOnce(Duration.ZERO));
        }
        assertEquals(0, reader.committed);
        assertEquals(MAX_ATTEMPTS + 1, reader.rewinds);
        assertEquals(0, letters.count());
        metadata.error = null;
        assertEquals(2, replay.runOnce(Duration.ZERO));
        assertEquals(2, reader.committed);
    }

    @Test
    void aRewindThatFailsIsRetriedBeforeTheNextPoll() throws Exception {
        append("poison-once");
        append("b");
        fail(1, () -> new IllegalStateException("a bug"));
        reader.failRewinds = 1;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> replay.runOnce(Duration.ZERO));
        assertEquals(1, e.getSuppressed().length, "the failed rewind is attached to the failure");
        assertEquals(2, reader.position, "the position is still past the batch");
        assertEquals(2, replay.runOnce(Duration.ZERO), "rewound first, then both records again");
        assertTrue(applied("poison-once"));
        assertEquals(2, reader.committed);
    }

    @Test
    void aCommitThatFailsRewindsSoTheRestOfTheBatchIsNotSkipped() throws Exception {
        append("a");
        append("b");
        reader.failCommits = 1;
        assertThrows(StoreException.class, () -> replay.runOnce(Duration.ZERO));
        assertEquals(0, reader.committed);
        assertEquals(2, replay.runOnce(Duration.ZERO));
        assertEquals(2, reader.committed);
        assertTrue(applied("b"));
    }

    @Test
    void aDeadLetterThatCannotBeStoredHoldsThePartition() throws Exception {
        append("broken");
        append("next");
        fail(Integer.MAX_VALUE, () -> new StoreException(ErrorCode.INTERNAL, "can never succeed"));
        store.down = true;
        assertThrows(StoreException.class, () -> replay.runOnce(Duration.ZERO));
        assertEquals(0, reader.committed);
        assertFalse(applied("next"));
        store.down = false;
        assertEquals(2, replay.runOnce(Duration.ZERO));
        assertEquals(1, letters.count());
    }

    @Test
    void aFullDeadLetterListHoldsThePartitionInsteadOfGrowing() throws Exception {
        append("broken-1");
        append("broken-2");
        append("broken-3");
        append("next");
        fail(Integer.MAX_VALUE, () -> new StoreException(ErrorCode.INTERNAL, "can never succeed"));
        StoreException full = assertThrows(StoreException.class, () -> replay.runOnce(Duration.ZERO));
        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, full.code());
        assertEquals(2, letters.count(), "dead-letter-max is 2");
        assertEquals(2, reader.committed, "broken-3 stays in the WAL");
        assertFalse(applied("next"));
        letters.remove(new Version(0, 0)); // an operator discards one
        assertEquals(2, replay.runOnce(Duration.ZERO));
        assertTrue(applied("next"));
    }

    /** Fails {@code get} of keys containing "poison" or "broken" the next {@code failures} times, or with {@code error}. */
    static final class FailingMetadata implements MetadataStore {
        private final MetadataStore d;
        int failures;
        Supplier<RuntimeException> failure;
        Error error;

        FailingMetadata(MetadataStore d) {
            this.d = d;
        }

        @Override
        public Optional<Stored> get(String key) {
            if (key.contains("poison") || key.contains("broken")) {
                if (error != null) {
                    throw error;
                }
                if (failures > 0) {
                    failures--;
                    throw failure.get();
                }
            }
            return d.get(key);
        }

        @Override
        public boolean commitIfNewer(ObjectMetadata m) {
            return d.commitIfNewer(m);
        }

        @Override
        public boolean commitIfAbsent(ObjectMetadata m) {
            return d.commitIfAbsent(m);
        }

        @Override
        public boolean compareAndSet(ObjectMetadata m, long expectedRevision) {
            return d.compareAndSet(m, expectedRevision);
        }

        @Override
        public List<Stored> scan(String prefix, io.hybridstore.common.catalogue.ScanStart start, int limit) {
            return d.scan(prefix, start, limit);
        }

        @Override
        public List<DirtyMark> dirty(int limit) {
            return d.dirty(limit);
        }
    }

    /** The in-memory list, with puts that fail while {@code down} (etcd away). */
    static final class FailingDeadLetters implements io.hybridstore.common.spi.DeadLetterStore {
        private final InMemoryDeadLetterStore d;
        boolean down;

        FailingDeadLetters(InMemoryDeadLetterStore d) {
            this.d = d;
        }

        @Override
        public void put(DeadLetter letter, byte[] payload) {
            if (down) {
                throw new StoreException(ErrorCode.UNAVAILABLE, "etcd away");
            }
            d.put(letter, payload);
        }

        @Override
        public Optional<DeadLetter> get(Version version) {
            return d.get(version);
        }

        @Override
        public Optional<byte[]> payload(Version version) {
            return d.payload(version);
        }

        @Override
        public List<DeadLetter> list(int limit) {
            return d.list(limit);
        }

        @Override
        public long count() {
            return d.count();
        }

        @Override
        public boolean remove(Version version) {
            return d.remove(version);
        }
    }
}
