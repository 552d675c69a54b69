package io.hybridstore.node.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The segment files of small chunks: append-only, one active segment at a time, with group commit.
 *
 * <p>An append writes the record at the end of the active segment (into the page cache) and, still
 * under the append lock, lets the caller apply it to the index: the index therefore changes in log
 * order, exactly as a scan at start-up replays it. The caller then waits in {@link #awaitDurable} for
 * an fsync that covers its record: a group commit ({@link GroupCommit}), one fsync for every record
 * appended while the previous one ran.
 *
 * <p>Files: {@code {number}.{generation}.seg} (number 10 digits). Order of records across the log is
 * (number, offset); compaction rewrites a sealed segment as the next generation of the same number,
 * which keeps that order (see {@link SegmentCompactor}). A new segment is started when the active one
 * would pass the segment size, and at every start. What a start finds on disk is settled and scanned
 * by {@link SegmentFiles}.
 */
final class SegmentLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SegmentLog.class);
    static final String SUFFIX = ".seg";

    /** The one fsync of segment data; a test counts or delays it. */
    @FunctionalInterface
    interface Fsync {
        void force(FileChannel channel) throws IOException;

        Fsync DATA = channel -> channel.force(false);
    }

    /** Runs under the append lock, once the record's bytes are written: keeps the index in log order. */
    @FunctionalInterface
    interface Applier {
        void apply(SegmentRecord record, int segment, long offset);
    }

    /** What a start-up scan found, segment by segment in log order. */
    interface Recovery {
        void record(Segment segment, SegmentRecord record, long offset);

        void corrupt(Segment segment, SegmentRecord record, long offset, ByteBuffer bytes);
    }

    record Segment(int number, int generation, Path path, FileChannel channel) {
        static String fileName(int number, int generation) {
            return String.format("%010d.%d%s", number, generation, SUFFIX);
        }
    }

    private final Path dir;
    private final long segmentSize;
    private final Fsync fsync;
    private final StoreMetrics metrics;
    private final Map<Integer, Segment> segments = new ConcurrentHashMap<>();
    private final ReentrantLock appendLock = new ReentrantLock();
    private Segment active; // guarded by appendLock
    private long activeEnd; // guarded by appendLock
    private volatile long appended; // position just past the last written record
    /** Bytes written to the log since it opened, across segments (never reset): the clock of {@link #bytesSince}. */
    private volatile long appendedBytes; // written under appendLock
    /** {@link #appendedBytes} when each segment this process started began; segments found at start are not here. */
    private final Map<Integer, Long> starts = new ConcurrentHashMap<>();
    private final LongAdder writes = new LongAdder();
    private final GroupCommit commit;

    private SegmentLog(Path dir, long segmentSize, Fsync fsync, StoreMetrics metrics) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.fsync = fsync;
        this.metrics = metrics;
        this.commit = new GroupCommit(() -> appended, this::force, metrics);
    }

    /**
     * Opens the segments in {@code dir}: removes what a crash left of a compaction (temp files, and a
     * generation superseded by a complete newer one), scans every segment in log order, cuts a torn
     * tail off, and starts a new active segment.
     */
    static SegmentLog open(Path dir, long segmentSize, Fsync fsync, StoreMetrics metrics, Recovery recovery) throws IOException {
        Files.createDirectories(dir);
        SegmentLog log = new SegmentLog(dir, segmentSize, fsync, metrics);
        TreeMap<Integer, Path> latest = SegmentFiles.settleGenerations(dir);
        for (Map.Entry<Integer, Path> entry : latest.entrySet()) {
            Segment segment = log.openSegment(entry.getValue());
            log.segments.put(segment.number(), segment);
            SegmentFiles.scan(segment, recovery, fsync);
        }
        int next = latest.isEmpty() ? 1 : latest.lastKey() + 1;
        log.startSegment(next);
        return log;
    }

    /**
     * Appends one record (a put with its data, or a tombstone with none) and applies it under the
     * append lock. Returns the position to wait for with {@link #awaitDurable}.
     */
    long append(SegmentRecord record, byte[] data, Applier applier) {
        return appendAll(List.of(record), List.of(data), applier);
    }

    /**
     * Appends {@code records} (with {@code data}, one array each) in this order, and applies each under
     * the append lock once its bytes are written. Every run of them that fits the active segment goes in
     * one write: a batch's small chunks cost one {@code pwrite}, not one each (a segment still rolls
     * between two records, never inside one). Returns the position just past the last, to wait for with
     * {@link #awaitDurable}. A write that fails fails the call; runs written before it (only when the
     * records spanned a roll) stay in the log, unacknowledged.
     */
    long appendAll(List<SegmentRecord> records, List<byte[]> data, Applier applier) {
        int total = 0;
        for (SegmentRecord record : records) {
            total += record.totalLength();
        }
        ByteBuffer bytes = ByteBuffer.allocate(total); // encoded before the lock: the lock holds only the writes
        for (int i = 0; i < records.size(); i++) {
            records.get(i).encodeInto(bytes, data.get(i));
        }
        appendLock.lock();
        try {
            commit.requireHealthy();
            int from = 0;
            int at = 0; // in bytes
            while (from < records.size()) {
                if (activeEnd > 0 && activeEnd + records.get(from).totalLength() > segmentSize) {
                    roll();
                }
                int to = from;
                int length = 0;
                while (to < records.size() && (to == from || activeEnd + length + records.get(to).totalLength() <= segmentSize)) {
                    length += records.get(to++).totalLength();
                }
                writeRun(records.subList(from, to), bytes.slice(at, length), applier);
                from = to;
                at += length;
            }
            return appended;
        } finally {
            appendLock.unlock();
        }
    }

    /** Writes {@code run}'s bytes at the active segment's end and applies its records; under the append lock. */
    private void writeRun(List<SegmentRecord> run, ByteBuffer bytes, Applier applier) {
        long start = activeEnd;
        writes.increment();
        try {
            DiskIo.writeFully(active.channel(), bytes, start);
        } catch (IOException e) {
            undoPartialWrite(start);
            throw DiskIo.internal("append to segment " + active.path().getFileName(), e);
        }
        long offset = start;
        for (SegmentRecord record : run) {
            applier.apply(record, active.number(), offset);
            offset += record.totalLength();
        }
        appendedBytes += offset - activeEnd;
        activeEnd = offset;
        appended = position(active.number(), activeEnd);
    }

    /**
     * How many bytes this process appended to the log after {@code offset} of segment {@code number}
     * (0 for a record still being applied); {@link Long#MAX_VALUE} for a segment it did not start (found
     * at start-up, or gone). A compacted segment's records moved to lower offsets, so they count as older
     * than they are, never as newer: {@link ResidentReads} only ever errs towards the worker.
     */
    long bytesSince(int number, long offset) {
        Long start = starts.get(number);
        return start == null ? Long.MAX_VALUE : Math.max(0, appendedBytes - (start + offset));
    }

    /** Writes of appended records so far (one per run of {@link #appendAll}): a test counts them. */
    long writes() {
        return writes.sum();
    }

    /** Returns once an fsync that started after {@code position} was written has returned (see {@link GroupCommit}). */
    void awaitDurable(long position) {
        commit.awaitDurable(position);
    }

    /** See {@link GroupCommit#syncUnlessSyncing}: durable now (false: another fsync is in flight, wait with {@link #awaitDurable}). */
    boolean syncUnlessSyncing(long position) {
        return commit.syncUnlessSyncing(position);
    }

    /** The segment holding {@code number}'s records now (a compaction may have replaced it); null when gone. */
    Segment segment(int number) {
        return segments.get(number);
    }

    /** Sealed segments: every one but the active, in log order. */
    List<Segment> sealed() {
        int activeNumber = activeNumber();
        return segments.values().stream().filter(s -> s.number() != activeNumber).sorted(Comparator.comparingInt(Segment::number)).toList();
    }

    int activeNumber() {
        appendLock.lock();
        try {
            return active.number();
        } finally {
            appendLock.unlock();
        }
    }

    /** Runs {@code step} under the append lock: nothing is appended or applied meanwhile. */
    void exclusively(Runnable step) {
        appendLock.lock();
        try {
            step.run();
        } finally {
            appendLock.unlock();
        }
    }

    /** Puts a compacted generation in place of {@code old}; call under {@link #exclusively}. */
    void replace(Segment old, Segment compacted) {
        segments.replace(old.number(), old, compacted);
    }

    /** Forgets a segment that compaction emptied entirely. */
    void remove(Segment old) {
        if (segments.remove(old.number(), old)) {
            starts.remove(old.number());
        }
    }

    Path dir() {
        return dir;
    }

    /** Why the log stopped acknowledging (an fsync or a cut of a failed append failed); null while healthy. */
    IOException failure() {
        return commit.failure();
    }

    Fsync fsync() {
        return fsync;
    }

    Segment openSegment(Path path) throws IOException {
        String[] parts = path.getFileName().toString().split("\\.");
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), path, channel);
    }

    static long position(int segment, long offset) {
        return ((long) segment << 40) | offset;
    }

    /** The segment number of a {@link #position}. */
    static int numberOf(long position) {
        return (int) (position >>> 40);
    }

    @Override
    public void close() {
        for (Segment segment : segments.values()) {
            try {
                segment.channel().close();
            } catch (IOException ignored) {
                // closing after the last append: nothing left to lose
            }
        }
    }

    /** The group commit's fsync: the segment holding {@code target} (gone only if compaction removed it, sealed and synced). */
    private void force(long target) throws IOException {
        Segment segment = segments.get(numberOf(target));
        if (segment != null) {
            fsync.force(segment.channel());
        }
    }

    /** Seals the active segment (fsynced whole, so only the newest segment can ever have a torn tail) and starts the next. */
    private void roll() {
        try {
            long start = System.nanoTime();
            fsync.force(active.channel());
            metrics.fsyncTook(System.nanoTime() - start);
        } catch (IOException e) {
            commit.fail(e);
            throw DiskIo.internal("fsync of segment " + active.number() + " before sealing it", e);
        }
        commit.durableUpTo(position(active.number(), activeEnd));
        try {
            startSegment(active.number() + 1);
        } catch (IOException e) {
            throw DiskIo.internal("start of segment " + (active.number() + 1), e);
        }
    }

    /** A new, empty active segment; its directory entry is fsynced before any record in it can be acknowledged. */
    private void startSegment(int number) throws IOException {
        Path path = dir.resolve(Segment.fileName(number, 0));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        DiskIo.fsyncDirectory(dir);
        Segment segment = new Segment(number, 0, path, channel);
        segments.put(number, segment);
        starts.put(number, appendedBytes);
        active = segment;
        activeEnd = 0;
        appended = position(number, 0);
    }

    /** A failed write may have left part of a record: cut it, or later appends would follow bytes a scan stops at. */
    private void undoPartialWrite(long at) {
        try {
            active.channel().truncate(at);
        } catch (IOException e) {
            commit.fail(e);
            LOG.errorf(e, "cannot cut a failed append off segment %d", active.number());
        }
    }
}
