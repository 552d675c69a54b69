package io.hybridstore.common.tracker;

import java.time.Duration;

/**
 * How long a node call may take, for reads and writes alike: a fixed timeout plus the transfer time
 * of the call's bytes at the slowest rate still considered healthy, so a 2.5 MiB shard is not held
 * to the deadline of a 100-byte replica.
 *
 * @param answer            how long a write waits for its slowest copy before answering with the rest
 *                          pending (never longer than {@code node})
 * @param node              how long one small call may take at all
 * @param minBytesPerSecond the slowest healthy transfer rate
 */
public record NodeTimeouts(Duration answer, Duration node, long minBytesPerSecond) {

    public NodeTimeouts {
        if (answer.isNegative() || node.isNegative() || minBytesPerSecond <= 0) {
            throw new IllegalArgumentException("need timeouts >= 0 and a rate > 0: " + answer + ", " + node + ", " + minBytesPerSecond);
        }
        answer = answer.compareTo(node) < 0 ? answer : node;
    }

    /** The answer timeout of a write whose largest copy is {@code bytes} long. */
    public long answerNanos(long bytes) {
        return answer.toNanos() + transferNanos(bytes);
    }

    /** The deadline of one call moving {@code bytes} (a read, or the slowest put of a write). */
    public long nodeNanos(long bytes) {
        return node.toNanos() + transferNanos(bytes);
    }

    private long transferNanos(long bytes) {
        return (long) (bytes * 1e9 / minBytesPerSecond);
    }
}
