package io.hybridstore.gateway.blob;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.time.Duration;

/**
 * The blob settings of {@link io.hybridstore.gateway.GatewayConfig.Blob} as plain values, and the
 * one decision they imply: how large the stripes of an upload are.
 *
 * @param smallMaxSize    blobs up to this many bytes are replicated, larger ones striped
 * @param stripeSize      bytes per stripe when the blob's size allows
 * @param maxStripes      most stripes per blob (bounds the etcd record)
 * @param maxSize         largest blob accepted
 * @param stripesInFlight stripes written concurrently while the next is read
 * @param readAhead       stripes fetched ahead of a download
 * @param maxUploadTime   an upload running longer is aborted
 */
public record BlobSettings(int replicas, int dataShards, int parityShards, long smallMaxSize, int stripeSize, int maxStripes,
                           long maxSize, int stripesInFlight, int readAhead, Duration maxUploadTime) {

    /** Stripes grow in whole MiB when they must, so shard sizes stay round. */
    private static final int GROWTH_STEP = 1 << 20;

    public BlobSettings {
        if (smallMaxSize > stripeSize) {
            throw new IllegalArgumentException("gateway.blob.small-max-size (" + smallMaxSize
                    + ") must not exceed gateway.blob.stripe-size (" + stripeSize + ")");
        }
        if (stripeSize < dataShards || maxStripes < 1 || stripesInFlight < 1 || readAhead < 1) {
            throw new IllegalArgumentException("gateway.blob: stripe-size must be at least k, max-stripes, stripes-in-flight"
                    + " and read-ahead at least 1");
        }
    }

    /**
     * The stripe size of an upload that declared {@code declaredSize} bytes (null: unknown, a chunked
     * body): the configured size, or, when that would need more than {@code maxStripes} stripes, the
     * smallest whole-MiB size that does not. Throws PAYLOAD_TOO_LARGE above {@code maxSize}.
     */
    public int stripeSizeFor(Long declaredSize) {
        if (declaredSize == null) {
            return stripeSize;
        }
        checkSize(declaredSize);
        long needed = (declaredSize + maxStripes - 1) / maxStripes;
        if (needed <= stripeSize) {
            return stripeSize;
        }
        long grown = (needed + GROWTH_STEP - 1) / GROWTH_STEP * GROWTH_STEP;
        return Math.toIntExact(grown);
    }

    /** Throws PAYLOAD_TOO_LARGE when {@code size} bytes is more than one blob may hold. */
    public void checkSize(long size) {
        if (size > maxSize) {
            throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "blob of " + size + " bytes exceeds the limit of " + maxSize);
        }
    }

    /** Throws PAYLOAD_TOO_LARGE when a body without a declared length grows past what its stripes can hold. */
    public void checkStreamed(long sizeSoFar, int stripeSizeInUse) {
        checkSize(sizeSoFar);
        if (sizeSoFar > (long) stripeSizeInUse * maxStripes) {
            throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "a blob sent without Content-Length may hold at most "
                    + (long) stripeSizeInUse * maxStripes + " bytes; send Content-Length for larger ones");
        }
    }
}
