package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.tracker.HedgedReadTracker;
import io.hybridstore.common.tracker.NodeTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hedged read of the hot part: ask the best replica (see {@link io.hybridstore.common.write.ReplicaStats});
 * if it has not answered within its hedge delay, or failed, ask the next one too; the first answer
 * whose SHA-256 matches the metadata wins and the others are cancelled. Replicas whose node has no
 * live lease go last (they can only be asked when a directory entry exists at all). When to ask
 * whom is decided by a {@link HedgedReadTracker}; this class sends, verifies and cancels.
 */
final class HotReader {

    private final ChunkFetcher fetcher;
    private final NodeTimeouts timeouts;

    HotReader(ChunkFetcher fetcher, NodeTimeouts timeouts) {
        this.fetcher = fetcher;
        this.timeouts = timeouts;
    }

    /** The verified hot bytes; damaged copies seen on the way are added to {@code damaged}. */
    byte[] read(HotPart hot, List<ChunkLocation> damaged) {
        try (ChunkFetcher.Round round = fetcher.round(hot.size())) {
            return read(hot, order(hot.replicas(), round), round, damaged);
        }
    }

    /** As {@link #read(HotPart, List)}, asking the replicas in the order of {@code wave}'s plan, the first maybe asked already. */
    byte[] read(HotPart hot, ChunkFetcher.Wave wave, List<ChunkLocation> damaged) {
        try (ChunkFetcher.Round round = fetcher.round(hot.size(), wave)) {
            return read(hot, wave.plan().hotOrder(), round, damaged);
        }
    }

    private byte[] read(HotPart hot, List<ChunkLocation> order, ChunkFetcher.Round round, List<ChunkLocation> damaged) {
        if (order.isEmpty()) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "no stored hot replica");
        }
        long timeout = timeouts.nodeNanos(hot.size());
        long now = fetcher.now();
        HedgedReadTracker<ChunkLocation> tracker = new HedgedReadTracker<>(order,
                r -> fetcher.stats().hedgeDelay(r.nodeId()).toNanos(), now, timeout);
        ErrorCode lastError = ErrorCode.UNAVAILABLE;
        while (!tracker.done(now)) {
            tracker.toSend(now).forEach(round::start);
            Fetch answer = round.next(tracker.nextDeadline());
            now = fetcher.now();
            if (answer == null) {
                continue; // a hedge is due, or the deadline passed
            }
            boolean good = answer.ok() && CanonicalJson.sha256Hex(answer.data()).equals(hot.sha256());
            tracker.onAnswer(answer.location(), good);
            if (good) {
                return answer.data();
            }
            if (answer.ok() || answer.damaged()) {
                damaged.add(answer.location()); // bytes that do not match the metadata are never served
            }
            lastError = answer.ok() ? ErrorCode.CORRUPT : answer.error();
        }
        if (tracker.timedOut(now)) {
            throw new StoreException(ErrorCode.TIMEOUT, "no hot replica answered within " + Duration.ofNanos(timeout));
        }
        throw new StoreException(lastError == ErrorCode.NOT_FOUND ? ErrorCode.UNAVAILABLE : lastError,
                "no hot replica could be read (" + order.size() + " tried)");
    }

    private List<ChunkLocation> order(List<ChunkLocation> replicas, ChunkFetcher.Round round) {
        List<ChunkLocation> stored = replicas.stream().filter(ChunkLocation::stored).toList();
        List<String> ranked = fetcher.stats().rank(stored.stream().map(ChunkLocation::nodeId).filter(round::isLive).toList());
        List<ChunkLocation> order = new ArrayList<>();
        for (String nodeId : ranked) {
            stored.stream().filter(r -> r.nodeId().equals(nodeId)).findFirst().ifPresent(order::add);
        }
        stored.stream().filter(r -> !round.isLive(r.nodeId())).forEach(order::add);
        return order;
    }
}
