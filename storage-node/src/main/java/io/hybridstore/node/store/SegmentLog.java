package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The segment files of small chunks: append-only, one active segment at a time, with group commit.
 *
 * <p>An append writes the record at the end of the active segment (into the page cache) and, still
 * under the append lock, lets the caller apply it to the index: the index therefore changes in log
 * order, exactly as a scan at start-up replays it. The caller then waits in {@link #awaitDurable} for
 * an fsync that covers its record — leader/follower: the first waiter with nothing in flight fsyncs
 * everything appended so far; those who arrive while it runs wait, and the next one of them fsyncs
 * for all of them at once. A lone writer pays one fsync; 32 concurrent writers share a few.
 *
 * <p>Files: {@code {number}.{generation}.seg} (number 10 digits). Order of records across the log is
 * (number, offset); compaction rewrites a sealed segment as the next generation of the same number,
 * which keeps that order (see {@link SegmentCompactor}). A new segment is started when the active one
 * would pass the segment size, and at every start.
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
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition synced = commitLock.newCondition();
    private long durable; // guarded by commitLock
    private boolean syncing; // guarded by commitLock
    /** Set when an fsync failed: what was written since is in an unknown state, so nothing more is acknowledged. */
    private volatile IOException failed;

    private SegmentLog(Path dir, long segmentSize, Fsync fsync, StoreMetrics metrics) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.fsync = fsync;
        this.metrics = metrics;
    }

    /**
     * Opens the segments in {@code dir}: removes what a crash left of a compaction (temp files, and a
     * generation superseded by a complete newer one), scans every segment in log order, cuts a torn
     * tail off, and starts a new active segment.
     */
    static SegmentLog open(Path dir, long segmentSize, Fsync fsync, StoreMetrics metrics, Recovery recovery) throws IOException {
        Files.createDirectories(dir);
        SegmentLog log = new SegmentLog(dir, segmentSize, fsync, metrics);
        TreeMap<Integer, Path> latest = log.settleGenerations();
        for (Map.Entry<Integer, Path> entry : latest.entrySet()) {
            Segment segment = log.openSegment(entry.getValue());
            log.segments.put(segment.number(), segment);
            log.scan(segment, recovery);
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
        ByteBuffer bytes = record.encode(data);
        appendLock.lock();
        try {
            requireHealthy();
            if (activeEnd > 0 && activeEnd + bytes.remaining() > segmentSize) {
                roll();
            }
            long at = activeEnd;
            try {
                DiskIo.writeFully(active.channel(), bytes, at);
            } catch (IOException e) {
                undoPartialWrite(at);
                throw DiskIo.internal("append to segment " + active.path().getFileName(), e);
            }
            activeEnd = at + record.totalLength();
            applier.apply(record, active.number(), at);
            appended = position(active.number(), activeEnd);
            return appended;
        } finally {
            appendLock.unlock();
        }
    }

    /** Returns once an fsync that started after {@code position} was written has returned. */
    void awaitDurable(long position) {
        commitLock.lock();
        try {
            while (durable < position) {
                requireHealthy();
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long target = appended;
                commitLock.unlock();
                try {
                    sync(target);
                } finally {
                    commitLock.lock();
                    syncing = false;
                    synced.signalAll();
                }
            }
        } finally {
            commitLock.unlock();
        }
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
        segments.remove(old.number(), old);
    }

    Path dir() {
        return dir;
    }

    /** Why the log stopped acknowledging (an fsync or a cut of a failed append failed); null while healthy. */
    IOException failure() {
        return failed;
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

    private void sync(long target) {
        int number = (int) (target >>> 40);
        Segment segment = segments.get(number);
        long start = System.nanoTime();
        try {
            if (segment != null) {
                fsync.force(segment.channel());
            }
        } catch (IOException e) {
            failed = e;
            LOG.errorf(e, "fsync of segment %d failed: no further small chunk is acknowledged until the node restarts", number);
            throw DiskIo.internal("fsync of segment " + number, e);
        } finally {
            metrics.fsyncTook(System.nanoTime() - start);
        }
        commitLock.lock();
        try {
            durable = Math.max(durable, target);
        } finally {
            commitLock.unlock();
        }
    }

    /** Seals the active segment (fsynced whole, so only the newest segment can ever have a torn tail) and starts the next. */
    private void roll() {
        try {
            long start = System.nanoTime();
            fsync.force(active.channel());
            metrics.fsyncTook(System.nanoTime() - start);
        } catch (IOException e) {
            failed = e;
            throw DiskIo.internal("fsync of segment " + active.number() + " before sealing it", e);
        }
        long sealedEnd = position(active.number(), activeEnd);
        commitLock.lock();
        try {
            durable = Math.max(durable, sealedEnd);
        } finally {
            commitLock.unlock();
        }
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
        active = segment;
        activeEnd = 0;
        appended = position(number, 0);
    }

    /** A failed write may have left part of a record: cut it, or later appends would follow bytes a scan stops at. */
    private void undoPartialWrite(long at) {
        try {
            active.channel().truncate(at);
        } catch (IOException e) {
            failed = e;
            LOG.errorf(e, "cannot cut a failed append off segment %d", active.number());
        }
    }

    private void requireHealthy() {
        if (failed != null) {
            throw new StoreException(ErrorCode.INTERNAL, "the segment log failed (" + failed.getMessage() + "); restart the node", failed);
        }
    }

    /** Deletes compaction leftovers; returns the newest complete generation of each segment number. */
    private TreeMap<Integer, Path> settleGenerations() throws IOException {
        TreeMap<Integer, Path> latest = new TreeMap<>();
        TreeMap<Integer, Integer> generations = new TreeMap<>();
        List<Path> superseded = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (ChunkLayout.isTempName(name)) {
                    Files.delete(file); // a compaction that never reached its rename: the old generation is whole
                    continue;
                }
                if (!name.matches("\\d{10}\\.\\d+\\" + SUFFIX)) {
                    continue;
                }
                String[] parts = name.split("\\.");
                int number = Integer.parseInt(parts[0]);
                int generation = Integer.parseInt(parts[1]);
                Integer known = generations.get(number);
                if (known == null || generation > known) {
                    if (known != null) {
                        superseded.add(latest.get(number));
                    }
                    generations.put(number, generation);
                    latest.put(number, file);
                } else {
                    superseded.add(file);
                }
            }
        }
        for (Path old : superseded) {
            // The newer generation was fsynced and renamed in before the old one was deleted: the crash came in between.
            Files.delete(old);
            LOG.infof("removed segment %s, superseded by its compacted generation", old.getFileName());
        }
        if (!superseded.isEmpty()) {
            DiskIo.fsyncDirectory(dir);
        }
        return latest;
    }

    private void scan(Segment segment, Recovery recovery) throws IOException {
        long size = segment.channel().size();
        if (size == 0) {
            return;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IOException("segment " + segment.path() + " has " + size + " bytes, beyond what one scan maps");
        }
        ByteBuffer bytes = segment.channel().map(FileChannel.MapMode.READ_ONLY, 0, size);
        SegmentScan.Result result = SegmentScan.scan(bytes, new SegmentScan.Visitor() {
            @Override
            public void record(SegmentRecord record, long offset) {
                recovery.record(segment, record, offset);
            }

            @Override
            public void corrupt(SegmentRecord record, long offset) {
                recovery.corrupt(segment, record, offset, bytes.duplicate().position((int) offset).limit((int) offset + record.totalLength()));
            }
        });
        if (result.tornTail()) {
            // Only the newest segment can end torn (a segment is fsynced whole before the next starts). Its
            // unacknowledged tail is cut, so no later scan reads it as damage.
            LOG.warnf("segment %s: %d bytes after its last whole record (a write cut by a crash): cut off",
                    segment.path().getFileName(), size - result.validEnd());
            segment.channel().truncate(result.validEnd());
            fsync.force(segment.channel());
        }
    }
}
