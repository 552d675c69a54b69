package io.hybridstore.common.model;

/**
 * The version of a write: the position of its record in the write-ahead log. Records are keyed by
 * object key, so all writes to one key land in one partition and their offsets give the per-key
 * order. Comparing versions of different partitions only happens if the topic was re-partitioned;
 * the partition then breaks the tie so the order stays total and deterministic.
 */
public record Version(int partition, long offset) implements Comparable<Version> {

    public static final Version NONE = new Version(-1, -1L);

    @Override
    public int compareTo(Version other) {
        int byPartition = Integer.compare(partition, other.partition);
        return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
    }

    public boolean isNewerThan(Version other) {
        return other == null || compareTo(other) > 0;
    }

    /** Compact text form used in ETags and logs: {@code "3-1042"}. */
    @Override
    public String toString() {
        return partition + "-" + offset;
    }

    public static Version parse(String text) {
        int dash = text.indexOf('-', 1);
        if (dash < 0) {
            throw new IllegalArgumentException("not a version: " + text);
        }
        return new Version(Integer.parseInt(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
    }
}
