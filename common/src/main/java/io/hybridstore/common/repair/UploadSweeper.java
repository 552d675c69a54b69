package io.hybridstore.common.repair;

import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.spi.MultipartStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Aborts S3 multipart uploads abandoned by their clients: an upload with no activity (no part
 * stored, no completion started) for {@code maxAge} loses its records, and its parts' chunks, then
 * referenced by nothing, go to the GC. An upload in use never expires, however long it lasts.
 *
 * <p>{@code maxAge} must exceed the gateways' max upload time: a part takes at most that long, and a
 * completion commits within it of its touch ({@code MultipartStore#touch}), so no upload is swept
 * while a part or a completion of it is under way. Each removal is checked against the upload's
 * activity in the same step ({@link MultipartStore#deleteIfIdle}): a part landing during the sweep
 * keeps the upload.
 */
public final class UploadSweeper {

    private static final System.Logger LOG = System.getLogger(UploadSweeper.class.getName());

    private final MultipartStore uploads;
    private final Clock clock;
    private final Duration maxAge;
    private final int perPass;

    public UploadSweeper(MultipartStore uploads, Clock clock, Duration maxAge, int perPass) {
        this.uploads = uploads;
        this.clock = clock;
        this.maxAge = maxAge;
        this.perPass = perPass;
    }

    /** Aborts up to {@code perPass} abandoned uploads; returns how many it looked at (a full batch: more may wait). */
    public int sweep() {
        long cutoff = clock.millis() - maxAge.toMillis();
        List<MultipartUpload> idle = uploads.idleSince(cutoff, perPass);
        for (MultipartUpload u : idle) {
            if (uploads.deleteIfIdle(u.bucket(), u.uploadId(), cutoff)) {
                LOG.log(System.Logger.Level.INFO, "aborted the abandoned multipart upload " + u.uploadId() + " of " + u.bucket() + "/"
                        + u.key() + " (idle for more than " + maxAge + ", started " + (clock.millis() - u.initiatedAt()) / 1000
                        + " s ago)");
            }
        }
        return idle.size();
    }
}
