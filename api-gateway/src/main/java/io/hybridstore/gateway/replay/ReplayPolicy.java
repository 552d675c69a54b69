package io.hybridstore.gateway.replay;

/**
 * When the replay gives up on a record (see {@link WalReplay}).
 *
 * @param maxAttempts   an unexpected (unclassified) failure of the same record this many times in a
 *                      row sets it aside; retryable failures never do
 * @param deadLetterMax letters waiting beyond which the replay holds the partition instead of setting
 *                      more aside: they live in etcd, whose space the metadata needs
 */
public record ReplayPolicy(int maxAttempts, int deadLetterMax) {

    public ReplayPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("gateway.replay.max-attempts must be at least 1: " + maxAttempts);
        }
        if (deadLetterMax < 1) {
            throw new IllegalArgumentException("gateway.replay.dead-letter-max must be at least 1: " + deadLetterMax);
        }
    }
}
