package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.split.CanonicalJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hedged read of the hot part: ask the best replica (see {@link io.hybridstore.common.write.ReplicaStats});
 * if it has not answered within its hedge delay, or failed, ask the next one too; the first answer
 * whose SHA-256 matches the metadata wins and the others are cancelled. Replicas whose node has no
 * live lease go last (they can only be asked when a directory entry exists at all).
 */
final class HotReader {

    private final ChunkFetcher fetcher;
    private final ReadBudget budget;

    HotReader(ChunkFetcher fetcher, ReadBudget budget) {
        this.fetcher = fetcher;
        this.budget = budget;
    }

    /** The verified hot bytes; damaged copies seen on the way are added to {@code damaged}. */
    byte[] read(HotPart hot, List<ChunkLocation> damaged) {
        Map<String, NodeInfo> live = fetcher.liveById();
        List<ChunkLocation> order = order(hot.replicas(), live);
        if (order.isEmpty()) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "no stored hot replica");
        }
        BlockingQueue<Fetch> answers = new LinkedBlockingQueue<>();
        List<Future<?>> running = new ArrayList<>();
        Duration timeout = budget.forBytes(hot.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        int started = 0;
        int answered = 0;
        ErrorCode lastError = ErrorCode.UNAVAILABLE;
        try {
            running.add(fetcher.start(order.get(started), live.get(order.get(started).nodeId()), answers));
            started++;
            while (answered < order.size()) {
                long wait = started < order.size()
                        ? fetcher.stats().hedgeDelay(order.get(started - 1).nodeId()).toNanos()
                        : deadline - System.nanoTime();
                Fetch answer = answers.poll(Math.max(0, Math.min(wait, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
                if (answer == null) {
                    if (System.nanoTime() >= deadline) {
                        throw new StoreException(ErrorCode.TIMEOUT, "no hot replica answered within " + timeout);
                    }
                    // Hedge: the asked replica is slower than its usual p95, ask the next as well.
                    running.add(fetcher.start(order.get(started), live.get(order.get(started).nodeId()), answers));
                    started++;
                    continue;
                }
                answered++;
                if (answer.ok() && CanonicalJson.sha256Hex(answer.data()).equals(hot.sha256())) {
                    return answer.data();
                }
                if (answer.ok()) {
                    damaged.add(answer.location()); // bytes that do not match the metadata are never served
                    lastError = ErrorCode.CORRUPT;
                } else {
                    if (answer.damaged()) {
                        damaged.add(answer.location());
                    }
                    lastError = answer.error();
                }
                if (started < order.size() && started == answered) {
                    running.add(fetcher.start(order.get(started), live.get(order.get(started).nodeId()), answers));
                    started++;
                }
            }
            throw new StoreException(lastError == ErrorCode.NOT_FOUND ? ErrorCode.UNAVAILABLE : lastError,
                    "no hot replica could be read (" + order.size() + " tried)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted reading hot part", e);
        } finally {
            running.stream().filter(f -> f != null).forEach(f -> f.cancel(true));
        }
    }

    private List<ChunkLocation> order(List<ChunkLocation> replicas, Map<String, NodeInfo> live) {
        List<ChunkLocation> stored = replicas.stream().filter(ChunkLocation::stored).toList();
        List<String> ranked = fetcher.stats().rank(stored.stream().map(ChunkLocation::nodeId).filter(live::containsKey).toList());
        List<ChunkLocation> order = new ArrayList<>();
        for (String nodeId : ranked) {
            stored.stream().filter(r -> r.nodeId().equals(nodeId)).findFirst().ifPresent(order::add);
        }
        stored.stream().filter(r -> !live.containsKey(r.nodeId())).forEach(order::add);
        return order;
    }
}
