package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.hybridstore.io.etcd.EtcdCommitCoalescer.Commit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The batching decisions of {@link EtcdCommitCoalescer} against a sender the test answers by hand
 * (no etcd, no threads, no sleeps): which commits leave together, when, and what each is told.
 * That nested transactions in one request keep each its own guard is checked on a real etcd in
 * {@link EtcdCommitCoalescerEtcdTest}.
 */
class EtcdCommitCoalescerTest {

    /** A request the coalescer sent, waiting for the test's answer. */
    private record Sent(List<Commit> batch, CompletableFuture<List<Boolean>> answer) {
        List<String> keys() {
            return batch.stream().map(Commit::key).toList();
        }

        void allHeld() {
            answer.complete(batch.stream().map(c -> true).toList());
        }
    }

    private final List<Sent> sent = new ArrayList<>();

    private EtcdCommitCoalescer coalescer(int maxInFlight, Duration timeout) {
        return new EtcdCommitCoalescer(batch -> {
            Sent s = new Sent(batch, new CompletableFuture<>());
            sent.add(s);
            return s.answer();
        }, maxInFlight, timeout);
    }

    private EtcdCommitCoalescer coalescer(int maxInFlight) {
        return coalescer(maxInFlight, Duration.ofMinutes(1));
    }

    @Test
    void aLoneCommitLeavesAtOnceInARequestOfItsOwn() throws Exception {
        EtcdCommitCoalescer c = coalescer(2);
        CompletableFuture<Boolean> landed = c.submit(commit("a", 3));
        assertEquals(1, sent.size());
        assertEquals(List.of("a"), sent.get(0).keys());
        sent.get(0).allHeld();
        assertTrue(landed.get(1, TimeUnit.SECONDS));
    }

