package io.hybridstore.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.gateway.write.NodeFanOut.Put;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coalescer against a sender the test answers by hand: every batch the coalescer sends is
 * handed to the test, which decides when and how it returns. No sleeps: the order of events is
 * forced by who waits on whom.
 */
class NodeCoalescerTest {

    private static final NodeInfo A = node("node-a");
    private static final NodeInfo B = node("node-b");

    /** A batch the coalescer sent, waiting for the test's answer. */
    private record Call(NodeInfo node, List<Put> puts, CompletableFuture<List<ErrorCode>> answer, Thread thread) {
        void ok() {
            answer.complete(Collections.nCopies(puts.size(), null));
        }

        List<String> ids() {
            return puts.stream().map(Put::chunkId).toList();
        }
    }

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private NodeCoalescer<Put, Long> coalescer(int maxInFlight, int maxChunks, long maxBytes) {
        return new NodeCoalescer<Put, Long>((node, puts) -> {
            Call call = new Call(node, puts, new CompletableFuture<>(), Thread.currentThread());
            calls.add(call);
            try {
                return call.answer().get().stream()
                        .map(e -> e == null ? NodeCoalescer.Answer.of(1_000L) : NodeCoalescer.Answer.<Long>failed(e)).toList();
            } catch (ExecutionException e) {
                throw (RuntimeException) e.getCause();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, executor, maxInFlight, maxChunks, maxBytes, p -> p.data().length, "batch PUT", (waits, nanos) -> sizes.add(waits.length));
    }

    private Call nextCall() throws InterruptedException {
        Call call = calls.poll(10, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no batch was sent");
        }
        return call;
    }

    @Test
    void aLonePutLeavesAtOnceInABatchOfOne() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        CompletableFuture<Long> stored = c.submit(A, put(A, "x", 10));
        Call call = nextCall();
        assertEquals(List.of("x"), call.ids());
        call.ok();
        assertEquals(1_000L, stored.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(1), sizes);
    }

    @Test
    void putsArrivingWhileABatchIsOpenLeaveTogetherInTheNext() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        CompletableFuture<Long> first = c.submit(A, put(A, "p0", 10));
        Call open = nextCall();
        List<CompletableFuture<Long>> later = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            later.add(c.submit(A, put(A, "p" + i, 10)));
        }
        assertTrue(calls.isEmpty(), "nothing more leaves while the only batch allowed is open");
        open.ok();
        Call next = nextCall();
        assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), next.ids());
        next.ok();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Long> f : later) {
            assertEquals(1_000L, f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 5), sizes);
    }

    @Test
    void theMeterIsToldHowLongEachItemWaitedBehindTheOpenBatch() throws Exception {
        List<long[]> waits = Collections.synchronizedList(new ArrayList<>());
        NodeCoalescer<Put, Long> c = new NodeCoalescer<Put, Long>((node, puts) -> {
            Call call = new Call(node, puts, new CompletableFuture<>(), Thread.currentThread());
            calls.add(call);
            return call.answer().join().stream().map(e -> NodeCoalescer.Answer.of(1_000L)).toList();
        }, executor, 1, 64, 1 << 20, p -> p.data().length, "batch PUT", (w, nanos) -> waits.add(w));
        long before = System.nanoTime();
        CompletableFuture<Long> first = c.submit(A, put(A, "open", 1));
        Call open = nextCall();
        long queued = System.nanoTime();
        CompletableFuture<Long> behind = c.submit(A, put(A, "behind", 1));
        long heldFrom = System.nanoTime();
        while (System.nanoTime() - heldFrom < 2_000_000) {
            Thread.onSpinWait(); // the open batch stays open at least 2 ms after "behind" was queued
        }
        open.ok();
        nextCall().ok();
        first.get(10, TimeUnit.SECONDS);
        behind.get(10, TimeUnit.SECONDS);

        assertEquals(2, waits.size());
        assertEquals(1, waits.get(0).length);
        assertTrue(waits.get(0)[0] >= 0 && waits.get(0)[0] <= queued - before, "the first left before the test saw it: " + waits.get(0)[0]);
        assertEquals(1, waits.get(1).length);
        assertTrue(waits.get(1)[0] >= 2_000_000, "the second waited while the first was open: " + waits.get(1)[0]);
    }

    @Test
    void batchesAreCutAtTheirCountAndByteLimitsAndALargePutGoesAlone() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 3, 100);
        c.submit(A, put(A, "open", 1));
        Call open = nextCall();
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        for (String id : List.of("a", "b", "c", "d")) {
            waiting.add(c.submit(A, put(A, id, 10))); // 4 puts: a count limit of 3 cuts after c
        }
        waiting.add(c.submit(A, put(A, "e", 95))); // d (10) + e (95) > 100 bytes: e waits for the next batch
        waiting.add(c.submit(A, put(A, "huge", 500))); // over the byte limit alone: sent, alone
        open.ok();
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Call call = nextCall();
            batches.add(call.ids());
            call.ok();
        }
        assertEquals(List.of(List.of("a", "b", "c"), List.of("d"), List.of("e"), List.of("huge")), batches);
        for (CompletableFuture<Long> f : waiting) {
            f.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachPutGetsItsOwnOutcomeAndAFailedRequestFailsEveryPutInIt() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        CompletableFuture<Long> open = c.submit(A, put(A, "open", 1));
        Call first = nextCall();
        CompletableFuture<Long> good = c.submit(A, put(A, "good", 1));
        CompletableFuture<Long> bad = c.submit(A, put(A, "bad", 1));
        first.answer().completeExceptionally(new StoreException(ErrorCode.UNAVAILABLE, "connection refused"));
        assertEquals(ErrorCode.UNAVAILABLE, codeOf(open));
        Call second = nextCall();
        assertEquals(List.of("good", "bad"), second.ids());
        second.answer().complete(Arrays.asList(null, ErrorCode.INSUFFICIENT_STORAGE));
        assertEquals(1_000L, good.get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, codeOf(bad));
    }

    @Test
    void theMeterIsToldEveryBatchSentWithItsItemsWhetherItWasAnsweredOrFailed() throws Exception {
        List<long[]> told = Collections.synchronizedList(new ArrayList<>());
        NodeCoalescer<Put, Long> c = new NodeCoalescer<Put, Long>((node, puts) -> {
            if (puts.get(0).chunkId().startsWith("fail")) {
                throw new StoreException(ErrorCode.UNAVAILABLE, "connection refused");
            }
            return puts.stream().map(p -> NodeCoalescer.Answer.of(1_000L)).toList();
        }, executor, 1, 64, 1 << 20, p -> p.data().length, "batch PUT", (waits, nanos) -> told.add(new long[] {waits.length, nanos}));

        assertEquals(1_000L, c.submit(A, put(A, "ok", 1)).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.UNAVAILABLE, codeOf(c.submit(B, put(B, "fail", 1))));

        assertEquals(2, told.size());
        assertTrue(told.stream().allMatch(t -> t[0] == 1 && t[1] >= 0), "one item each, a time each");
    }

    @Test
    void aCancelledPutIsNotSentAndNodesDoNotWaitOnEachOther() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        c.submit(A, put(A, "open-a", 1));
        Call openA = nextCall();
        CompletableFuture<Long> gaveUp = c.submit(A, put(A, "gave-up", 1));
        CompletableFuture<Long> kept = c.submit(A, put(A, "kept", 1));
        assertTrue(gaveUp.cancel(true));
        CompletableFuture<Long> onB = c.submit(B, put(B, "on-b", 1));
        Call callB = nextCall(); // node-b's batch leaves while node-a's is still open
        assertEquals(B, callB.node());
        callB.ok();
        assertEquals(1_000L, onB.get(10, TimeUnit.SECONDS));
        openA.ok();
        Call nextA = nextCall();
        assertEquals(List.of("kept"), nextA.ids());
        nextA.ok();
        kept.get(10, TimeUnit.SECONDS);
        assertNull(calls.poll());
    }

    @Test
    void withTwoInFlightASecondBatchLeavesBeforeTheFirstAnswers() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(2, 64, 1 << 20);
        c.submit(A, put(A, "one", 1));
        Call one = nextCall();
        c.submit(A, put(A, "two", 1));
        Call two = nextCall();
        assertEquals(List.of("two"), two.ids());
        CompletableFuture<Long> third = c.submit(A, put(A, "three", 1));
        assertFalse(third.isDone());
        assertTrue(calls.isEmpty(), "two batches are open: the third put waits");
        two.ok();
        Call next = nextCall();
        assertEquals(List.of("three"), next.ids());
        next.ok();
        one.ok();
        third.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anInlineItemLeavesAloneOnTheCallersThreadWhenTheNodeIsIdle() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<Long>> returned = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            caller.complete(Thread.currentThread());
            returned.complete(c.submitInline(A, put(A, "inline", 10)));
        });
        Call call = nextCall();
        assertEquals(List.of("inline"), call.ids());
        assertEquals(caller.get(10, TimeUnit.SECONDS), call.thread(), "sent by the caller, not by a sender thread");
        call.ok();
        CompletableFuture<Long> stored = returned.get(10, TimeUnit.SECONDS);
        assertTrue(stored.isDone(), "done when submitInline returns");
        assertEquals(1_000L, stored.get());
        assertEquals(List.of(1), sizes);
    }

    @Test
    void anInlineItemWaitsForTheNextBatchWhenNoRequestMayOpen() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        c.submit(A, put(A, "open", 1));
        Call open = nextCall();
        CompletableFuture<Long> queued = c.submitInline(A, put(A, "queued", 1)); // returns at once: it only queued
        assertFalse(queued.isDone());
        assertTrue(calls.isEmpty());
        open.ok();
        Call next = nextCall();
        assertEquals(List.of("queued"), next.ids());
        next.ok();
        assertEquals(1_000L, queued.get(10, TimeUnit.SECONDS));
    }

    @Test
    void itemsArrivingDuringAnInlineSendLeaveRightAfterItAndItsFailureIsItsOwn() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        CompletableFuture<CompletableFuture<Long>> returned = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> returned.complete(c.submitInline(A, put(A, "inline", 1))));
        Call inline = nextCall();
        CompletableFuture<Long> later1 = c.submit(A, put(A, "later-1", 1));
        CompletableFuture<Long> later2 = c.submitInline(A, put(A, "later-2", 1));
        assertTrue(calls.isEmpty(), "the inline request holds the only slot");
        inline.answer().completeExceptionally(new StoreException(ErrorCode.UNAVAILABLE, "interrupted"));
        assertEquals(ErrorCode.UNAVAILABLE, codeOf(returned.get(10, TimeUnit.SECONDS)));
        Call next = nextCall();
        assertEquals(List.of("later-1", "later-2"), next.ids());
        next.ok();
        assertEquals(1_000L, later1.get(10, TimeUnit.SECONDS));
        assertEquals(1_000L, later2.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2), sizes);
    }

    @Test
    void itemsWantedTogetherFromAnIdleNodeLeaveInOneRequestOnTheCallersThread() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(2, 64, 1 << 20);
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<List<CompletableFuture<Long>>> returned = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            caller.complete(Thread.currentThread());
            returned.complete(c.submitAllInline(A, List.of(put(A, "hot", 10), put(A, "shard", 10))));
        });
        Call call = nextCall();
        assertEquals(List.of("hot", "shard"), call.ids());
        assertEquals(caller.get(10, TimeUnit.SECONDS), call.thread(), "sent by the caller, not by a sender thread");
        call.answer().complete(Arrays.asList(null, ErrorCode.NOT_FOUND));
        List<CompletableFuture<Long>> answers = returned.get(10, TimeUnit.SECONDS);
        assertEquals(1_000L, answers.get(0).get());
        assertEquals(ErrorCode.NOT_FOUND, codeOf(answers.get(1)), "each item has its own answer");
        assertEquals(List.of(2), sizes);
        assertTrue(calls.isEmpty(), "one request for both");
    }

    @Test
    void itemsWantedTogetherFromABusyNodeWaitTogetherForItsNextBatch() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        c.submit(A, put(A, "open", 1));
        Call open = nextCall();
        List<CompletableFuture<Long>> queued = c.submitAllInline(A, List.of(put(A, "hot", 1), put(A, "shard", 1)));
        assertFalse(queued.get(0).isDone(), "returns at once: it only queued");
        assertTrue(calls.isEmpty());
        open.ok();
        Call next = nextCall();
        assertEquals(List.of("hot", "shard"), next.ids());
        next.ok();
        assertEquals(1_000L, queued.get(0).get(10, TimeUnit.SECONDS));
        assertEquals(1_000L, queued.get(1).get(10, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2), sizes);
    }

    /** What a read's first wave uses: no thread of the caller's waits, a sender sends, the items share one request. */
    @Test
    void itemsSubmittedTogetherLeaveInOneRequestOnASenderNotTheCaller() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        List<CompletableFuture<Long>> queued = c.submitAll(A, List.of(put(A, "hot", 10), put(A, "shard", 10)));
        Call call = nextCall();
        assertEquals(List.of("hot", "shard"), call.ids());
        assertTrue(call.thread() != Thread.currentThread(), "sent by a sender thread: submitAll returns before its answer");
        assertFalse(queued.get(0).isDone());
        call.answer().complete(Arrays.asList(null, ErrorCode.CORRUPT));
        assertEquals(1_000L, queued.get(0).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.CORRUPT, codeOf(queued.get(1)), "each item has its own answer");
        assertEquals(List.of(2), sizes);
    }

    @Test
    void itemsSubmittedTogetherToABusyNodeWaitTogetherAndACancelledOneIsLeftOut() throws Exception {
        NodeCoalescer<Put, Long> c = coalescer(1, 64, 1 << 20);
        c.submit(A, put(A, "open", 1));
        Call open = nextCall();
        List<CompletableFuture<Long>> queued = c.submitAll(A, List.of(put(A, "hot", 1), put(A, "gone", 1), put(A, "shard", 1)));
        queued.get(1).cancel(true);
        assertTrue(calls.isEmpty(), "queued behind the open request");
        open.ok();
        Call next = nextCall();
        assertEquals(List.of("hot", "shard"), next.ids());
        next.ok();
        assertEquals(1_000L, queued.get(2).get(10, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2), sizes);
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> coalescer(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> coalescer(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> coalescer(1, 1, 0));
    }

    private static ErrorCode codeOf(CompletableFuture<Long> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return ((StoreException) e.getCause()).code();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome", e);
        }
    }

    private static Put put(NodeInfo node, String id, int size) {
        return new Put(0, node, id, new byte[size], null);
    }

    private static NodeInfo node(String id) {
        return new NodeInfo(id, "mem://" + id, "", 1L << 40, 0, 0, 0, "test");
    }
}
