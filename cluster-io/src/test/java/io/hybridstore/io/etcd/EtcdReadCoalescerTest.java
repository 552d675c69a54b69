package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batching decisions of {@link EtcdReadCoalescer} against a sender the test answers by hand (no
 * etcd, no threads, no sleeps): which reads leave together, when, and what each is told. That the
 * coalesced reads return each key's own record from a real etcd is {@code EtcdMetadataStoreContractTest}'s
 * (every get of the etcd store goes through it) and {@code concurrentGetsEachSeeTheirOwnRecord} there.
 */
class EtcdReadCoalescerTest {

    /** A request the coalescer sent, waiting for the test's answer. */
    private record Sent(List<String> keys, CompletableFuture<List<String>> answer) {
        /** Answers each key with "value of " the key, in order. */
        void answerAll() {
            answer.complete(keys.stream().map(k -> "value of " + k).toList());
        }
    }

    /** Synchronized: a timed-out request's slot is passed on from CompletableFuture's timer thread. */
    private final List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    /** A permit per request sent, for a test whose next request leaves on another thread. */
    private final java.util.concurrent.Semaphore sends = new java.util.concurrent.Semaphore(0);

    private EtcdReadCoalescer<String, String> coalescer(int maxInFlight, Duration timeout) {
        return new EtcdReadCoalescer<>(keys -> {
            Sent s = new Sent(keys, new CompletableFuture<>());
            sent.add(s);
            sends.release();
            return s.answer();
        }, maxInFlight, timeout);
    }

    @Test
    void aLoneReadLeavesAtOnceAlone() throws Exception {
        EtcdReadCoalescer<String, String> c = coalescer(2, Duration.ofMinutes(1));
        CompletableFuture<String> a = c.read("a");
        assertEquals(1, sent.size());
        assertEquals(List.of("a"), sent.get(0).keys());
        sent.get(0).answerAll();
        assertEquals("value of a", a.get(1, TimeUnit.SECONDS));
    }

    @Test
    void readsArrivingWhileTheSlotsAreBusyLeaveTogetherEachWithItsOwnAnswer() throws Exception {
        EtcdReadCoalescer<String, String> c = coalescer(2, Duration.ofMinutes(1));
        CompletableFuture<String> a = c.read("a");
        CompletableFuture<String> b = c.read("b");
        List<CompletableFuture<String>> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(c.read("k" + i));
        }
        assertEquals(2, sent.size(), "two slots: the five later reads wait");
        sent.get(0).answerAll();
        assertEquals(3, sent.size(), "the first answer sends the waiting reads at once, together");
        assertEquals(List.of("k0", "k1", "k2", "k3", "k4"), sent.get(2).keys());
        sent.get(2).answerAll();
        sent.get(1).answerAll();
        assertEquals("value of a", a.get(1, TimeUnit.SECONDS));
        assertEquals("value of b", b.get(1, TimeUnit.SECONDS));
        for (int i = 0; i < 5; i++) {
            assertEquals("value of k" + i, later.get(i).get(1, TimeUnit.SECONDS));
        }
        assertEquals(3, sent.size(), "nothing left to send");
        c.read("after");
        assertEquals(4, sent.size(), "the slots were given back: a new read leaves at once");
    }

    @Test
    void aRequestHoldsAtMostMaxReadsGets() {
        EtcdReadCoalescer<String, String> c = coalescer(1, Duration.ofMinutes(1));
        c.read("first");
        int waiting = EtcdReadCoalescer.MAX_READS * 2 + 3;
        for (int i = 0; i < waiting; i++) {
            c.read("k" + i);
        }
        int[] sizes = new int[4];
        for (int i = 0; i < 4; i++) {
            sizes[i] = sent.get(i).keys().size();
            sent.get(i).answerAll();
        }
        assertEquals(List.of(1, EtcdReadCoalescer.MAX_READS, EtcdReadCoalescer.MAX_READS, 3),
                List.of(sizes[0], sizes[1], sizes[2], sizes[3]));
        assertEquals(4, sent.size());
    }

    @Test
    void aFailedRequestFailsEachOfItsReadsAndFreesItsSlot() throws Exception {
        EtcdReadCoalescer<String, String> c = coalescer(1, Duration.ofMinutes(1));
        CompletableFuture<String> a = c.read("a");
        CompletableFuture<String> b = c.read("b");
        CompletableFuture<String> d = c.read("d");
        sent.get(0).answer().completeExceptionally(new IllegalStateException("etcd unreachable"));
        assertTrue(assertThrows(ExecutionException.class, () -> a.get(1, TimeUnit.SECONDS)).getCause() instanceof IllegalStateException);
        assertEquals(List.of("b", "d"), sent.get(1).keys(), "the waiting reads still leave");
        sent.get(1).answer().complete(List.of("only one"));
        assertThrows(ExecutionException.class, () -> b.get(1, TimeUnit.SECONDS), "an answer of the wrong length fails every read in it");
        assertThrows(ExecutionException.class, () -> d.get(1, TimeUnit.SECONDS));
        c.read("e");
        assertEquals(3, sent.size(), "the slot was given back");
    }

    @Test
    void aRequestNeverAnsweredFailsItsReadsAfterTheTimeoutAndFreesItsSlot() throws Exception {
        EtcdReadCoalescer<String, String> c = coalescer(1, Duration.ofMillis(50));
        CompletableFuture<String> a = c.read("a");
        CompletableFuture<String> b = c.read("b");
        ExecutionException timedOut = assertThrows(ExecutionException.class, () -> a.get(5, TimeUnit.SECONDS));
        assertTrue(timedOut.getCause() instanceof java.util.concurrent.TimeoutException, timedOut.toString());
        // a's failure is told before the timer thread goes on to free the slot and send b: wait for that send
        assertTrue(sends.tryAcquire(2, 5, TimeUnit.SECONDS), "the waiting read left once the slot was freed");
        assertEquals(2, sent.size());
        sent.get(1).answerAll();
        assertEquals("value of b", b.get(1, TimeUnit.SECONDS));
    }

    @Test
    void aSenderThatThrowsFailsTheBatchInsteadOfTheCaller() {
        EtcdReadCoalescer<String, String> c = new EtcdReadCoalescer<>(keys -> {
            throw new IllegalStateException("closed client");
        }, 1, Duration.ofMinutes(1));
        CompletableFuture<String> a = c.read("a");
        assertThrows(ExecutionException.class, () -> a.get(1, TimeUnit.SECONDS));
        CompletableFuture<String> b = c.read("b");
        assertTrue(b.isCompletedExceptionally(), "the slot was freed: the next read was sent (and failed) too");
    }
}