    @Test
    void uncoalescedEveryCommitLeavesAtOnceAloneWhateverIsOpen() throws Exception {
        EtcdCommitCoalescer c = EtcdCommitCoalescer.uncoalesced(batch -> {
            Sent s = new Sent(batch, new CompletableFuture<>());
            sent.add(s);
            return s.answer();
        }, Duration.ofMinutes(1));
        List<CompletableFuture<Boolean>> landed = new ArrayList<>();
        for (String key : List.of("a", "b", "c", "d", "e")) {
            landed.add(c.submit(commit(key, 3)));
        }
        assertEquals(5, sent.size(), "none waited for an open request");
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e")), sent.stream().map(Sent::keys).toList());
        sent.forEach(Sent::allHeld);
        for (CompletableFuture<Boolean> f : landed) {
            assertTrue(f.get(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void commitsArrivingWhileEveryRequestIsOpenLeaveTogetherInTheNext() throws Exception {
        EtcdCommitCoalescer c = coalescer(2);
        c.submit(commit("a", 3));
        c.submit(commit("b", 3));
        List<CompletableFuture<Boolean>> later = new ArrayList<>();
        for (String key : List.of("c", "d", "e")) {
            later.add(c.submit(commit(key, 3)));
        }
        assertEquals(2, sent.size(), "two requests open: the rest wait");
        sent.get(1).allHeld();
        assertEquals(3, sent.size());
        assertEquals(List.of("c", "d", "e"), sent.get(2).keys());
        sent.get(2).answer().complete(List.of(true, false, true));
        assertTrue(later.get(0).get(1, TimeUnit.SECONDS));
        assertFalse(later.get(1).get(1, TimeUnit.SECONDS), "its own guard failed: false for it alone");
        assertTrue(later.get(2).get(1, TimeUnit.SECONDS));
    }

    @Test
    void atTheStoresOneRequestInFlightALoneCommitLeavesAtOnceAndTheRestLeaveTogetherWhenItAnswers() throws Exception {
        EtcdCommitCoalescer c = coalescer(EtcdMetadataStore.COMMITS_IN_FLIGHT);
        CompletableFuture<Boolean> first = c.submit(commit("a", 3));
        assertEquals(1, sent.size(), "nothing open: the first commit leaves at once");
        List<CompletableFuture<Boolean>> later = new ArrayList<>();
        for (String key : List.of("b", "c", "d", "e")) {
            later.add(c.submit(commit(key, 3)));
        }
        assertEquals(1, sent.size(), "one request open: every later commit waits for it");
        sent.get(0).allHeld();
        assertTrue(first.get(1, TimeUnit.SECONDS));
        assertEquals(2, sent.size(), "its answer sends the next at once");
        assertEquals(List.of("b", "c", "d", "e"), sent.get(1).keys(), "all that waited, in one request");
        CompletableFuture<Boolean> third = c.submit(commit("f", 3));
        assertEquals(2, sent.size());
        sent.get(1).allHeld();
        for (CompletableFuture<Boolean> f : later) {
            assertTrue(f.get(1, TimeUnit.SECONDS));
        }
        assertEquals(List.of("f"), sent.get(2).keys());
        sent.get(2).allHeld();
        assertTrue(third.get(1, TimeUnit.SECONDS));
    }

    @Test
    void aBatchStopsWhereItsNestedCommitsWouldPassEtcdsPerLevelLimitAndTwoCommitsOfOneKeyNeverShareARequest() throws Exception {
        EtcdCommitCoalescer c = coalescer(1);
        c.submit(commit("open", 1));
        c.submit(commit("k", 3));
        c.submit(commit("k", 3)); // the same key again: waits for the batch after
        for (int i = 0; i < 130; i++) {
            c.submit(commit("x" + i, 2));
        }
        sent.get(0).allHeld();
        List<String> second = sent.get(1).keys();
        // N nested commits, each within 128 - N: the widest has 3 operations, so N = 125 (126 + 3 would pass 128).
        assertEquals(125, second.size());
        assertEquals("k", second.get(0));
        assertEquals(1, second.stream().filter("k"::equals).count());
        assertEquals("x123", second.get(124));
        sent.get(1).allHeld();
        List<String> third = sent.get(2).keys();
        assertEquals(List.of("k", "x124", "x125", "x126", "x127", "x128", "x129"), third);
        sent.get(2).allHeld();
        assertEquals(3, sent.size());
    }

    @Test
    void oneWideCommitNarrowsItsWholeBatchAndCompareCountsAsMuchAsOperations() throws Exception {
        EtcdCommitCoalescer c = coalescer(1);
        c.submit(commit("open", 1));
        for (int i = 0; i < 20; i++) {
            c.submit(commit("a" + i, 1));
        }
        c.submit(guarded("wide", 100, 1)); // 100 compares: the batch may hold 28 commits at most
        for (int i = 0; i < 20; i++) {
            c.submit(commit("b" + i, 1));
        }
        sent.get(0).allHeld();
        List<String> second = sent.get(1).keys();
        assertEquals(28, second.size(), "28 nested + 100 compares in the widest = 128");
        assertEquals("wide", second.get(20));
        sent.get(1).allHeld();
        assertEquals(13, sent.get(2).keys().size(), "the rest, narrow again");
    }

    @Test
    void aCommitOfTheWholeBudgetStillLeavesAloneAndALargerOneIsRefused() {
        EtcdCommitCoalescer c = coalescer(1);
        c.submit(commit("open", 1));
        c.submit(commit("big", EtcdCommitCoalescer.MAX_OPS));
        c.submit(commit("small", 1));
        sent.get(0).allHeld();
        assertEquals(List.of("big"), sent.get(1).keys());
        sent.get(1).allHeld();
        assertEquals(List.of("small"), sent.get(2).keys());
        assertThrows(IllegalArgumentException.class, () -> c.submit(commit("huge", EtcdCommitCoalescer.MAX_OPS + 1)));
    }

    @Test
    void aFailedRequestFailsEachCommitInItAndFreesItsSlot() throws Exception {
        EtcdCommitCoalescer c = coalescer(1);
        CompletableFuture<Boolean> a = c.submit(commit("a", 1));
        CompletableFuture<Boolean> b = c.submit(commit("b", 1));
        CompletableFuture<Boolean> d = c.submit(commit("d", 1));
        sent.get(0).answer().completeExceptionally(new IllegalStateException("etcd unreachable"));
        assertFailed(a);
        sent.get(1).answer().completeExceptionally(new IllegalStateException("etcd unreachable"));
        assertFailed(b);
        assertFailed(d);
        CompletableFuture<Boolean> after = c.submit(commit("e", 1));
        assertEquals(3, sent.size(), "the slot was freed: the next commit leaves at once");
        sent.get(2).allHeld();
        assertTrue(after.get(1, TimeUnit.SECONDS));
    }

    @Test
    void aCommitWhoseCallerGaveUpBeforeItLeftIsNotSent() {
        EtcdCommitCoalescer c = coalescer(1);
        c.submit(commit("open", 1));
        CompletableFuture<Boolean> gaveUp = c.submit(commit("gave-up", 1));
        c.submit(commit("kept", 1));
        assertTrue(gaveUp.cancel(true));
        sent.get(0).allHeld();
        assertEquals(List.of("kept"), sent.get(1).keys());
    }

    @Test
    void aRequestThatNeverAnswersFailsItsCommitsAndFreesItsSlot() throws Exception {
        // The first request never answers; every later one answers at once, so the 1 ms bound can only
        // fail the hung one however slowly this test runs.
        EtcdCommitCoalescer c = new EtcdCommitCoalescer(batch -> {
            Sent s = new Sent(batch, new CompletableFuture<>());
            sent.add(s);
            if (sent.size() > 1) {
                s.allHeld();
            }
            return s.answer();
        }, 1, Duration.ofMillis(1));
        CompletableFuture<Boolean> hung = c.submit(commit("hung", 1));
        CompletableFuture<Boolean> next = c.submit(commit("next", 1));
        assertFailed(hung);
        assertTrue(next.get(5, TimeUnit.SECONDS), "sent once the hung request's bound passed");
        assertEquals(List.of("next"), sent.get(1).keys());
    }

    @Test
    void aBatchStopsAtTheByteBudget() throws Exception {
        EtcdCommitCoalescer c = coalescer(1);
        c.submit(commit("open", 1));
        long third = EtcdCommitCoalescer.MAX_BYTES / 3;
        for (String key : List.of("a", "b", "c", "d")) {
            c.submit(commit(key, 1, third));
        }
        sent.get(0).allHeld();
        assertEquals(List.of("a", "b", "c"), sent.get(1).keys(), "three thirds fill a request");
        sent.get(1).allHeld();
        assertEquals(List.of("d"), sent.get(2).keys());
    }

    @Test
    void aBatchEtcdRefusedIsSentAgainOneCommitPerRequestInItsSlot() throws Exception {
        EtcdCommitCoalescer c = coalescer(1);
        CompletableFuture<Boolean> open = c.submit(commit("open", 1));
        CompletableFuture<Boolean> a = c.submit(commit("a", 1));
        CompletableFuture<Boolean> b = c.submit(commit("b", 1));
        sent.get(0).allHeld();
        assertTrue(open.get(1, TimeUnit.SECONDS));
        assertEquals(List.of("a", "b"), sent.get(1).keys());
        sent.get(1).answer().completeExceptionally(refusal());
        assertEquals(List.of(List.of("a"), List.of("b")), sent.subList(2, 4).stream().map(Sent::keys).toList(),
                "each alone, at once");
        CompletableFuture<Boolean> later = c.submit(commit("later", 1));
        assertEquals(4, sent.size(), "the slot stays taken until both answer");
        sent.get(2).answer().complete(List.of(true));
        sent.get(3).answer().complete(List.of(false));
        assertTrue(a.get(1, TimeUnit.SECONDS));
        assertFalse(b.get(1, TimeUnit.SECONDS), "its own guard's answer");
        assertEquals(List.of("later"), sent.get(4).keys(), "then the slot frees");
        assertFalse(later.isDone());
    }

    @Test
    void aLoneCommitEtcdRefusedFailsWithoutARetry() {
        EtcdCommitCoalescer c = coalescer(1);
        CompletableFuture<Boolean> alone = c.submit(commit("alone", 1));
        sent.get(0).answer().completeExceptionally(refusal());
        assertTrue(alone.isCompletedExceptionally());
        assertEquals(1, sent.size());
    }

    @Test
    void aReadyBatchIsPackedAndSentAtOnceEvenWhileEverySlotIsTaken() throws Exception {
        EtcdCommitCoalescer c = coalescer(1);
        CompletableFuture<Boolean> open = c.submit(commit("open", 1)); // the only slot, unanswered
        List<CompletableFuture<Boolean>> page = c.submitAll(List.of(commit("a", 126), commit("b", 126), commit("a", 1),
                commit("c", 126))).answers();
        assertEquals(List.of(List.of("open"), List.of("a", "b")), sent.stream().map(Sent::keys).toList(),
                "2 nested commits of 126 operations fill a request (2 + 126 = 128); no slot waited for");
        sent.get(1).allHeld();
        assertEquals(List.of("a", "c"), sent.get(2).keys(), "the key's second commit in the next request, in order");
        sent.get(2).answer().complete(List.of(false, true));
        assertEquals(List.of(true, true, false, true), page.stream().map(CompletableFuture::join).toList());
        CompletableFuture<Boolean> waiting = c.submit(commit("d", 1));
        assertEquals(3, sent.size(), "the ready batch took no slot and freed none: d waits for open's answer");
        sent.get(0).allHeld();
        assertTrue(open.get(1, TimeUnit.SECONDS));
        assertEquals(List.of("d"), sent.get(3).keys());
        assertFalse(waiting.isDone());
    }

    /** Session 30: a heal's pages sent every request at once, and client commits waited behind them in etcd. */
    @Test
    void readyBatchesGoAsSmallRequestsOneAtATimeAndTheNextLeavesAsOneIsAnswered() throws Exception {
        assertEquals(1, EtcdCommitCoalescer.READY_IN_FLIGHT);
        assertEquals(32, EtcdCommitCoalescer.READY_NESTED);
        EtcdCommitCoalescer c = coalescer(1);
        List<Commit> page = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            page.add(commit("k" + i, 2));
        }
        List<CompletableFuture<Boolean>> first = c.submitAll(page).answers();
        List<CompletableFuture<Boolean>> second = c.submitAll(List.of(commit("f", 1))).answers();
        assertEquals(1, sent.size(), "one request of a ready batch open at a time");
        assertEquals(32, sent.get(0).keys().size(), "at most 32 commits nested in it, though 40 would fit etcd's limits");
        CompletableFuture<Boolean> single = c.submit(commit("g", 1));
        assertEquals(List.of("g"), sent.get(1).keys(), "a single commit takes its slot whatever ready batches wait");
        sent.get(0).allHeld();
        assertEquals(8, sent.get(2).keys().size(), "an answer lets the next ready request leave: the page's last 8");
        assertEquals(3, sent.size());
        sent.get(2).allHeld();
        assertEquals(List.of("f"), sent.get(3).keys(), "the second page's request after the first page's");
        sent.get(3).allHeld();
        sent.get(1).allHeld();
        assertTrue(first.stream().allMatch(CompletableFuture::join));
        assertTrue(second.get(0).get(1, TimeUnit.SECONDS));
        assertTrue(single.get(1, TimeUnit.SECONDS));
        c.submitAll(List.of(commit("h", 1)));
        assertEquals(List.of("h"), sent.get(4).keys(), "the place was given back");
    }

    /**
     * A ready batch's requests may wait behind other batches' before each is bounded as sent: the
     * hand-over says how long its caller may wait (each request ahead and its own: two timeouts, the
     * second for a refusal sent again commit by commit; one more for the caller), so it does not give
     * up on commits still waiting their turn.
     */
    @Test
    void aReadyBatchSaysHowLongItsCallerMayWaitFromTheRequestsAheadOfIt() {
        EtcdCommitCoalescer c = coalescer(1, Duration.ofSeconds(2));
        List<Commit> page = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            page.add(commit("k" + i, 1));
        }
        assertEquals(Duration.ofSeconds(2 * (2 * 2 + 1)), c.submitAll(page).bound(), "2 requests: 2 × 2 timeouts + 1");
        assertEquals(Duration.ofSeconds(2 * (2 * 3 + 1)), c.submitAll(List.of(commit("f", 1))).bound(),
                "behind the first page's 2 requests (one open)");
        assertEquals(1, sent.size());
    }

    @Test
    void aReadyRequestWhoseCommitsWereAllGivenUpIsNeverSent() {
        EtcdCommitCoalescer c = coalescer(1);
        c.submitAll(List.of(commit("a", 1)));
        List<CompletableFuture<Boolean>> givenUp = c.submitAll(List.of(commit("b", 1), commit("c", 1))).answers();
        List<CompletableFuture<Boolean>> kept = c.submitAll(List.of(commit("d", 1))).answers();
        givenUp.forEach(f -> f.cancel(true)); // their caller's wait ran out while a's request was open
        sent.get(0).allHeld();
        assertEquals(List.of(List.of("a"), List.of("d")), sent.stream().map(Sent::keys).toList(), "b and c's request dropped");
        sent.get(1).allHeld();
        assertTrue(kept.get(0).join());
    }

    @Test
    void aReadyBatchEtcdRefusedIsSentAgainOneCommitPerRequest() throws Exception {
        EtcdCommitCoalescer c = coalescer(1);
        List<CompletableFuture<Boolean>> page = c.submitAll(List.of(commit("a", 1), commit("b", 1))).answers();
        sent.get(0).answer().completeExceptionally(refusal());
        assertEquals(List.of(List.of("a"), List.of("b")), sent.subList(1, 3).stream().map(Sent::keys).toList());
        sent.get(1).allHeld();
        sent.get(2).answer().complete(List.of(false));
        assertEquals(List.of(true, false), page.stream().map(CompletableFuture::join).toList());
        c.submit(commit("next", 1));
        assertEquals(List.of("next"), sent.get(3).keys(), "the slot was never taken");
    }

    /** What jetcd fails a request with when etcd refuses it (too many operations, too large). */
    private static Throwable refusal() {
        return io.etcd.jetcd.common.exception.EtcdExceptionFactory.newEtcdException(
                io.etcd.jetcd.common.exception.ErrorCode.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
    }

    private static void assertFailed(CompletableFuture<Boolean> f) throws InterruptedException, TimeoutException {
        try {
            f.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException expected) {
            // the request's failure, as the caller's await classifies it
        }
    }

    private static Commit commit(String key, int ops) {
        return commit(key, ops, 0);
    }

    private static Commit guarded(String key, int compares, int ops) {
        Cmp[] guards = new Cmp[compares];
        for (int i = 0; i < compares; i++) {
            guards[i] = new Cmp(EtcdConnection.bytes(key + "/" + i), Cmp.Op.EQUAL, io.etcd.jetcd.op.CmpTarget.version(0));
        }
        return new Commit(key, guards, commit(key, ops).ops(), 0);
    }

    private static Commit commit(String key, int ops, long bytes) {
        Op[] o = new Op[ops];
        for (int i = 0; i < ops; i++) {
            o[i] = Op.delete(EtcdConnection.bytes(key + "/" + i), io.etcd.jetcd.options.DeleteOption.DEFAULT);
        }
        return new Commit(key, new Cmp[0], o, bytes);
    }
}
