package io.hybridstore.chaos;

import io.hybridstore.chaos.Violation.Kind;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges what the clients saw against what the store promises, from facts only (no I/O, no clock).
 *
 * <p>Each key is owned by one client that writes it serially, so its events are in the order they
 * happened. Walking them, the checker keeps a <em>floor</em>: the newest version acknowledged or
 * served so far. Every later read, and the final one, must serve a version at or above the floor,
 * and the document it serves must be one this key's client sent:
 * <ul>
 *   <li>an acknowledged attempt's document only under that attempt's version;</li>
 *   <li>otherwise an unknown-outcome attempt (503, timeout, broken connection: its WAL append may
 *       have succeeded and the replay applied it). Its version is unknown, but the log keeps the
 *       client's order: an attempt that ended before a later one was sent appended before it. So it
 *       may win over the latest acknowledged attempt A only if it came after A, or if the client
 *       gave up on it while the gateway may still have been appending it (a timeout);</li>
 *   <li>never a rejected attempt's document (no connection, or 4xx: nothing was written).</li>
 * </ul>
 * One version always carries one document. After convergence every object with an acknowledged
 * or served version exists, reads back, and is CLEAN with each copy on its own node.
 */
public final class WriteChecker {

    private final int replicas;
    private final int shards;

    /** @param replicas hot replicas and @param shards cold shards (k + m) a clean object has */
    public WriteChecker(int replicas, int shards) {
        this.replicas = replicas;
        this.shards = shards;
    }

    /**
     * @param histories every key's events in its client's order
     * @param finals    every key's state after convergence (a key without one counts as absent)
     */
    public CheckResult check(Map<String, List<KeyEvent>> histories, Map<String, FinalState> finals) {
        CheckResult.Builder result = new CheckResult.Builder();
        histories.forEach((key, events) -> {
            KeyJudge judge = new KeyJudge(key, result);
            for (KeyEvent event : events) {
                switch (event) {
                    case Attempt attempt -> judge.attempt(attempt);
                    case Observation read -> judge.liveRead(read);
                }
            }
            judge.settle(finals.getOrDefault(key, FinalState.absent()));
        });
        return result.build();
    }

    /** The walk over one key's events. */
    private final class KeyJudge {
        private final String key;
        private final CheckResult.Builder result;
        private final List<Attempt> attempts = new ArrayList<>();
        private final Map<String, Attempt> byDigest = new HashMap<>();
        private final Map<Version, String> digestOf = new HashMap<>();
        private final Map<Integer, Version> servedAt = new HashMap<>();
        private Attempt latestAcked;
        private Version floor;
        private String floorSource;

        KeyJudge(String key, CheckResult.Builder result) {
            this.key = key;
            this.result = result;
        }

        void attempt(Attempt a) {
            attempts.add(a);
            byDigest.put(a.digest(), a);
            result.attempt(a);
            if (a.outcome() == Outcome.REJECTED && !Attempt.REFUSED.equals(a.kind())) {
                violation(Kind.REFUSED, "attempt #" + a.seq() + " answered " + a.kind());
            }
            if (a.outcome() != Outcome.ACKED) {
                return;
            }
            if (latestAcked != null && !a.version().isNewerThan(latestAcked.version())) {
                violation(Kind.REGRESSION, "attempt #" + a.seq() + " acknowledged at " + a.version() + " after attempt #"
                        + latestAcked.seq() + " was acknowledged at " + latestAcked.version());
            } else {
                latestAcked = a;
            }
            bind(a.version(), a.digest(), "acknowledgment of attempt #" + a.seq());
            raiseFloor(a.version(), "acknowledged for attempt #" + a.seq());
        }

        void liveRead(Observation read) {
            if (read.found()) {
                served(read.version(), read.digest(), "a read during the load");
            } else if (floor != null) {
                violation(Kind.MISSING, "a read during the load found nothing after " + floor + " was " + floorSource);
            }
        }

