package io.hybridstore.healer.console;

import io.hybridstore.common.console.HealRate;
import io.hybridstore.common.console.PartKind;
import io.hybridstore.common.console.RedundancyCounts;
import io.hybridstore.common.console.Timeline;
import io.hybridstore.common.repair.HealerStats;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /console/api/snapshot} answers and {@code GET /console/api/events} pushes once a
 * second; its shape is documented in docs/operations.md (the {@code hybridstore} command reads it too).
 *
 * @param at         when it was taken (ISO-8601)
 * @param healer     the instance serving it, and who leads
 * @param synced     the model has read every record (false while its initial scan runs: counts are partial)
 * @param nodes      every node ever live or named by a record, live or not, sorted by id
 * @param redundancy objects by how many copies they miss, judged by liveness now
 * @param healing    rate, queue, ETA, passes, failed repairs
 * @param events     the latest timeline events, newest first
 * @param actions    whether kill/start from the page is enabled (local cluster only)
 */
public record ConsoleSnapshot(String at, Healer healer, boolean synced, List<Node> nodes, Redundancy redundancy,
                              Healing healing, List<Event> events, boolean actions) {

    /** @param term the leadership term (etcd: the leader key's create revision); 0 when unknown */
    public record Healer(String id, boolean leader, String leaderId, long term) {
    }

    /**
     * Capacity, used and chunks are the node's last published record (refreshed at most once per lease
     * TTL; a dead node keeps its last one); the rates are from its HTTP server metrics, read every few seconds.
     */
    public record Node(String id, boolean live, String zone, String url, long capacityBytes, long usedBytes, long freeBytes,
                       long chunkCount, double requestsPerSecond, double errorsPerSecond, double latencyMillis) {
    }

    public record Tally(long full, long missing1, long missing2, long lost, long degraded) {
        static Tally of(RedundancyCounts.Tally t) {
            return new Tally(t.full(), t.missing1(), t.missing2(), t.lost(), t.degraded());
        }
    }

    /** {@code hot}: replicas; {@code cold}: a document's cold shards; {@code stripe}: a blob's stripes. */
    public record Redundancy(long objects, Tally overall, Tally hot, Tally cold, Tally stripe) {
        static Redundancy of(RedundancyCounts counts) {
            RedundancyCounts.Tally o = counts.overall();
            return new Redundancy(o.total(), Tally.of(o), Tally.of(counts.byKind().get(PartKind.HOT)),
                    Tally.of(counts.byKind().get(PartKind.COLD)), Tally.of(counts.byKind().get(PartKind.STRIPE)));
        }
    }

    /**
     * @param queue            degraded objects (readable, below full redundancy): what is left to repair
     * @param objectsPerSecond objects brought back to full redundancy per second, over the last 30 s
     * @param bytesPerSecond   bytes the healer leader wrote to new homes per second, over the last 30 s
     * @param eta              seconds to an empty queue, fastest to slowest recent rate; null until steady
     * @param failures         this instance's latest failed repairs (while it led), newest first
     */
    public record Healing(long queue, double objectsPerSecond, double bytesPerSecond, Eta eta, long passes, boolean passRunning,
                          String lastPassAt, long lastPassMillis, long repairsDone, long repairsFailed, List<Failure> failures) {
    }

    public record Eta(long minSeconds, long maxSeconds) {
        static Eta of(HealRate.Eta eta) {
            return new Eta(eta.minSeconds(), eta.maxSeconds());
        }
    }

    public record Failure(String key, String reason, String at) {
        static Failure of(HealerStats.Failure f) {
            return new Failure(f.key(), f.reason(), instant(f.atMillis()));
        }
    }

    /** @param type NODE_LOST, NODE_BACK, PASS, FULL_REDUNDANCY */
    public record Event(long atMillis, String type, String detail) {
        static Event of(Timeline.Event e) {
            return new Event(e.atMillis(), e.type().name(), e.detail());
        }
    }

    /** {@code GET /console/api/timeline}: {@code points} are {@code [epochSecond, full, missing1, missing2, lost]}. */
    public record History(List<long[]> points, List<Event> events) {
        static History of(Timeline timeline) {
            List<long[]> points = timeline.points().stream()
                    .map(p -> new long[] {p.epochSecond(), p.full(), p.missing1(), p.missing2(), p.lost()}).toList();
            return new History(points, timeline.events().stream().map(Event::of).toList());
        }
    }

    static String instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
    }
}
