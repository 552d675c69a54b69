package io.hybridstore.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.gateway.write.NodeFanOut.Put;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The coalescer over a sender that does not block (the writes'): the test holds each batch's future
 * and completes it from a thread of its own, as a node client's event loop would. No executor exists
 * here at all, so every batch provably leaves from a thread that was already running.
 */
class NonBlockingCoalescerTest {

    private static final NodeInfo A = new NodeInfo("node-a", "mem://node-a", "", 1L << 40, 0, 0, 0, "test");

    /** A batch sent, its answer in the test's hands. */
    private record Call(List<Put> puts, CompletableFuture<List<NodeCoalescer.Answer<Long>>> answer, Thread thread) {
        void ok() {
            answer.complete(Collections.nCopies(puts.size(), NodeCoalescer.Answer.of(1_000L)));
        }

        List<String> ids() {
            return puts.stream().map(Put::chunkId).toList();
        }
    }

    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());

    private NodeCoalescer<Put, Long> coalescer(int maxItems, NodeCoalescer.AsyncBatchSender<Put, Long> sender) {
        return coalescer(maxItems, null, sender);
    }

    private NodeCoalescer<Put, Long> coalescer(int maxItems, Executor starter, NodeCoalescer.AsyncBatchSender<Put, Long> sender) {
        return NodeCoalescer.nonBlocking(sender, starter, 1, maxItems, 1 << 20, p -> p.data().length, "batch PUT",
                (waits, nanos) -> sizes.add(waits.length));
    }

    /** Every batch waits for the test. */
    private NodeCoalescer<Put, Long> held() {
        return coalescer(64, null, this::hold);
    }

    /** Records the batch, its answer left to the test. */
    private CompletableFuture<List<NodeCoalescer.Answer<Long>>> hold(NodeInfo node, List<Put> puts) {
        Call call = new Call(puts, new CompletableFuture<>(), Thread.currentThread());
        calls.add(call);
        return call.answer();
    }

    @Test
    void aBatchLeavesFromTheSubmittingThreadAndTheNextFromTheOneThatCompletedIt() throws Exception {
        NodeCoalescer<Put, Long> c = held();
        CompletableFuture<Long> first = c.submit(A, put("p0"));
        assertEquals(1, calls.size(), "sent before submit returned");
        assertSame(Thread.currentThread(), calls.get(0).thread());
        List<CompletableFuture<Long>> later = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            later.add(c.submit(A, put("p" + i)));
        }
        assertEquals(1, calls.size(), "nothing more leaves while the only batch allowed is open");

        Thread loop = Thread.ofPlatform().name("event-loop").start(() -> calls.get(0).ok());
        loop.join(10_000);
        assertEquals(1_000L, first.get(10, TimeUnit.SECONDS));
        assertEquals(2, calls.size());
        assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), calls.get(1).ids());
        assertSame(loop, calls.get(1).thread(), "the next batch left from the thread that completed the first");
        calls.get(1).ok();
        for (CompletableFuture<Long> f : later) {
            assertEquals(1_000L, f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 5), sizes);
    }

    /** The reads' way: an idle node's first batch leaves from a thread started for it, with what was queued by then. */
    @Test
    void withAStarterAnIdleNodesFirstBatchGathersWhatWasQueuedBeforeItsThreadRan() throws Exception {
        List<Runnable> started = new ArrayList<>();
        NodeCoalescer<Put, Long> c = coalescer(64, started::add, this::hold);
        List<CompletableFuture<Long>> puts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            puts.add(c.submit(A, put("g" + i)));
        }
        assertEquals(0, calls.size(), "nothing leaves from the queuing thread");
        assertEquals(1, started.size(), "one thread started for the idle node, not one per item");
        started.get(0).run();
        assertEquals(List.of("g0", "g1", "g2"), calls.get(0).ids());
        CompletableFuture<Long> later = c.submit(A, put("g3"));
        calls.get(0).ok();
        assertEquals(List.of("g3"), calls.get(1).ids(), "the next batch leaves from the completing thread, none started");
        assertEquals(1, started.size());
        calls.get(1).ok();
        for (CompletableFuture<Long> f : puts) {
            assertEquals(1_000L, f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1_000L, later.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aBatchThatFailsFailsEachItemWithItsOwnErrorAndTheQueueGoesOn() throws Exception {
        NodeCoalescer<Put, Long> c = held();
        CompletableFuture<Long> a = c.submit(A, put("a"));
        CompletableFuture<Long> b = c.submit(A, put("b"));
        CompletableFuture<Long> d = c.submit(A, put("d"));
        calls.get(0).answer().completeExceptionally(new StoreException(ErrorCode.UNAVAILABLE, "node-a refused the connection"));
        assertEquals(ErrorCode.UNAVAILABLE, failure(a).code());
        // The next batch failed with something unclassified, derived as a stage would (wrapped): INTERNAL, unwrapped once.
        calls.get(1).answer().completeExceptionally(new java.util.concurrent.CompletionException(new IllegalStateException("bad frame")));
        assertEquals(ErrorCode.INTERNAL, failure(b).code());
        assertEquals(ErrorCode.INTERNAL, failure(d).code());
        assertTrue(failure(d).getMessage().contains("bad frame"), failure(d).getMessage());

        CompletableFuture<Long> e = c.submit(A, put("e"));
        calls.get(2).ok();
        assertEquals(1_000L, e.get(10, TimeUnit.SECONDS), "the node's queue still sends after failed batches");
    }

    @Test
    void aSenderThatThrowsFailsItsItemsAndReleasesTheNode() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        NodeCoalescer<Put, Long> c = coalescer(64, (node, puts) -> {
            if (fail.getAndSet(false)) {
                throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "batch too large");
            }
            return CompletableFuture.completedFuture(Collections.nCopies(puts.size(), NodeCoalescer.Answer.of(7L)));
        });
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, failure(c.submit(A, put("x"))).code());
        assertEquals(7L, c.submit(A, put("y")).get(10, TimeUnit.SECONDS));
    }

    @Test
    void anItemAnsweredWithAnErrorFailsAloneAndItsNeighboursAreStored() throws Exception {
        NodeCoalescer<Put, Long> c = held();
        CompletableFuture<Long> first = c.submit(A, put("first"));
        CompletableFuture<Long> ok = c.submit(A, put("ok"));
        CompletableFuture<Long> refused = c.submit(A, put("refused"));
        calls.get(0).ok();
        calls.get(1).answer().complete(List.of(NodeCoalescer.Answer.of(2L), NodeCoalescer.Answer.failed(ErrorCode.INSUFFICIENT_STORAGE)));
        assertEquals(1_000L, first.get(10, TimeUnit.SECONDS));
        assertEquals(2L, ok.get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, failure(refused).code());
    }

    /**
     * Batches that are done as soon as they are sent (the in-memory store's) leave one after another in
     * a loop, not a recursion: 20,000 of one item each behind one held batch drain without a stack overflow.
     */
    @Test
    void manyBatchesDoneOnSendDrainInALoop() throws Exception {
        int items = 20_000;
        List<CompletableFuture<List<NodeCoalescer.Answer<Long>>>> held = new ArrayList<>();
        NodeCoalescer<Put, Long> c = coalescer(1, (node, puts) -> {
            if (held.isEmpty()) {
                CompletableFuture<List<NodeCoalescer.Answer<Long>>> first = new CompletableFuture<>();
                held.add(first);
                return first;
            }
            return CompletableFuture.completedFuture(List.of(NodeCoalescer.Answer.of(3L)));
        });
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            all.add(c.submit(A, put("i" + i)));
        }
        assertFalse(all.get(items - 1).isDone());
        held.get(0).complete(List.of(NodeCoalescer.Answer.of(3L)));
        for (CompletableFuture<Long> f : all) {
            assertEquals(3L, f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(items, sizes.size(), "one batch per item (at most one item each)");
    }

    private static StoreException failure(CompletableFuture<Long> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (StoreException) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
        throw new AssertionError("stored, not failed");
    }

    private static Put put(String id) {
        return new Put(0, A, id, new byte[10], null);
    }
}
