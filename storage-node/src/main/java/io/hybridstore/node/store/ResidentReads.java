package io.hybridstore.node.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Which batch-gets a node may read on its event loop: those whose every chunk is a small chunk whose
 * segment record lies in the last {@code windowBytes} this process appended to the log, and whose
 * records together hold at most {@code maxBytes}. Anything else is read on a worker thread.
 *
 * <p>Why the log's tail is a sound sign of "in the page cache": Java cannot ask whether a read will
 * hit the cache (no {@code mincore}; a {@link java.nio.MappedByteBuffer#isLoaded} probe needs a mapping
 * per segment, and a mapping pins a compacted, deleted segment's blocks until the collector finds it).
 * But segments are written through the page cache (never O_DIRECT), and pages written are kept until
 * memory runs short, the oldest first: the premise of Kafka's tail reads. A record among the last
 * {@code windowBytes} written is therefore almost always resident while the host keeps that much
 * page cache per node; when it is not, one read waits for the disk on the loop, as every request of
 * the node then does: hence a bound in bytes, and 0 to switch it off. Records in segments this process
 * did not write (found at start-up) are never taken: nothing says their pages were read since.
 *
 * <p>Pure: the facts come through {@link Log} (the index and the log's append count, or a fake).
 */
public final class ResidentReads {
    /** Every batch-get on a worker. */
    public static final ResidentReads NEVER = new ResidentReads(0, 0);

    /** Where a chunk's record is, and what the log took after a point of it. */
    interface Log {
        /** The live record of {@code id} in the segments; null when the chunk is not a small one here. */
        SegmentIndex.Entry entry(String id);

        /** Bytes appended after {@code offset} of {@code segment}; {@link Long#MAX_VALUE} when not known. */
        long bytesSince(int segment, long offset);
    }

    private final long windowBytes;
    private final long maxBytes;

    /**
     * @param windowBytes a record ending at most this many bytes before the log's end is read on the
     *     loop; 0: none is
     * @param maxBytes the records of one request read on the loop hold at most this many bytes together
     */
    public ResidentReads(long windowBytes, long maxBytes) {
        if (windowBytes < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("window and bound must not be negative: " + windowBytes + ", " + maxBytes);
        }
        this.windowBytes = windowBytes;
        this.maxBytes = maxBytes;
    }

    /** The records of {@code ids}, in order, when the request is read on the loop; null when it goes to a worker. */
    List<SegmentIndex.Entry> plan(List<String> ids, Log log) {
        if (windowBytes == 0 || ids.isEmpty()) {
            return null;
        }
        List<SegmentIndex.Entry> entries = new ArrayList<>(ids.size());
        long bytes = 0;
        for (String id : ids) {
            SegmentIndex.Entry entry = log.entry(id);
            if (entry == null) { // a chunk in a file, or none: a stat or an open on the disk, so the worker's
                return null;
            }
            bytes += entry.totalLength();
            if (bytes > maxBytes || log.bytesSince(entry.segment(), entry.offset() + entry.totalLength()) > windowBytes) {
                return null;
            }
            entries.add(entry);
        }
        return entries;
    }

    public long windowBytes() {
        return windowBytes;
    }
}
