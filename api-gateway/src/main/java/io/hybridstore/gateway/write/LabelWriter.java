package io.hybridstore.gateway.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.labels.LabelPatch;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.WriteAheadLog;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.replay.RecentCommits;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code PATCH /objects/{key}}: a labels-only update, WAL first like every mutation. Its log
 * position becomes the object's version (the parts stay where they are, no byte is rewritten), so
 * the version guard of every commit orders it against writes, and {@code If-Match} and the replay
 * treat it as any other write. Steps:
 * <ol>
 *   <li>read the record: 404 when there is none or it is deleted, 412 when {@code If-Match} names
 *       another version; the patch is applied once here so a patch that breaks a limit is refused
 *       before it reaches the log;</li>
 *   <li>append a {@code patch} record carrying the patch and the version it was guarded on;</li>
 *   <li>{@link #apply}: the new labels over the record read, compare-and-set on its revision.</li>
 * </ol>
 * Crash-recovery point: after step 2 a dead gateway leaves a patch record without its commit; the
 * replay runs {@link #apply} for it, which decides exactly as the live request would have.
 *
 * <p>A write appended before the patch but committed after it (a slow upload) loses to the
 * patch's newer version and answers "superseded", as it would against any newer write.
 */
public final class LabelWriter {

    /** As the etcd adapter's commit loop: past this many lost races in a row, CONFLICT (retryable). */
    private static final int MAX_ATTEMPTS = 16;

    /** What became of a patch at its version. */
    public enum Outcome {
        /** committed now */
        applied,
        /** already committed (the replay or the live request got there first) */
        already,
        /** a newer write is current: the patch is in the log, but it no longer applies */
        superseded,
        /** no record, or a tombstone */
        not_found,
        /** {@code If-Match} named a version that is not current */
        precondition_failed,
        /** the patch breaks a limit over the current labels (a concurrent patch added tags) */
        refused
    }

    /** The outcome and the record it left (the current one when nothing was applied). */
    public record Result(Outcome outcome, Version version, ObjectMetadata record, String reason) {
    }

    private final WriteAheadLog wal;
    private final MetadataStore metadata;
    private final Clock clock;
    private final String gatewayId;
    private final RecentCommits settled;
    private final String failpoint;

    public LabelWriter(WriteAheadLog wal, MetadataStore metadata, Clock clock, String gatewayId, RecentCommits settled) {
        this(wal, metadata, clock, gatewayId, settled, "");
    }

    /** @param failpoint {@link WriteService#HALT_AFTER_WAL} halts right after the append (tests of the replay only) */
    public LabelWriter(WriteAheadLog wal, MetadataStore metadata, Clock clock, String gatewayId, RecentCommits settled, String failpoint) {
        this.failpoint = failpoint;
        this.wal = wal;
        this.metadata = metadata;
        this.clock = clock;
        this.gatewayId = gatewayId;
        this.settled = settled;
    }

    /**
     * The live request. Throws NOT_FOUND, PRECONDITION_FAILED or BAD_REQUEST before anything is
     * logged; after the append, an outcome other than applied is thrown the same way (a delete or a
     * write that came in between), except superseded, which is answered like a superseded write.
     *
     * @param ifMatch the version the client last saw, or empty to apply to whatever is current
     */
    public Result patch(String key, LabelPatch patch, Optional<Version> ifMatch, Timings timings) {
        Optional<MetadataStore.Stored> current = timings.time("meta", () -> metadata.get(key));
        Result check = decide(key, patch, ifMatch.orElse(null), null, current);
        if (check.outcome() != Outcome.applied) {
            throw failure(key, check);
        }
        Version version = timings.time("wal", () -> wal.append(key,
                WalRecord.patch(key, logged(patch, ifMatch.orElse(null)), UUID.randomUUID().toString(), clock.millis(), gatewayId).toBytes()));
        // Crash-recovery point: the record is logged; the replay finishes it if this gateway dies here.
        if (WriteService.HALT_AFTER_WAL.equals(failpoint)) {
            Runtime.getRuntime().halt(137); // like kill -9; only ever configured by tests
        }
        Result result = timings.time("meta", () -> apply(key, patch, ifMatch.orElse(null), version, current));
        settled.committed(version);
        return switch (result.outcome()) {
            case applied, already, superseded -> result;
            default -> throw failure(key, result);
        };
    }

    /**
     * Applies a logged patch at {@code version} (the live request's step 3 and the replay). Safe to
     * repeat and to race: it commits only over a record older than {@code version}, and only over
     * the record it computed the labels from.
     *
     * @param expected the version the patch was guarded on, or null
     * @param basis    a recent read of the key serving the first attempt, or null to read
     */
    public Result apply(String key, LabelPatch patch, Version expected, Version version, Optional<MetadataStore.Stored> basis) {
        Optional<MetadataStore.Stored> current = basis != null ? basis : metadata.get(key);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Result decided = decide(key, patch, expected, version, current);
            if (decided.outcome() != Outcome.applied) {
                return decided;
            }
            if (metadata.compareAndSet(decided.record(), current.orElseThrow())) {
                return decided;
            }
            current = metadata.get(key);
        }
        throw new StoreException(ErrorCode.CONFLICT, "metadata of " + key + " changed on every one of " + MAX_ATTEMPTS
                + " attempts to patch it at " + version);
    }

    /** The decision over one read of the key; {@code version} null: only check, before logging. */
    private Result decide(String key, LabelPatch patch, Version expected, Version version, Optional<MetadataStore.Stored> current) {
        if (current.isEmpty() || current.get().metadata().deleted()) {
            return new Result(Outcome.not_found, version, null, "no object " + key);
        }
        ObjectMetadata record = current.get().metadata();
        if (version != null && !version.isNewerThan(record.version())) {
            return new Result(record.version().equals(version) ? Outcome.already : Outcome.superseded, version, record, null);
        }
        if (expected != null && !expected.equals(record.version())) {
            return new Result(Outcome.precondition_failed, version, record,
                    key + " is at version " + record.version() + ", not " + expected + " (If-Match)");
        }
        try {
            var labels = patch.applyTo(record.labels());
            return new Result(Outcome.applied, version, version == null ? record : record.patched(labels, version, clock.millis()), null);
        } catch (StoreException e) {
            return new Result(Outcome.refused, version, record, e.getMessage());
        }
    }

    private static StoreException failure(String key, Result result) {
        return switch (result.outcome()) {
            case not_found -> StoreException.notFound(result.reason());
            case precondition_failed -> new StoreException(ErrorCode.PRECONDITION_FAILED, result.reason());
            case refused -> StoreException.badRequest(result.reason());
            default -> new StoreException(ErrorCode.INTERNAL, "unexpected patch outcome " + result.outcome() + " for " + key);
        };
    }

    /** The WAL record's value: {@code {"patch": {...}, "ifMatch": "1-42"}} ({@code ifMatch} only when guarded). */
    static ObjectNode logged(LabelPatch patch, Version ifMatch) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.set("patch", patch.toJson());
        if (ifMatch != null) {
            value.put("ifMatch", ifMatch.toString());
        }
        return value;
    }

    /** Reads a WAL record's value back: the patch and its guard (null when unguarded). */
    public record Logged(LabelPatch patch, Version ifMatch) {

        public static Logged of(ObjectNode value) {
            JsonNode guard = value.get("ifMatch");
            try {
                return new Logged(LabelPatch.fromJson(value.get("patch")), guard == null ? null : Version.parse(guard.asText()));
            } catch (IllegalArgumentException e) {
                throw new StoreException(ErrorCode.CORRUPT, "unreadable patch record: " + e.getMessage(), e);
            }
        }
    }
}
