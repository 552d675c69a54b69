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

    /**
     * The hedged read of {@code hot} in {@code wave}'s order as a {@link PartLoop.Part} over {@code round},
     * for a caller that drives it beside a cold part; its bytes, once done, from {@link Read#bytes}.
     */
    Read start(HotPart hot, ChunkFetcher.Wave wave, ChunkFetcher.Round round, List<ChunkLocation> damaged) {
        return new Read(hot, wave.plan().hotOrder(), round, damaged);
    }

    private byte[] read(HotPart hot, List<ChunkLocation> order, ChunkFetcher.Round round, List<ChunkLocation> damaged) {
        Read read = new Read(hot, order, round, damaged);
        PartLoop.run(fetcher.time(), round.answers(), List.of(read));
        return read.bytes();
    }

    /** One hedged read: the tracker decides whom to ask when, this sends, verifies and keeps the last error. */
    final class Read implements PartLoop.Part {
        private final HotPart hot;
        private final List<ChunkLocation> order;
        private final ChunkFetcher.Round round;
        private final List<ChunkLocation> damaged;
        private final long timeout;
        private final HedgedReadTracker<ChunkLocation> tracker;
        private ErrorCode lastError = ErrorCode.UNAVAILABLE;
        private byte[] bytes;

        private Read(HotPart hot, List<ChunkLocation> order, ChunkFetcher.Round round, List<ChunkLocation> damaged) {
            if (order.isEmpty()) {
                throw new StoreException(ErrorCode.UNAVAILABLE, "no stored hot replica");
            }
            this.hot = hot;
            this.order = order;
            this.round = round;
            this.damaged = damaged;
            this.timeout = timeouts.nodeNanos(hot.size());
            this.tracker = new HedgedReadTracker<>(order, r -> fetcher.stats().hedgeDelay(r.nodeId()).toNanos(), fetcher.now(), timeout);
        }

        @Override
        public void send(long now) {
            tracker.toSend(now).forEach(round::start);
        }

        @Override
        public boolean done(long now) {
            return tracker.done(now);
        }

        @Override
        public long deadline() {
            return tracker.nextDeadline();
        }

        @Override
        public boolean asked(ChunkLocation location) {
            return order.contains(location);
        }

        @Override
        public void answer(Fetch answer) {
            boolean good = answer.ok() && CanonicalJson.sha256Hex(answer.data()).equals(hot.sha256());
            tracker.onAnswer(answer.location(), good);
            if (good) {
                bytes = answer.data();
                return;
            }
            if (answer.ok() || answer.damaged()) {
                damaged.add(answer.location()); // bytes that do not match the metadata are never served
            }
            lastError = answer.ok() ? ErrorCode.CORRUPT : answer.error();
        }

        @Override
        public boolean failed() {
            return bytes == null;
        }

        @Override
        public void close() {
            round.close();
        }

        /** The verified bytes, once done; a failure classified (timed out, every copy failed). */
        byte[] bytes() {
            if (bytes != null) {
                return bytes;
            }
            if (tracker.timedOut(fetcher.now())) {
                throw new StoreException(ErrorCode.TIMEOUT, "no hot replica answered within " + Duration.ofNanos(timeout));
            }
            throw new StoreException(lastError == ErrorCode.NOT_FOUND ? ErrorCode.UNAVAILABLE : lastError,
                    "no hot replica could be read (" + order.size() + " tried)");
        }
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
