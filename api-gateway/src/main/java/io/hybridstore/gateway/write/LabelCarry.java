package io.hybridstore.gateway.write;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.labels.LabelRules;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import java.util.Optional;

/**
 * The commit of an overwrite (a document or a blob written over a key), carrying the labels of the
 * record it replaces ({@link LabelRules#keptOnOverwrite}). Why a compare-and-set loop rather than
 * {@code commitIfNewer}: the labels come from the record read, so the commit must land over exactly
 * that record; otherwise a label patch committed in between (an older WAL position, so the
 * overwrite should keep it) would be dropped. The cost is the same read and transaction as
 * {@code commitIfNewer}, which is itself such a loop.
 */
final class LabelCarry {

    /** As the etcd adapter's own commit loop: past this many lost races the key is too contended (retryable). */
    private static final int MAX_ATTEMPTS = 16;

    private LabelCarry() {
    }

    /**
     * Commits {@code record} (built without labels) over the current record if it is newer. Returns
     * the record as committed (with its labels), empty when a newer or equal version is current.
     *
     * @param basis the caller's own recent read of the key; serves the first attempt
     */
    static Optional<ObjectMetadata> commit(MetadataStore metadata, ObjectMetadata record, Optional<MetadataStore.Stored> basis) {
        Optional<MetadataStore.Stored> current = basis;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (current.isEmpty()) {
                // No record, so no labels to carry: a label patch needs a record to apply to. (A record
                // created and patched between our read and this commit is lost to this write's labels,
                // as the rest of it is lost to this newer version.)
                return metadata.commitIfNewer(record, current) ? Optional.of(record) : Optional.empty();
            }
            MetadataStore.Stored now = current.get();
            if (!record.version().isNewerThan(now.metadata().version())) {
                return Optional.empty();
            }
            ObjectMetadata labelled = record.withLabels(LabelRules.keptOnOverwrite(now.metadata().labels()));
            if (metadata.compareAndSet(labelled, now)) {
                return Optional.of(labelled);
            }
            current = metadata.get(record.key());
        }
        throw new StoreException(ErrorCode.CONFLICT, "metadata of " + record.key() + " changed on every one of " + MAX_ATTEMPTS
                + " attempts to commit " + record.version());
    }
}
