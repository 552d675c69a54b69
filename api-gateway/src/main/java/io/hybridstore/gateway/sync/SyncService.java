package io.hybridstore.gateway.sync;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.repair.HealerStatus;
import io.hybridstore.common.spi.UploadRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Cleaning up what never finished: blob uploads that have run (or lain abandoned) longer than an
 * age, which an operator may abort, and the collector's count of orphan chunks. An aborted upload
 * never commits; its chunks, referenced by no record, are collected by the healer's GC once older
 * than its grace, like those of an upload whose gateway died.
 */
public final class SyncService {

    /** The registry is listed in pages of this many; an age filter cannot use an index, so it bounds the read. */
    public static final int MAX_LIST = 1000;

    private final UploadRegistry uploads;
    private final HealerStateStore healer;
    private final Clock clock;

    public SyncService(UploadRegistry uploads, HealerStateStore healer, Clock clock) {
        this.uploads = uploads;
        this.healer = healer;
        this.clock = clock;
    }

    /** Uploads started at least {@code olderThan} ago, oldest first, at most {@code limit}. */
    public List<UploadRegistry.Upload> abandoned(Duration olderThan, int limit) {
        if (olderThan.isNegative()) {
            throw StoreException.badRequest("olderThan must not be negative: " + olderThan);
        }
        if (limit < 1 || limit > MAX_LIST) {
            throw StoreException.badRequest("limit must be 1 to " + MAX_LIST + ", not " + limit);
        }
        long cutoff = clock.millis() - olderThan.toMillis();
        return uploads.list(MAX_LIST).stream().filter(u -> u.startedAt() <= cutoff)
                .sorted(java.util.Comparator.comparingLong(UploadRegistry.Upload::startedAt)).limit(limit).toList();
    }

    /** Aborts an upload: it will not commit (unless already committing). NOT_FOUND when none is registered. */
    public void abort(String uploadId) {
        if (!uploads.active(uploadId) || !uploads.end(uploadId)) {
            throw StoreException.notFound("no upload " + uploadId + " under way (finished, aborted, or expired)");
        }
    }

    public long now() {
        return clock.millis();
    }

    /** The last pass summary the healer leader stored: its orphan chunks collected so far. */
    public Optional<HealerStatus> collector() {
        return healer.loadStatus();
    }
}
