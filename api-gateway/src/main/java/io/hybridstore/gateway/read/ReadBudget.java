package io.hybridstore.gateway.read;

import java.time.Duration;

/** How long one chunk read may take: the node timeout plus the chunk's transfer time at the slowest healthy rate. */
record ReadBudget(Duration nodeTimeout, long minBytesPerSecond) {

    Duration forBytes(long size) {
        return nodeTimeout.plusNanos((long) (size * 1e9 / minBytesPerSecond));
    }
}
