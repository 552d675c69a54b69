package io.hybridstore.common.repair;

import java.time.Duration;

/**
 * The healer's limits and pacing. No defaults here: the app's one {@code @ConfigMapping} declares
 * them, tests state what they use.
 *
 * @param scanPageSize         metadata records per scan page (one etcd range read)
 * @param scanPerPass          records of the full scan per pass; a large store is covered over several passes
 * @param dirtyPerPass         dirty-index entries handled first in each pass
 * @param existsBatch          chunk ids per bulk exists request
 * @param maxConcurrentRepairs large repairs (more than 1 MiB, a striped blob's) at once; small ones go a page at a time
 * @param bytesPerSecond       read+write budget of repairs (0 = unlimited), so client traffic keeps priority
 * @param scrubPerPass         chunks whose checksum nodes re-verify per pass
 * @param gcGrace              an unreferenced chunk younger than this is left alone (writes in flight)
 * @param gcDeletesPerPass     garbage chunks deleted per pass at most
 * @param gcListPerPass        node chunk listings (pages) read per pass at most
 * @param gcListPage           chunks per listing page
 * @param gcFilterBits         bits of the referenced-chunk filter (memory bound of garbage collection)
 * @param inProgressGrace      an IN_PROGRESS object younger than this belongs to its gateway still
 * @param retryBase            first backoff after a failed repair; doubles per failure
 * @param retryMax             longest backoff
 * @param scanCycleMin         the least time between the starts of two full scan cycles when the first found nothing
 *                             to do and the live nodes are as it saw them ({@link ScanCyclePacing}); 0 = no rest
 * @param chunkCost            bytes each chunk read, written or verified counts against {@code bytesPerSecond} beside
 *                             its own size ({@link ByteRateLimiter}): what paces a heal of small objects
 */
public record HealerSettings(
        int scanPageSize,
        int scanPerPass,
        int dirtyPerPass,
        int existsBatch,
        int maxConcurrentRepairs,
        long bytesPerSecond,
        int scrubPerPass,
        Duration gcGrace,
        int gcDeletesPerPass,
        int gcListPerPass,
        int gcListPage,
        long gcFilterBits,
        Duration inProgressGrace,
        Duration retryBase,
        Duration retryMax,
        Duration scanCycleMin,
        long chunkCost) {

    /** Settings whose chunks count their bytes only ({@code chunkCost} 0). */
    public HealerSettings(int scanPageSize, int scanPerPass, int dirtyPerPass, int existsBatch, int maxConcurrentRepairs,
            long bytesPerSecond, int scrubPerPass, Duration gcGrace, int gcDeletesPerPass, int gcListPerPass, int gcListPage,
            long gcFilterBits, Duration inProgressGrace, Duration retryBase, Duration retryMax, Duration scanCycleMin) {
        this(scanPageSize, scanPerPass, dirtyPerPass, existsBatch, maxConcurrentRepairs, bytesPerSecond, scrubPerPass, gcGrace,
                gcDeletesPerPass, gcListPerPass, gcListPage, gcFilterBits, inProgressGrace, retryBase, retryMax, scanCycleMin, 0);
    }

    public HealerSettings {
        positive("scanPageSize", scanPageSize);
        positive("scanPerPass", scanPerPass);
        positive("existsBatch", existsBatch);
        positive("maxConcurrentRepairs", maxConcurrentRepairs);
        positive("gcListPage", gcListPage);
        if (dirtyPerPass < 0 || bytesPerSecond < 0 || scrubPerPass < 0 || gcDeletesPerPass < 0 || gcListPerPass < 0 || chunkCost < 0) {
            throw new IllegalArgumentException("healer limits must not be negative");
        }
        if (gcFilterBits < 1024) {
            throw new IllegalArgumentException("gcFilterBits must be at least 1024: " + gcFilterBits);
        }
        if (gcGrace.isNegative() || inProgressGrace.isNegative() || retryBase.isNegative() || retryMax.compareTo(retryBase) < 0
                || scanCycleMin.isNegative()) {
            throw new IllegalArgumentException("healer durations must be >= 0 and retryMax >= retryBase");
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
