package io.hybridstore.io.etcd;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.time.Timeouts;
import io.hybridstore.common.tracker.QueueWaits;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Sends the guarded commit transactions of concurrent writes to etcd together: one outer transaction
 * with no compare, whose then-branch holds each write's own transaction (its compares, its
 * operations) nested, so each write lands or fails on its own guard exactly as if it had been sent
 * alone. Why: at 32 concurrent writers etcd spent most of a commit's CPU on the request around it
 * (gRPC, the raft proposal, the apply's bookkeeping), not on the few keys it puts; N commits in one
 * request pay that once.
 *
 * <p>As {@code NodeCoalescer} does for chunk writes: at most {@code maxInFlight} outer transactions are
 * open; a commit that arrives while they are busy waits and leaves with the next, so a lone commit
 * leaves at once (no linger) and concurrent ones share a round trip. An outer transaction of N nested
 * ones keeps each of them to at most {@value #MAX_OPS} - N operations and as many compares: that is
 * how etcd applies its default {@code --max-txn-ops} to nested transactions (a level may hold that
 * many operations, compares or else-operations, and a transaction nested in it what the level above
 * left, checked on a real etcd in {@code EtcdCommitCoalescerEtcdTest}); so N writes of 6 operations
 * share one request up to N = 122, where counting every operation against one budget of 128 stopped
 * at 18. A request holds at most {@value #MAX_BYTES} bytes (well under etcd's default {@code --max-request-bytes}, 1.5 MiB),
 * and never two commits of one key (etcd refuses a request that puts a key twice): such a commit
 * waits for the next batch. A request etcd did not answer (unreachable, timed out) fails each commit
 * in it; one it refused as a whole (a limit this count got wrong) is sent again one commit per
 * request, so each commit gets its own answer. Each caller bounds its own wait, as every etcd call
 * here is bounded.
 *
 * <p>A caller that holds a ready batch (the healer's page of repairs,
 * {@link EtcdMetadataStore#compareAndSetAll}) hands it over whole ({@link #submitAll}): packed by the
 * same rules, outside the slots, at most {@code readyInFlight} of its requests (and other ready
 * batches') open at once.
 *
 * <p>Non-blocking: a batch is sent from the thread that submitted the first of it or from the
 * completion of the previous one (jetcd's executor), never from a thread started for it.
 */
final class EtcdCommitCoalescer {

    /** etcd's default {@code --max-txn-ops}. */
    static final int MAX_OPS = 128;
    /** Bytes of one request at most, well under etcd's default {@code --max-request-bytes} (1.5 MiB). */
    static final long MAX_BYTES = 512 * 1024;
    /**
     * Requests of ready batches ({@link #submitAll}) open at once, and the commits one of them nests at
     * most. Why: etcd applies requests one after another, and a request of ~115 nested repairs took 50 ms
     * (p50; p99 270) on the loaded machine; the healer's four pages in flight sent all of theirs at once,
     * and every client commit of the same etcd waited behind them (the writes' {@code meta} p99 92 ms
     * through a heal against 29-41 before it; two such requests open at once instead: 100 ms, and the
     * write p99 worse, docs/benchmarks.md session 30). One small request at a time lets a client's
     * commit in between two of the healer's, behind at most one of 32.
     */
    static final int READY_IN_FLIGHT = 1;
    static final int READY_NESTED = 32;
    private static final Logger LOG = Logger.getLogger(EtcdCommitCoalescer.class);

    /**
     * One write's guarded transaction; {@code key} is what no two commits of one batch may share,
     * {@code bytes} about what it adds to a request (its values, keys and framing).
     */
    record Commit(String key, Cmp[] guards, Op[] ops, long bytes) {
        /** A commit whose bytes are not counted (small ones: the operation budget bounds them). */
        Commit(String key, Cmp[] guards, Op[] ops) {
            this(key, guards, ops, 0);
        }

        /** What etcd's per-level limit counts of it: the larger of its compares and its operations. */
        int width() {
            return Math.max(guards.length, ops.length);
        }
    }

    /** Sends one batch; the future holds, per commit in order, whether its guard held. */
    @FunctionalInterface
    interface Sender {
        CompletableFuture<List<Boolean>> send(List<Commit> batch);
    }

    /** The real sender: each commit a nested transaction of one outer transaction without compare. */
    static Sender nested(KV kv) {
        return batch -> {
            if (batch.size() == 1) { // alone: as it would be sent without this class
                Commit c = batch.get(0);
                return kv.txn().If(c.guards()).Then(c.ops()).commit().thenApply(r -> List.of(r.isSucceeded()));
            }
            Op[] inner = batch.stream().map(c -> Op.txn(c.guards(), c.ops(), new Op[0])).toArray(Op[]::new);
            return kv.txn().Then(inner).commit().thenApply(r -> r.getTxnResponses().stream().map(TxnResponse::isSucceeded).toList());
        };
    }

    /** @param queuedNanos when it was submitted: its wait is measured to its request's send */
    private record Pending(Commit commit, CompletableFuture<Boolean> done, long queuedNanos) {
    }

    private final Sender sender;
    private final int maxInFlight;
    private final int maxReadyInFlight;
    private final long timeoutMillis;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** Ready batches' requests, packed, waiting for one of the {@code readyInFlight} places. */
    private final ArrayDeque<List<Pending>> ready = new ArrayDeque<>();
    private final QueueWaits waits = new QueueWaits("etcd commit");
    private int inFlight;
    private int readyInFlight;

    /** @param timeout bound of one request, after which its commits fail and its slot frees */
    EtcdCommitCoalescer(Sender sender, int maxInFlight, Duration timeout) {
        this(sender, maxInFlight, READY_IN_FLIGHT, timeout);
    }

    /** @param readyInFlight requests of ready batches ({@link #submitAll}) open at once */
    EtcdCommitCoalescer(Sender sender, int maxInFlight, int readyInFlight, Duration timeout) {
        if (maxInFlight < 1 || readyInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight and readyInFlight must be positive");
        }
        this.sender = sender;
        this.maxInFlight = maxInFlight;
        this.maxReadyInFlight = readyInFlight;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /**
     * Every commit in a request of its own at once, however many are open: no slot is ever
     * lacking, so none waits to join a batch. Only to measure what coalescing is worth.
     */
    static EtcdCommitCoalescer uncoalesced(Sender sender, Duration timeout) {
        return new EtcdCommitCoalescer(sender, Integer.MAX_VALUE, Integer.MAX_VALUE, timeout);
    }

    /** Queues {@code commit}; the future says whether its guard held, or fails with the request's failure. */
    CompletableFuture<Boolean> submit(Commit commit) {
        Pending pending = pending(commit);
        List<Pending> batch;
        synchronized (this) {
            waiting.add(pending);
            if (inFlight >= maxInFlight) {
                return pending.done(); // leaves with the batch after an open one answers
            }
            inFlight++;
            batch = next();
        }
        send(batch);
        return pending.done();
    }

    /**
     * A ready batch handed over ({@link #submitAll}): each commit's answer in order, and how long its
     * caller may have to wait for the last of them. Why a bound of its own: the batch's requests may
     * wait for other ready batches' before they leave, and each request is bounded only once sent, so a
     * caller that bounded each answer by one request's timeout from the hand-over could give up on
     * commits still waiting their turn (1.6 s seen behind other pages on 2 loaded cores, the timeout 2 s).
     */
    record Handed(List<CompletableFuture<Boolean>> answers, Duration bound) {
    }

    /**
     * Sends {@code commits} packed into as few requests as the limits allow, without waiting for a
     * slot, each still answered by its own guard; at most {@link #READY_IN_FLIGHT} such requests
     * open at once (the next leaves as one answers). For a caller that already holds its batch (the
     * healer's page of repairs): the slots exist to gather single commits that arrive together, and
     * holding a ready batch back to one or two requests of the slots only added round trips
     * (measured: a page's commit took 0.3-1.4 s so, docs/benchmarks.md session 15). Two commits of
     * one key go in different requests, in order. Returns at once.
     */
    Handed submitAll(List<Commit> commits) {
        ArrayDeque<Pending> queue = new ArrayDeque<>(commits.size());
        commits.forEach(commit -> queue.add(pending(commit)));
        List<CompletableFuture<Boolean>> answers = queue.stream().map(Pending::done).toList();
        List<List<Pending>> batches = new ArrayList<>();
        while (!queue.isEmpty()) {
            List<Pending> batch = pack(queue, READY_NESTED);
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
        }
        long requests;
        synchronized (this) {
            ready.addAll(batches);
            requests = ready.size() + readyInFlight;
        }
        sendReady();
        return new Handed(answers, readyWait(requests));
    }

    /**
     * How long the last of {@code requests} ready requests (the ones ahead of it included) may take:
     * they leave {@code readyInFlight} at a time, each bounded by the timeout, and one etcd refused is
     * sent again one commit per request, bounded once more; one timeout more for the caller's own
     * scheduling.
     */
    private Duration readyWait(long requests) {
        long rounds = (requests + maxReadyInFlight - 1) / maxReadyInFlight;
        return Duration.ofMillis(timeoutMillis * (2 * Math.max(1, rounds) + 1));
    }

    /** Sends ready batches' requests while there are places for them; a request whose every commit was given up is dropped. */
    private void sendReady() {
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                if (ready.isEmpty() || readyInFlight >= maxReadyInFlight) {
                    return;
                }
                batch = ready.poll().stream().filter(p -> !p.done().isDone()).toList();
                if (batch.isEmpty()) {
                    continue;
                }
                readyInFlight++;
            }
            send(batch, this::releaseReady);
        }
    }

    private void releaseReady() {
        synchronized (this) {
            readyInFlight--;
        }
        sendReady();
    }

    private static Pending pending(Commit commit) {
        if (commit.width() > MAX_OPS) {
            throw new IllegalArgumentException(commit.key() + ": " + commit.ops().length + " operations and " + commit.guards().length
                    + " compares, more than " + MAX_OPS);
        }
        return new Pending(commit, new CompletableFuture<>(), System.nanoTime());
    }

    /** The next batch from the head of the queue (caller holds the lock and an in-flight slot). */
    private List<Pending> next() {
        return pack(waiting, MAX_OPS);
    }

    /** Takes the next batch from the head of {@code queue}: within the limits and {@code mostNested} commits, one commit per key, none given up. */
    private static List<Pending> pack(ArrayDeque<Pending> queue, int mostNested) {
        List<Pending> batch = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int widest = 0; // of the commits in the batch
        long bytes = 0;
        for (var it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.done().isDone()) { // its caller gave up waiting (cancelled): never sent
                it.remove();
                continue;
            }
            int width = Math.max(widest, p.commit().width());
            // N nested, each within MAX_OPS - N. A commit of the whole budget still goes, alone (not nested).
            if (!batch.isEmpty() && (batch.size() + 1 + width > MAX_OPS || batch.size() >= mostNested || bytes + p.commit().bytes() > MAX_BYTES)) {
                break;
            }
            if (keys.add(p.commit().key())) { // a second commit of a key waits for the next batch
                batch.add(p);
                widest = width;
                bytes += p.commit().bytes();
                it.remove();
            }
        }
        return batch;
    }

    private void send(List<Pending> batch) {
        if (batch.isEmpty()) { // every waiting commit was given up
            release();
            return;
        }
        send(batch, this::release);
    }

    /** Sends a non-empty batch; {@code answered} runs once it is answered (frees the slot or place it holds). */
    private void send(List<Pending> batch, Runnable answered) {
        long start = System.nanoTime();
        long[] itemWaits = new long[batch.size()];
        for (int i = 0; i < itemWaits.length; i++) {
            itemWaits[i] = start - batch.get(i).queuedNanos();
        }
        request(batch).whenComplete((results, failure) -> {
            String window = waits.batch(itemWaits, System.nanoTime() - start);
            if (window != null) {
                LOG.info(window);
            }
            if (failure != null && batch.size() > 1 && refused(failure)) {
                // None of it applied: each commit alone, all at once, in this request's slot.
                CompletableFuture.allOf(batch.stream().map(p -> request(List.of(p)).handle((r, f) -> answer(List.of(p), r, f)))
                        .toArray(CompletableFuture[]::new)).whenComplete((r, f) -> answered.run());
                return;
            }
            answer(batch, results, failure);
            answered.run();
        });
    }

    /** Sends {@code batch} as one request, bounded here too: one that never answers must not hold its slot, and every later commit, for ever. */
    private CompletableFuture<List<Boolean>> request(List<Pending> batch) {
        try {
            // Not orTimeout: on JDK 25 that wakes the common pool's delay scheduler twice per request (Timeouts).
            return Timeouts.shared().within(sender.send(batch.stream().map(Pending::commit).toList()), timeoutMillis, TimeUnit.MILLISECONDS,
                    TimeoutException::new);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Tells each commit of {@code batch} its result, or the request's failure. */
    private static Void answer(List<Pending> batch, List<Boolean> results, Throwable failure) {
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Boolean> done = batch.get(i).done();
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (results == null || i >= results.size()) {
                done.completeExceptionally(new IllegalStateException("etcd answered " + (results == null ? 0 : results.size())
                        + " nested transactions for " + batch.size()));
            } else {
                done.complete(results.get(i));
            }
        }
        return null;
    }

    /** Whether etcd answered the request with a refusal (too large, too many operations), not silence or a broken connection. */
    private static boolean refused(Throwable failure) {
        ErrorCode code = EtcdErrors.classify(failure, "commit").code();
        return code != ErrorCode.UNAVAILABLE && code != ErrorCode.TIMEOUT;
    }

    /** An answered request's slot: the next batch takes it, or it frees. */
    private void release() {
        List<Pending> following;
        synchronized (this) {
            if (waiting.isEmpty()) {
                inFlight--;
                return;
            }
            following = next();
        }
        send(following);
    }
}