        void settle(FinalState f) {
            boolean promised = floor != null;
            boolean exists = f.metaStatus() != 404 || f.readStatus() != 404;
            result.settled(exists, promised);
            if (!exists) {
                if (promised) {
                    violation(Kind.LOST, "gone (404) after " + floor + " was " + floorSource);
                }
                return;
            }
            if (f.metaStatus() != 200 || f.readStatus() != 200) {
                violation(promised ? Kind.LOST : Kind.NOT_CLEAN,
                        "not readable after convergence: metadata " + f.metaStatus() + ", read " + f.readStatus());
                return;
            }
            if (f.state() == ObjectState.LOST || f.state() == ObjectState.DELETED) {
                violation(Kind.LOST, "state " + f.state() + " at " + f.metaVersion());
            } else if (f.state() != ObjectState.CLEAN) {
                violation(Kind.NOT_CLEAN, "state " + f.state() + " at " + f.metaVersion());
            } else if (f.replicaNodes() < replicas || f.shardNodes() < shards) {
                violation(Kind.NOT_CLEAN, "CLEAN but " + f.replicaNodes() + "/" + replicas + " replicas and " + f.shardNodes()
                        + "/" + shards + " shards stored on distinct nodes");
            }
            Observation read = f.read();
            if (!read.version().equals(f.metaVersion())) {
                violation(Kind.CORRUPT, "the read's ETag " + read.version() + " is not the committed version " + f.metaVersion());
            }
            Attempt winner = served(read.version(), read.digest(), "the final read");
            if (winner != null && winner.outcome() == Outcome.UNKNOWN) {
                result.finalFromUnknown();
            }
        }

        /** Judges one served (version, document) against everything before it; returns the attempt it is, if any. */
        private Attempt served(Version version, String digest, String what) {
            if (version == null) {
                violation(Kind.CORRUPT, what + " served a document without an ETag");
                return null;
            }
            if (floor != null && floor.isNewerThan(version)) {
                violation(Kind.STALE, what + " served " + version + ", older than " + floor + " " + floorSource);
            }
            Attempt a = byDigest.get(digest);
            if (isThisAttemptsVersion(a, version, what)) {
                bind(version, digest, what);
            }
            raiseFloor(version, "served by " + what);
            return a;
        }

        /** Whether attempt {@code a} (null: none sent this document) may be what is served at {@code version}; reports why not. */
        private boolean isThisAttemptsVersion(Attempt a, Version version, String what) {
            if (a == null) {
                violation(Kind.CORRUPT, what + " served at " + version + " a document no attempt of this key sent");
                return false;
            }
            return switch (a.outcome()) {
                case REJECTED -> {
                    violation(Kind.PHANTOM, what + " served attempt #" + a.seq() + " at " + version + ", which was rejected ("
                            + a.kind() + ")");
                    yield false;
                }
                case ACKED -> {
                    if (!a.version().equals(version)) {
                        violation(Kind.CORRUPT, what + " served attempt #" + a.seq() + " (acknowledged at " + a.version()
                                + ") as version " + version);
                    }
                    yield a.version().equals(version);
                }
                case UNKNOWN -> unknownMayBeServed(a, version, what);
            };
        }

        /** An unknown-outcome attempt has one version, and wins over a later acknowledgment only if its append could come after. */
        private boolean unknownMayBeServed(Attempt a, Version version, String what) {
            Version earlier = servedAt.putIfAbsent(a.seq(), version);
            if (earlier == null) {
                result.unknownApplied();
            } else if (!earlier.equals(version)) {
                violation(Kind.CORRUPT, what + " served attempt #" + a.seq() + " at " + version + ", earlier at " + earlier);
                return false;
            }
            if (latestAcked != null && a.seq() < latestAcked.seq() && !a.mayOutliveClient() && version.isNewerThan(latestAcked.version())) {
                violation(Kind.REORDERED, what + " served attempt #" + a.seq() + " (" + a.kind() + ") at " + version
                        + ", newer than attempt #" + latestAcked.seq() + " acknowledged at " + latestAcked.version()
                        + " although that one was sent after #" + a.seq() + " had ended");
            }
            return true;
        }

        private void bind(Version version, String digest, String what) {
            String bound = digestOf.putIfAbsent(version, digest);
            if (bound != null && !bound.equals(digest)) {
                violation(Kind.CORRUPT, what + ": version " + version + " carries two different documents");
            }
        }

        private void raiseFloor(Version version, String source) {
            if (floor == null || version.isNewerThan(floor)) {
                floor = version;
                floorSource = source;
            }
        }

        private void violation(Kind kind, String detail) {
            result.violation(new Violation(kind, key, detail));
        }
    }
}
