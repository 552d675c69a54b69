package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * Small chunks in the {@link SegmentLog}, found through the {@link SegmentIndex}. A put is one record
 * appended, acknowledged once the group commit that covers it returned; a delete or a quarantine is
 * a tombstone appended the same way. A re-PUT of an id appends a whole new record: that refreshes
 * the modified time the healer's GC relies on with the same one code path as a first write, and for
 * chunks this small (≤ the small-chunk limit) the copy costs less than a separate "touch" record
 * kind whose meaning a scan and a compaction would both have to get right; compaction reclaims the
 * older copy.
 */
final class SegmentStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SegmentStore.class);
    private static final int READ_ATTEMPTS = 3;

    private final ChunkLayout layout;
    private final SegmentLog log;
    private final SegmentIndex index;
    private final StoreMetrics metrics;
    private final LongSupplier clock;
    private final ResidentReads.Log tail;
    private volatile ScheduledExecutorService compaction;

    private SegmentStore(ChunkLayout layout, SegmentLog log, SegmentIndex index, StoreMetrics metrics, LongSupplier clock) {
        this.layout = layout;
        this.log = log;
        this.index = index;
        this.metrics = metrics;
        this.clock = clock;
        this.tail = new ResidentReads.Log() {
            @Override
            public SegmentIndex.Entry entry(String id) {
                return index.get(id);
            }

            @Override
            public long bytesSince(int segment, long offset) {
                return log.bytesSince(segment, offset);
            }
        };
    }

    /** Scans the segments into a new index (see {@link SegmentLog#open}); a record damaged in place is quarantined. */
    static SegmentStore open(ChunkLayout layout, long segmentSize, SegmentLog.Fsync fsync, StoreMetrics metrics, LongSupplier clock)
            throws IOException {
        SegmentIndex index = new SegmentIndex();
        long start = System.nanoTime();
        SegmentLog log = SegmentLog.open(layout.segmentsDir(), segmentSize, fsync, metrics, new SegmentLog.Recovery() {
            @Override
            public void record(SegmentLog.Segment segment, SegmentRecord record, long offset) {
                index.apply(record, segment.number(), offset);
            }

            @Override
            public void corrupt(SegmentLog.Segment segment, SegmentRecord record, long offset, ByteBuffer bytes) {
                index.apply(SegmentRecord.tombstone(SegmentRecord.Kind.QUARANTINE, record.id(), record.modifiedMillis()), segment.number(), offset);
                keepForInspection(layout, record.id(), bytes, clock.getAsLong());
                metrics.corruptFound();
                LOG.warnf("segment %d: chunk %s at offset %d fails its data CRC32C: quarantined", segment.number(), record.id(), offset);
            }
        });
        LOG.infof("segment store %s: %d small chunks, %d bytes, index rebuilt in %d ms", layout.segmentsDir(), index.count(),
                index.dataBytes(), (System.nanoTime() - start) / 1_000_000);
        return new SegmentStore(layout, log, index, metrics, clock);
    }

    /** A record written but maybe not durable yet: acknowledge it only after {@link #awaitDurable}. */
    record Pending(ChunkInfo info, long position) {
    }

    /** A small chunk whose checksums were computed over its data, and its room checked: ready to append. */
    record Checked(String id, byte[] data, int crc32c, byte[] sha256) {
    }

    /** Appends a checked chunk; it is visible at once, durable after {@link #awaitDurable}. */
    Pending append(String id, byte[] data, int crc32c, byte[] sha256) {
        return appendAll(List.of(new Checked(id, data, crc32c, sha256))).get(0);
    }

    /**
     * Appends checked chunks in this order, in one write to the log where they fit the active segment
     * ({@link SegmentLog#appendAll}); each is visible at once, durable after {@link #awaitDurable} of its
     * position (the last one's covers them all).
     */
    List<Pending> appendAll(List<Checked> chunks) {
        long now = clock.getAsLong();
        List<SegmentRecord> records = new ArrayList<>(chunks.size());
        List<byte[]> data = new ArrayList<>(chunks.size());
        long bytes = 0;
        for (Checked c : chunks) {
            records.add(SegmentRecord.put(c.id(), c.data().length, c.crc32c(), now, c.sha256()));
            data.add(c.data());
            bytes += c.data().length;
        }
        long position = log.appendAll(records, data, index::apply);
        metrics.bytesIn(bytes);
        List<Pending> pending = new ArrayList<>(records.size());
        for (SegmentRecord r : records) {
            pending.add(new Pending(new ChunkInfo(r.id(), r.length(), r.checksumHex(), r.sha256Hex(), r.modifiedMillis()), position));
        }
        return pending;
    }

    /** Returns once every record appended before {@code position} is on stable storage: one fsync for all who wait together. */
    void awaitDurable(long position) {
        log.awaitDurable(position);
    }

    /** True once {@code position} is durable by an fsync this call ran; false at once while another is in flight (see {@link GroupCommit#syncUnlessSyncing}). */
    boolean syncUnlessSyncing(long position) {
        return log.syncUnlessSyncing(position);
    }

    ChunkInfo put(String id, byte[] data, int crc32c, byte[] sha256) {
        Pending pending = append(id, data, crc32c, sha256);
        awaitDurable(pending.position());
        return pending.info();
    }

    /** Appends a tombstone when the id is here; true when it was. Durable on return. */
    boolean delete(String id) {
        if (index.get(id) == null) {
            return false;
        }
        long[] position = {-1};
        log.exclusively(() -> {
            if (index.get(id) != null) {
                position[0] = log.append(SegmentRecord.tombstone(SegmentRecord.Kind.DELETE, id, clock.getAsLong()), new byte[0], index::apply);
            }
        });
        if (position[0] < 0) {
            return false;
        }
        log.awaitDurable(position[0]);
        return true;
    }

    boolean contains(String id) {
        return index.get(id) != null;
    }

    /** The chunk's data, checked against its CRC32C; empty when not here; CORRUPT (and quarantined) when damaged. */
    Optional<VerifiedChunk> read(String id) {
        return atEntry(id, "read", entry -> {
            ByteBuffer bytes = readRecord(entry, entry.totalLength());
            SegmentRecord header = checkHeader(entry, bytes);
            int crc = dataCrc(entry, bytes);
            if (crc != entry.crc32c()) {
                throw quarantine(entry, bytes, "data CRC32C " + Integer.toHexString(crc) + " does not match stored " + header.checksumHex());
            }
            return VerifiedChunk.ofBytes(entry.info(header.sha256Hex()), bytes.position(entry.headerLength()), metrics);
        });
    }

    /** The facts {@link ResidentReads} decides on: this index, and this process's appends to the log. */
    ResidentReads.Log tail() {
        return tail;
    }

    /**
     * The planned records' chunks ({@link ResidentReads#plan}), read and checked against their CRC32C on
     * the caller's thread; null when any is not exactly as planned: moved or removed meanwhile, cut short,
     * damaged, or failing to read. Nothing is retried or quarantined here: a quarantine appends a
     * tombstone and waits for its fsync, which the event loop must not; the worker's {@link #read} of
     * the same ids does all that and answers what it finds.
     */
    List<VerifiedChunk> readPlanned(List<SegmentIndex.Entry> planned) {
        List<VerifiedChunk> chunks = new ArrayList<>(planned.size());
        for (SegmentIndex.Entry entry : planned) {
            SegmentLog.Segment segment = log.segment(entry.segment());
            if (segment == null) {
                return null;
            }
            ByteBuffer bytes;
            try {
                bytes = readFrom(segment, entry, entry.totalLength());
            } catch (IOException e) { // closed by a compaction, or a failing disk: the worker's read retries or classifies it
                return null;
            }
            if (bytes.hasRemaining()) { // cut short: the worker's read quarantines it
                return null;
            }
            bytes.flip();
            Optional<SegmentRecord> header = indexedHeader(entry, bytes);
            if (header.isEmpty() || dataCrc(entry, bytes) != entry.crc32c() || !entry.equals(index.get(entry.id()))) {
                return null;
            }
            chunks.add(VerifiedChunk.ofBytes(entry.info(header.get().sha256Hex()), bytes.position(entry.headerLength()), metrics));
        }
        return chunks;
    }

    /** Size and checksums from the record's header, checked against its own CRC32C. */
    Optional<ChunkInfo> head(String id) {
        return atEntry(id, "head", entry -> entry.info(checkHeader(entry, readRecord(entry, entry.headerLength())).sha256Hex()));
    }

    @FunctionalInterface
    private interface RecordReader<T> {
        T read(SegmentIndex.Entry entry) throws IOException;
    }

    /** Runs {@code reader} on the id's entry, looked up again when a compaction moved the record while it read. */
    private <T> Optional<T> atEntry(String id, String what, RecordReader<T> reader) {
        for (int attempt = 1; ; attempt++) {
            SegmentIndex.Entry entry = index.get(id);
            if (entry == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(reader.read(entry));
            } catch (ClosedChannelException compactedMeanwhile) {
                if (attempt >= READ_ATTEMPTS) {
                    throw DiskIo.internal(what + " of chunk " + id, compactedMeanwhile);
                }
            } catch (IOException e) {
                throw DiskIo.internal(what + " of chunk " + id, e);
            }
        }
    }

    List<SegmentIndex.Entry> page(String afterId, int limit) {
        return index.page(afterId, limit);
    }

    long chunkCount() {
        return index.count();
    }

    long dataBytes() {
        return index.dataBytes();
    }

    /**
     * Runs compaction in the background every {@code interval}: sealed segments whose live records
     * fill less than {@code liveRatio} are rewritten, at most {@code bytesPerSecond} (see
     * {@link SegmentCompactor}).
     */
    void startCompaction(double liveRatio, long bytesPerSecond, Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("segment-compaction")
                .daemon().factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                compactor(liveRatio, SegmentCompactor.Pacer.rate(bytesPerSecond), SegmentCompactor.StepHook.NONE).compactEligible();
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "segment compaction failed; the next run tries again");
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        compaction = executor;
    }

    SegmentCompactor compactor(double liveRatio, SegmentCompactor.Pacer pacer, SegmentCompactor.StepHook hook) {
        return new SegmentCompactor(log, index, liveRatio, pacer, hook);
    }

    SegmentLog log() {
        return log;
    }

    SegmentIndex index() {
        return index;
    }

    /** Stops compaction and closes the segment files. */
    @Override
    public void close() {
        if (compaction != null) {
            compaction.shutdownNow();
            try {
                compaction.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.close();
    }

    private ByteBuffer readRecord(SegmentIndex.Entry entry, int length) throws IOException {
        SegmentLog.Segment segment = log.segment(entry.segment());
        if (segment == null) {
            throw new ClosedChannelException(); // compacted away meanwhile: look the id up again
        }
        ByteBuffer bytes = readFrom(segment, entry, length);
        if (!entry.equals(index.get(entry.id()))) { // the index makes a fresh entry per look-up: compare by value
            throw new ClosedChannelException(); // moved by a compaction while we read: read it where it is now
        }
        if (bytes.hasRemaining()) {
            throw quarantine(entry, bytes.flip(), "segment ends inside the record");
        }
        return bytes.flip();
    }

    /**
     * The first {@code length} bytes of the record, or as many as its segment holds: a buffer with room
     * left (not flipped) is a record cut short, which each caller treats its own way.
     */
    private static ByteBuffer readFrom(SegmentLog.Segment segment, SegmentIndex.Entry entry, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining()) {
            if (segment.channel().read(bytes, entry.offset() + bytes.position()) < 0) {
                break;
            }
        }
        return bytes;
    }

    /** The header as stored must be the indexed one; anything else is damage in place. */
    private SegmentRecord checkHeader(SegmentIndex.Entry entry, ByteBuffer bytes) {
        return indexedHeader(entry, bytes).orElseThrow(() -> quarantine(entry, bytes, "record header unreadable or not the indexed one"));
    }

    /** The record's header when it decodes and is the indexed one (id, length, CRC32C); empty otherwise. */
    private static Optional<SegmentRecord> indexedHeader(SegmentIndex.Entry entry, ByteBuffer bytes) {
        Optional<SegmentRecord> header = SegmentRecord.decodeHeader(bytes.duplicate());
        return header.filter(h -> h.id().equals(entry.id()) && h.length() == entry.length() && h.crc32c() == entry.crc32c());
    }

    /** The CRC32C of a record's data (after its header); the buffer's position is left as it was. */
    private static int dataCrc(SegmentIndex.Entry entry, ByteBuffer record) {
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(entry.headerLength()));
        return (int) crc.getValue();
    }

    /**
     * Copies the damaged record aside and appends a quarantine tombstone, unless a newer record of the
     * id replaced it meanwhile (that one is good). Durable before CORRUPT is answered, so a restart
     * does not serve the damaged record again.
     */
    private StoreException quarantine(SegmentIndex.Entry entry, ByteBuffer bytes, String reason) {
        keepForInspection(layout, entry.id(), bytes, clock.getAsLong());
        long[] position = {-1};
        log.exclusively(() -> {
            if (entry.equals(index.get(entry.id()))) { // still the damaged record, not a newer put of the id
                position[0] = log.append(SegmentRecord.tombstone(SegmentRecord.Kind.QUARANTINE, entry.id(), clock.getAsLong()), new byte[0],
                        index::apply);
            }
        });
        if (position[0] >= 0) {
            log.awaitDurable(position[0]);
        }
        metrics.corruptFound();
        LOG.warnf("chunk %s in segment %d is corrupt (%s): quarantined", entry.id(), entry.segment(), reason);
        return new StoreException(ErrorCode.CORRUPT, "chunk " + entry.id() + " is corrupt (" + reason + "); quarantined");
    }

    private static void keepForInspection(ChunkLayout layout, String id, ByteBuffer bytes, long now) {
        try {
            Files.write(layout.quarantineFileOf(id, now), toArray(bytes), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            LOG.errorf(e, "cannot keep corrupt chunk %s for inspection", id);
        }
    }

    private static byte[] toArray(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return copy;
    }
}
