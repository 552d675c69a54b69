package io.hybridstore.io.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.hybridstore.common.time.Timeouts;
import io.hybridstore.common.tracker.QueueWaits;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Sends the single-key reads of concurrent writes to etcd together: one read-only transaction whose
 * then-branch holds one get per key, answered in order. Why: every document write reads its key
 * before it plans (dedup needs the previous record), and at 32 writers those reads were a request
 * each, the largest etcd item of the gateway's write profile (session 19, h23-gw: gRPC on the event
 * loops, the client's pool). A read-only transaction is served by etcd as one linearizable read (one
 * ReadIndex, no raft proposal), so N reads in it see the same consistent state a lone read would,
 * and pay the request around them once.
 *
 * <p>As {@link EtcdCommitCoalescer} does for commits: at most {@code maxInFlight} requests are open;
 * a read that arrives while they are busy waits and leaves with the next, so a lone read leaves at
 * once (no linger, a lone read is sent as a plain get) and concurrent ones share a round trip. A
 * request holds at most {@value #MAX_READS} gets (etcd's default {@code --max-txn-ops}). A request
 * that fails or is not answered within the timeout fails each read in it, and frees its slot.
 *
 * <p>Non-blocking: a batch is sent from the thread that queued its first read or from the completion
 * of the previous request (jetcd's executor).
 */
final class EtcdReadCoalescer<K, A> {

    /** etcd's default {@code --max-txn-ops}: gets in one transaction at most. */
    static final int MAX_READS = 128;
    private static final Logger LOG = Logger.getLogger(EtcdReadCoalescer.class);

    /** Sends one batch of keys; the future holds one answer per key, in order. */
    @FunctionalInterface
    interface Sender<K, A> {
        CompletableFuture<List<A>> send(List<K> keys);
    }

    /** The real sender: a plain get for one key, a read-only transaction of gets for more. */
    static Sender<ByteSequence, GetResponse> transactions(KV kv) {
        return transactions(kv, GetOption.DEFAULT);
    }

    /** {@link #transactions(KV)} whose gets each carry {@code option} (keys only, say). */
    static Sender<ByteSequence, GetResponse> transactions(KV kv, GetOption option) {
        return keys -> {
            if (keys.size() == 1) {
                return kv.get(keys.get(0), option).thenApply(List::of);
            }
            Op[] gets = keys.stream().map(k -> Op.get(k, option)).toArray(Op[]::new);
            return kv.txn().Then(gets).commit().thenApply(TxnResponse::getGetResponses);
        };
    }

    /** @param queuedNanos when it was queued: its wait is measured to its request's send */
    private record Pending<K, A>(K key, CompletableFuture<A> answer, long queuedNanos) {
    }

    private final Sender<K, A> sender;
    private final int maxInFlight;
    private final long timeoutMillis;
    private final ArrayDeque<Pending<K, A>> waiting = new ArrayDeque<>();
    private final QueueWaits waits;
    private int inFlight;

    /** @param timeout bound of one request, after which its reads fail and its slot frees */
    EtcdReadCoalescer(Sender<K, A> sender, int maxInFlight, Duration timeout) {
        this(sender, maxInFlight, timeout, "etcd read");
    }

    /** @param name names its waits in the log, e.g. "etcd get" */
    EtcdReadCoalescer(Sender<K, A> sender, int maxInFlight, Duration timeout, String name) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive");
        }
        this.sender = sender;
        this.maxInFlight = maxInFlight;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.waits = new QueueWaits(name);
    }

    /** Queues a read of {@code key}; the future holds etcd's answer for it, or the request's failure. */
    CompletableFuture<A> read(K key) {
        Pending<K, A> pending = new Pending<>(key, new CompletableFuture<>(), System.nanoTime());
        List<Pending<K, A>> batch;
        synchronized (this) {
            waiting.add(pending);
            if (inFlight >= maxInFlight) {
                return pending.answer; // leaves with the batch after an open one answers
            }
            inFlight++;
            batch = take();
        }
        send(batch);
        return pending.answer;
    }

    /** The next batch, in arrival order; called holding the lock. */
    private List<Pending<K, A>> take() {
        List<Pending<K, A>> batch = new ArrayList<>(Math.min(waiting.size(), MAX_READS));
        while (!waiting.isEmpty() && batch.size() < MAX_READS) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private void send(List<Pending<K, A>> batch) {
        long start = System.nanoTime();
        long[] itemWaits = new long[batch.size()];
        for (int i = 0; i < itemWaits.length; i++) {
            itemWaits[i] = start - batch.get(i).queuedNanos();
        }
        CompletableFuture<List<A>> request;
        try {
            // Not orTimeout: on JDK 25 that wakes the common pool's delay scheduler twice per request (Timeouts).
            request = Timeouts.shared().within(sender.send(batch.stream().map(Pending::key).toList()), timeoutMillis, TimeUnit.MILLISECONDS,
                    TimeoutException::new);
        } catch (RuntimeException e) {
            request = CompletableFuture.failedFuture(e);
        }
        request.whenComplete((answers, failure) -> {
            String window = waits.batch(itemWaits, System.nanoTime() - start);
            if (window != null) {
                LOG.info(window);
            }
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<A> answer = batch.get(i).answer;
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else if (answers == null || answers.size() != batch.size()) {
                    answer.completeExceptionally(new IllegalStateException("etcd answered " + (answers == null ? 0 : answers.size())
                            + " reads for " + batch.size()));
                } else {
                    answer.complete(answers.get(i));
                }
            }
            List<Pending<K, A>> next;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    inFlight--;
                    return;
                }
                next = take();
            }
            send(next);
        });
    }
}
