package io.hybridstore.common.repair;

import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.spi.MultipartStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Aborts S3 multipart uploads abandoned by their clients: any upload started longer than
 * {@code maxAge} ago can no longer complete (the gateways refuse it past their max upload time), so
 * its records go. Its parts' chunks are referenced by nothing and the GC collects them.
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

    /** Aborts up to {@code perPass} abandoned uploads; returns how many. */
    public int sweep() {
        List<MultipartUpload> old = uploads.initiatedBefore(clock.millis() - maxAge.toMillis(), perPass);
        for (MultipartUpload u : old) {
            uploads.delete(u.bucket(), u.uploadId());
            LOG.log(System.Logger.Level.INFO, "aborted the abandoned multipart upload " + u.uploadId() + " of " + u.bucket() + "/"
                    + u.key() + " (started " + (clock.millis() - u.initiatedAt()) / 1000 + " s ago)");
        }
        return old.size();
    }
}
