package io.hybridstore.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.chaos.Violation.Kind;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriteCheckerTest {
    private static final String KEY = "k";
    private final WriteChecker checker = new WriteChecker(3, 6);

    @Test
    void theLatestAcknowledgedWriteReadBackCleanPasses() {
        CheckResult r = check(List.of(acked(0, 10), acked(1, 12), acked(2, 15)), clean(15, 2));
        assertEquals(List.of(), r.violations());
        assertEquals(3, r.count(Outcome.ACKED));
        assertEquals(1, r.objectsChecked());
        assertEquals(1, r.objectsPromised());
        assertEquals(0, r.finalFromUnknown());
    }

    @Test
    void anOlderAcknowledgedVersionAtTheEndIsStale() {
        assertKinds(check(List.of(acked(0, 10), acked(1, 12)), clean(10, 0)), Kind.STALE);
    }

    @Test
    void anUnknownOutcomeWriteAfterTheLatestAckMayWin() {
        CheckResult r = check(List.of(acked(0, 10), unknown(1, "503"), unknown(2, "io-error")), clean(14, 1));
        assertEquals(List.of(), r.violations());
        assertEquals(1, r.finalFromUnknown());
        assertEquals(1, r.unknownApplied());
        assertEquals(2, r.count(Outcome.UNKNOWN));
    }

    @Test
    void anUnknownOutcomeWriteThatEndedBeforeTheLatestAckWasSentMayNotWin() {
        // #0 got its 503 before #1 was sent, so #0's record (if any) precedes #1's in the log.
        assertKinds(check(List.of(unknown(0, "503"), acked(1, 12)), clean(13, 0)), Kind.REORDERED);
    }

    @Test
    void aTimedOutWriteMayStillLandAfterLaterOnes() {
        // The client gave up on #0 while the gateway was still appending it: it may be logged after #1.
        CheckResult r = check(List.of(Attempt.unknown(0, "d0", true, "timeout"), acked(1, 12)), clean(13, 0));
        assertEquals(List.of(), r.violations());
    }

    @Test
    void aRejectedWriteIsNeverServed() {
        assertKinds(check(List.of(acked(0, 10), Attempt.rejected(1, "d1", Attempt.REFUSED)), clean(11, 1)), Kind.PHANTOM);
    }

    @Test
    void aDocumentNoAttemptSentIsCorrupt() {
        FinalState f = new FinalState(200, v(10), ObjectState.CLEAN, 3, 6, 200, Observation.found(v(10), "garbage"));
        assertKinds(check(List.of(acked(0, 10)), f), Kind.CORRUPT);
    }

    @Test
    void anAcknowledgedDocumentUnderAnotherVersionIsCorrupt() {
        assertKinds(check(List.of(acked(0, 10), unknown(1, "503")), clean(11, 0)), Kind.CORRUPT);
    }

    @Test
    void anAcknowledgedObjectThatIsGoneIsLost() {
        CheckResult r = check(List.of(acked(0, 10)), FinalState.absent());
        assertKinds(r, Kind.LOST);
        assertEquals(Set.of(KEY), r.lostObjects());
        assertEquals(1, r.objectsPromised());
    }

    @Test
    void anAcknowledgedObjectThatDoesNotReadBackIsLost() {
        FinalState f = new FinalState(200, v(10), ObjectState.CLEAN, 3, 6, 503, null);
        assertKinds(check(List.of(acked(0, 10)), f), Kind.LOST);
    }

    @Test
    void aKeyNeverAcknowledgedMayBeAbsent() {
        CheckResult r = check(List.of(unknown(0, "503"), Attempt.rejected(1, "d1", Attempt.REFUSED)), FinalState.absent());
        assertEquals(List.of(), r.violations());
        assertEquals(1, r.neverWritten());
        assertEquals(0, r.objectsChecked());
    }

    @Test
    void anObjectMustEndCleanWithEveryCopyOnItsOwnNode() {
        assertKinds(check(List.of(acked(0, 10)), state(ObjectState.DIRTY, 3, 6)), Kind.NOT_CLEAN);
        assertKinds(check(List.of(acked(0, 10)), state(ObjectState.IN_PROGRESS, 3, 6)), Kind.NOT_CLEAN);
        assertKinds(check(List.of(acked(0, 10)), state(ObjectState.CLEAN, 2, 6)), Kind.NOT_CLEAN);
        assertKinds(check(List.of(acked(0, 10)), state(ObjectState.CLEAN, 3, 5)), Kind.NOT_CLEAN);
        assertKinds(check(List.of(acked(0, 10)), state(ObjectState.LOST, 3, 6)), Kind.LOST);
    }

    @Test
    void theReadsEtagMustBeTheCommittedVersion() {
        FinalState f = new FinalState(200, v(11), ObjectState.CLEAN, 3, 6, 200, Observation.found(v(10), "d0"));
        assertKinds(check(List.of(acked(0, 10)), f), Kind.CORRUPT);
    }

    @Test
    void aReadDuringTheLoadMayNotGoBackNorMissAnAcknowledgedWrite() {
        assertKinds(check(List.of(acked(0, 10), acked(1, 12), Observation.found(v(10), "d0")), clean(12, 1)), Kind.STALE);
        assertKinds(check(List.of(acked(0, 10), Observation.notFound()), clean(10, 0)), Kind.MISSING);
    }

    @Test
    void aReadBeforeAnyAckMayFindNothingOrAnUnknownWrite() {
        CheckResult r = check(List.of(Observation.notFound(), unknown(0, "503"), Observation.found(v(4), "d0"),
                acked(1, 9), Observation.found(v(9), "d1")), clean(9, 1));
        assertEquals(List.of(), r.violations());
    }

    @Test
    void aServedVersionIsNeverRolledBack() {
        // #1's outcome was unknown, then a read served it at 14: the end may not go back to #0's 10.
        assertKinds(check(List.of(acked(0, 10), unknown(1, "503"), Observation.found(v(14), "d1")), clean(10, 0)), Kind.STALE);
    }

    @Test
    void oneVersionCarriesOneDocument() {
        assertKinds(check(List.of(acked(0, 10), unknown(1, "503"), Observation.found(v(14), "d1"),
                unknown(2, "503"), Observation.found(v(14), "d2")), clean(14, 1)), Kind.CORRUPT);
    }

    @Test
    void oneUnknownAttemptHasOneVersion() {
        assertKinds(check(List.of(unknown(0, "503"), Observation.found(v(4), "d0")), clean(5, 0)), Kind.CORRUPT);
    }

    @Test
    void theLogNeverGoesBackwards() {
        assertKinds(check(List.of(acked(0, 10), acked(1, 8)), clean(10, 0)), Kind.REGRESSION);
    }

    @Test
    void aValidWriteAnswered4xxIsReported() {
        CheckResult r = check(List.of(acked(0, 10), Attempt.rejected(1, "d1", "409")), clean(10, 0));
        assertKinds(r, Kind.REFUSED);
        assertEquals(1, r.count(Outcome.REJECTED));
    }

    @Test
    void everyKeyIsJudgedOnItsOwn() {
        CheckResult r = checker.check(
                Map.of("a", List.of(acked(0, 10)), "b", List.of(acked(0, 3)), "c", List.of(unknown(0, "503"))),
                Map.of("a", clean(10, 0), "b", FinalState.absent()));
        assertKinds(r, Kind.LOST);
        assertEquals(Set.of("b"), r.lostObjects());
        assertEquals(1, r.neverWritten()); // c has no final state: absent, and never promised
    }

    // ---- helpers: attempt #n writes document "dn"; versions on partition 0

    private CheckResult check(List<KeyEvent> events, FinalState end) {
        return checker.check(Map.of(KEY, events), Map.of(KEY, end));
    }

    private static void assertKinds(CheckResult r, Kind... kinds) {
        assertEquals(List.of(kinds), r.violations().stream().map(Violation::kind).toList(), r.violations().toString());
        assertTrue(r.violations().stream().allMatch(v -> v.key().length() > 0));
    }

    private static Version v(long offset) {
        return new Version(0, offset);
    }

    private static Attempt acked(int seq, long offset) {
        return Attempt.acked(seq, "d" + seq, v(offset), "200");
    }

    private static Attempt unknown(int seq, String kind) {
        return Attempt.unknown(seq, "d" + seq, false, kind);
    }

    /** Clean and fully redundant at {@code offset}, serving attempt #seq's document. */
    private static FinalState clean(long offset, int seq) {
        return new FinalState(200, v(offset), ObjectState.CLEAN, 3, 6, 200, Observation.found(v(offset), "d" + seq));
    }

    private static FinalState state(ObjectState state, int replicas, int shards) {
        return new FinalState(200, v(10), state, replicas, shards, 200, Observation.found(v(10), "d0"));
    }
}
