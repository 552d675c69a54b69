package io.hybridstore.gateway.replay;

import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.UploadRegistry;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.write.LabelWriter;
import io.hybridstore.gateway.write.ObjectWriter;
import io.hybridstore.gateway.write.Timings;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finishes one WAL record as the gateway that appended it would have: settled by this gateway's own
 * live request ({@link RecentCommits}), or this or a newer version already in etcd → nothing to do; otherwise steps 3-8 through the same {@link ObjectWriter}. Used by
 * the replay and by an operator's re-drive of a dead letter. Safe to repeat and to race with the
 * live request: chunk ids derive from content and the metadata commit only applies over an older version.
 */
public final class WalApplier {

    private static final Logger LOG = Logger.getLogger(WalApplier.class);

    /** What became of a record; the names are the replay metric's {@code outcome} tag. */
    public enum Outcome {
        applied, skipped, abandoned_upload,
        /** A blob intent without metadata whose upload is still listed as under way: it commits on its own. */
        upload_in_progress;

        public String tag() {
            return name().replace('_', '-');
        }
    }

    private final MetadataStore metadata;
    private final ObjectWriter writer;
    private final RecentCommits settledHere;
    private final LabelWriter labels;
    /** Uploads under way, to tell a streaming upload from an abandoned one; null: every intent without metadata counts abandoned. */
    private final UploadRegistry uploads;

    public WalApplier(MetadataStore metadata, ObjectWriter writer) {
        this(metadata, writer, new RecentCommits(1));
    }

    public WalApplier(MetadataStore metadata, ObjectWriter writer, RecentCommits settledHere) {
        // Applying a logged patch needs no log of its own: the writer's append is the live request's step.
        this(metadata, writer, settledHere, new LabelWriter(null, metadata, java.time.Clock.systemUTC(), "replay", settledHere));
    }

    /**
     * @param settledHere the versions this gateway's own requests settled: found there, a record needs no etcd read
     * @param labels      applies {@code patch} records
     */
    public WalApplier(MetadataStore metadata, ObjectWriter writer, RecentCommits settledHere, LabelWriter labels) {
        this(metadata, writer, settledHere, labels, null);
    }

    /** @param uploads the uploads under way (every gateway's): one still streaming is not counted abandoned */
    public WalApplier(MetadataStore metadata, ObjectWriter writer, RecentCommits settledHere, LabelWriter labels, UploadRegistry uploads) {
        this.uploads = uploads;
        this.metadata = metadata;
        this.writer = writer;
        this.settledHere = settledHere;
        this.labels = labels;
    }

    public Outcome apply(Version version, WalRecord record) {
        if (record.op() == WalRecord.Op.blob_commit) {
            return Outcome.skipped; // the metadata commit came before it: nothing left to do
        }
        if (settledHere.contains(version)) {
            return Outcome.skipped; // this gateway's live request finished it (the common case: no etcd read)
        }
        Optional<MetadataStore.Stored> stored = metadata.get(record.key());
        Optional<ObjectMetadata> current = stored.map(MetadataStore.Stored::metadata);
        if (current.isPresent() && !version.isNewerThan(current.get().version())) {
            return Outcome.skipped;
        }
        if (record.op() == WalRecord.Op.patch) {
            return applyPatch(version, record, stored);
        }
        if (record.op() == WalRecord.Op.blob_intent) {
            String uploadId = record.upload().uploadId();
            if (uploads != null && uploads.active(uploadId)) {
                // Still streaming past the replay's grace (a large or slow upload): its own request commits it.
                LOG.debugf("blob upload %s of %s at %s (gateway %s) is still under way", uploadId, record.key(), version, record.gateway());
                return Outcome.upload_in_progress;
            }
            // The bytes were never in the log: an upload without metadata cannot be finished by anyone.
            // Nothing of it is visible; its chunks are garbage the healer's GC collects after its grace.
            LOG.infof("blob upload %s of %s at %s (gateway %s) has no metadata: abandoned, its chunks are left to GC",
                    uploadId, record.key(), version, record.gateway());
            return Outcome.abandoned_upload;
        }
        LOG.infof("replaying %s of %s at %s (appended by %s, metadata never committed)", record.op(), record.key(),
                version, record.gateway());
        if (record.op() == WalRecord.Op.put) {
            writer.apply(record.key(), record.value(), version, new Timings());
        } else {
            writer.delete(record.key(), version);
        }
        return Outcome.applied;
    }

    /**
     * A patch decides over the record as it is now, as the live request would have: it applies only
     * if its guard (If-Match) still holds and the object still exists. A patch that no longer
     * applies is settled as skipped: its client was told (or, if the gateway died, never answered).
     */
    private Outcome applyPatch(Version version, WalRecord record, Optional<MetadataStore.Stored> stored) {
        LabelWriter.Logged logged = LabelWriter.Logged.of(record.value());
        LabelWriter.Result result = labels.apply(record.key(), logged.patch(), logged.ifMatch(), version, stored);
        if (result.outcome() != LabelWriter.Outcome.applied) {
            LOG.infof("patch of %s at %s (appended by %s) no longer applies: %s %s", record.key(), version, record.gateway(),
                    result.outcome(), result.reason() == null ? "" : result.reason());
            return Outcome.skipped;
        }
        LOG.infof("replayed patch of %s at %s (appended by %s, metadata never committed)", record.key(), version, record.gateway());
        return Outcome.applied;
    }
}
