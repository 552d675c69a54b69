package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.VerifyOutcome;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * The node's chunks on its local disk: small ones (at most {@link Limits#smallChunkMax}) appended to
 * the segment log ({@link SegmentStore}, group commit), larger ones in files of their own
 * ({@link ChunkFiles}, whose javadoc walks the write path and what a crash leaves). Reads look in the
 * segments first, then for a file; free space is held to the reserve by {@link VolumeSpace}.
 */
public final class DiskChunkStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskChunkStore.class);

    /**
     * @param reserveBytes writes are refused (507) when they would leave less free space than this
     * @param smallChunkMax chunks of at most this many bytes go to the segment log; -1: none do (file per chunk for all)
     * @param segmentSize a segment is sealed and the next started when an append would take it past this
     */
    public record Limits(long maxChunkSize, long reserveBytes, long smallChunkMax, long segmentSize) {
        /** Every chunk in its own file, as before the segment log (segments found on disk are still served). */
        public Limits(long maxChunkSize, long reserveBytes) {
            this(maxChunkSize, reserveBytes, -1, 1L << 30);
        }
    }

    private final ChunkLayout layout;
    private final Limits limits;
    private final VolumeSpace space;
    private final StoreMetrics metrics;
    private final ChunkListing listing;
    private final ChunkFiles files;
    private final SegmentStore small;

    private DiskChunkStore(ChunkLayout layout, Limits limits, VolumeSpace space, StoreMetrics metrics, ChunkFiles files, SegmentStore small) {
        this.layout = layout;
        this.limits = limits;
        this.space = space;
        this.metrics = metrics;
        this.files = files;
        this.small = small;
        this.listing = new ChunkListing(layout);
    }

    /**
     * Opens the store in an existing data dir: deletes temp files a crash left behind and counts the
     * chunks. The data dir must exist — a missing mount must not silently become an empty node.
     */
    public static DiskChunkStore open(Path dataDir, Limits limits, MeterRegistry registry, boolean directIo) {
        return open(dataDir, limits, registry, null, directIo);
    }

    /** O_DIRECT where the file system allows it. */
    public static DiskChunkStore open(Path dataDir, Limits limits, MeterRegistry registry) {
        return open(dataDir, limits, registry, null, true);
    }

    /** {@code usableSpace} null: the data dir's volume; {@code directIo}: O_DIRECT if the file system allows it. */
    static DiskChunkStore open(Path dataDir, Limits limits, MeterRegistry registry, LongSupplier usableSpace, boolean directIo) {
        return open(dataDir, limits, registry, usableSpace, directIo, SegmentLog.Fsync.DATA, System::currentTimeMillis);
    }

    /** {@code fsync}: how segment data is forced to disk (a test counts it); {@code clock}: modified times of small chunks. */
    static DiskChunkStore open(Path dataDir, Limits limits, MeterRegistry registry, LongSupplier usableSpace, boolean directIo,
            SegmentLog.Fsync fsync, LongSupplier clock) {
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalStateException("node data dir " + dataDir + " does not exist or is not a directory");
        }
        try {
            ChunkLayout layout = new ChunkLayout(dataDir);
            Files.createDirectories(layout.chunksDir());
            Files.createDirectories(layout.quarantineDir());
            VolumeSpace space = new VolumeSpace(usableSpace != null ? usableSpace : VolumeSpace.of(Files.getFileStore(dataDir)),
                    limits.reserveBytes());
            boolean direct = directIo && DirectIo.supported(layout.newProbeIn(layout.chunksDir()));
            LOG.infof("chunk data I/O in %s: %s", dataDir, direct ? "O_DIRECT (bypasses the page cache)"
                    : directIo ? "buffered (the file system refuses O_DIRECT)" : "buffered (direct I/O is off)");
            ChunkFiles[] files = new ChunkFiles[1];
            SegmentStore[] small = new SegmentStore[1];
            StoreMetrics metrics = new StoreMetrics(registry, () -> files[0].chunkCount() + small[0].chunkCount(),
                    () -> files[0].usedBytes() + small[0].dataBytes());
            files[0] = new ChunkFiles(layout, limits.maxChunkSize(), space, metrics, direct);
            small[0] = SegmentStore.open(layout, limits.segmentSize(), fsync, metrics, clock);
            files[0].recover();
            return new DiskChunkStore(layout, limits, space, metrics, files[0], small[0]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open chunk store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores the body as chunk {@code id}; returns once it is durable. {@code declaredLength} is -1 when
     * unknown (chunked). Free space is checked against the reserve before the first byte (with the declared
     * length), while the body streams and before the rename (see {@link ChunkWriter}); a refusal stores nothing.
     */
    public ChunkInfo put(String id, InputStream body, long declaredLength, String sha256Hex) {
        return put(id, body, declaredLength, sha256Hex, null);
    }

    /** As {@link #put(String, InputStream, long, String)}, also refusing a body whose CRC32C is not {@code crc32cHex} (when given). */
    public ChunkInfo put(String id, InputStream body, long declaredLength, String sha256Hex, String crc32cHex) {
        ChunkIds.require(id);
        ChunkWriter.Expected expected = files.checkUpFront(declaredLength, sha256Hex, crc32cHex);
        space.require(Math.max(declaredLength, 0));
        if (declaredLength > limits.smallChunkMax()) {
            return putFile(id, body, declaredLength, expected);
        }
        // One byte more than can belong to the chunk, so a body longer than its Content-Length is caught.
        byte[] data = readUpTo(body, (declaredLength < 0 ? limits.smallChunkMax() : declaredLength) + 1);
        if (declaredLength < 0 && data.length > limits.smallChunkMax()) { // chunked, and not small: a file, what was read in front
            return putFile(id, new SequenceInputStream(new ByteArrayInputStream(data), body), -1, expected);
        }
        if (declaredLength >= 0 && data.length != declaredLength) {
            throw StoreException.badRequest("body has " + (data.length > declaredLength ? "more than " : "") + data.length
                    + " bytes, Content-Length said " + declaredLength + "; nothing stored");
        }
        SegmentStore.Pending pending = appendSmall(id, data, expected);
        small.awaitDurable(pending.position());
        dropFileCopy(id);
        return pending.info();
    }

    /** Several chunks in one: see {@link BatchWrite}. */
    public BatchWrite batch() {
        return batch(-1);
    }

    /**
     * Several chunks in one, from a body of {@code bodyBytes} (-1: unknown). When the volume holds the
     * whole body above its reserve, its small chunks skip their own free-space check: one statfs per
     * batch instead of one per chunk. Concurrent batches may then overshoot the reserve by their bodies
     * (at most NODE_BATCH_MAX_BYTES each), as concurrent chunks did by theirs.
     */
    public BatchWrite batch(long bodyBytes) {
        return new BatchWrite(this, bodyBytes >= 0 && space.holds(bodyBytes));
    }

    ChunkWriter.Expected checkUpFront(long declaredLength, String sha256Hex, String crc32cHex) {
        return files.checkUpFront(declaredLength, sha256Hex, crc32cHex);
    }

    /**
     * Checks and appends a small chunk to the segment log without waiting for its fsync ({@link #awaitDurable}).
     */
    SegmentStore.Pending appendSmall(String id, byte[] data, ChunkWriter.Expected expected) {
        return small.appendAll(List.of(checkSmall(id, data, expected, false))).get(0);
    }

    /**
     * A small chunk's checks before it is appended: its data against the checksums its client sent, and
     * the free space ({@code spaceChecked}: for the whole batch already). Refuses with BAD_REQUEST or
     * INSUFFICIENT_STORAGE; nothing is written here.
     */
    SegmentStore.Checked checkSmall(String id, byte[] data, ChunkWriter.Expected expected, boolean spaceChecked) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        byte[] sha = expected.sha256Of(data);
        expected.check(crc.getValue(), sha);
        if (!spaceChecked) {
            space.require(data.length);
        }
        return new SegmentStore.Checked(id, data, (int) crc.getValue(), sha);
    }

    /** Appends checked small chunks in one write where they fit (see {@link SegmentStore#appendAll}); durable after {@link #awaitDurable}. */
    List<SegmentStore.Pending> appendChecked(List<SegmentStore.Checked> chunks) {
        return small.appendAll(chunks);
    }

    /** The segment log's writes so far (see {@link SegmentLog#writes}). */
    long segmentWrites() {
        return small.log().writes();
    }

    void awaitDurable(long position) {
        small.awaitDurable(position);
    }

    boolean syncUnlessSyncing(long position) {
        return small.syncUnlessSyncing(position);
    }

    /** A small chunk now in a segment supersedes a file an older write left (reads look in the segments first). */
    void dropFileCopy(String id) {
        files.dropCopy(id);
    }

    private static byte[] readUpTo(InputStream body, long n) {
        try {
            return body.readNBytes((int) n);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.BAD_REQUEST, "request body ended early: " + e.getMessage(), e);
        }
    }

    private ChunkInfo putFile(String id, InputStream body, long declaredLength, ChunkWriter.Expected expected) {
        ChunkInfo info = files.put(id, body, declaredLength, expected);
        small.delete(id); // a large chunk now in a file supersedes a small one of the same id
        return info;
    }

    /** Opens a chunk for reading after checking its whole data against the stored CRC32C (see {@link ChunkFiles#read}). */
    public VerifiedChunk read(String id) {
        Optional<VerifiedChunk> fromSegment = small.read(ChunkIds.require(id));
        return fromSegment.isPresent() ? fromSegment.get() : files.read(id);
    }

    /**
     * The chunks of {@code ids}, read and verified on the caller's thread, when {@code policy} takes them
     * as likely in the page cache (see {@link ResidentReads}) and each reads back clean; empty otherwise,
     * and then the caller reads them with {@link #read} on a worker, which also answers NOT_FOUND and
     * CORRUPT (quarantining, an fsync). The ids must be valid.
     */
    public Optional<List<VerifiedChunk>> readResident(List<String> ids, ResidentReads policy) {
        List<SegmentIndex.Entry> planned = policy.plan(ids, small.tail());
        return planned == null ? Optional.empty() : Optional.ofNullable(small.readPlanned(planned));
    }

    /** Chunks opened by {@link #read} and not yet closed: zero when no read is being served (leak checks). */
    public int openReads() {
        return files.openReads();
    }

    /** Pooled I/O buffers in use: zero when no request is running (leak checks). */
    public int borrowedBuffers() {
        return files.borrowedBuffers();
    }

    /** Size and checksums from the header only; a header that fails its own check is corruption. */
    public Optional<ChunkInfo> head(String id) {
        Optional<ChunkInfo> fromSegment = small.head(ChunkIds.require(id));
        return fromSegment.isPresent() ? fromSegment : files.head(id);
    }

    /** Re-reads the chunk and checks it; a corrupt chunk is quarantined. */
    public VerifyResult verify(String id) {
        return check(id).result();
    }

    /**
     * {@link #verify}, with the CRC32C the chunk was checked against when it is OK: the scrub compares
     * a blob shard's with the one its record keeps. Any failure but NOT_FOUND and CORRUPT is thrown.
     */
    public VerifyOutcome check(String id) {
        ChunkIds.require(id);
        try (VerifiedChunk chunk = read(id)) {
            return VerifyOutcome.checked(id, VerifyResult.OK, chunk.info().crc32cHex());
        } catch (StoreException e) {
            return switch (e.code()) {
                case NOT_FOUND -> VerifyOutcome.checked(id, VerifyResult.MISSING, null);
                case CORRUPT -> VerifyOutcome.checked(id, VerifyResult.CORRUPT, null);
                default -> throw e;
            };
        }
    }

    /** Deletes; true when the chunk existed. */
    public boolean delete(String id) {
        boolean inSegment = small.delete(ChunkIds.require(id));
        return files.delete(id) || inSegment;
    }

    /** Which of {@code ids} are stored (order kept); every id must be valid. */
    public Set<String> exists(Collection<String> ids) {
        Set<String> present = new LinkedHashSet<>();
        for (String id : ids) {
            if (small.contains(ChunkIds.require(id)) || files.contains(id)) {
                present.add(id);
            }
        }
        return present;
    }

    /** Up to {@code limit} chunks after {@code afterId} (null: from the start) in the node's listing order. */
    public List<ChunkInfo> list(String afterId, int limit) {
        if (afterId != null) {
            ChunkIds.require(afterId);
        }
        try {
            return ListingMerge.merge(listing.page(afterId, limit), small.page(afterId, limit), limit);
        } catch (IOException e) {
            throw DiskIo.internal("listing", e);
        }
    }

    public long chunkCount() {
        return files.chunkCount() + small.chunkCount();
    }

    /** Data bytes of live chunks (segment space not yet reclaimed by compaction is not counted). */
    public long usedBytes() {
        return files.usedBytes() + small.dataBytes();
    }

    /** Bytes chunks may occupy: what they hold plus the free space above the reserve. */
    public long capacityBytes() {
        return usedBytes() + space.spare();
    }

    public boolean aboveReserve() {
        return space.aboveReserve();
    }

    /** Creates and deletes a file where chunks go: catches a read-only remount or a failing disk, which permission bits do not. */
    public boolean isWritable() {
        Path probe = layout.newProbeIn(layout.chunksDir());
        try {
            Files.write(probe, new byte[] {1}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (IOException e) {
            LOG.warnf("data dir not writable: %s", e.getMessage());
            return false;
        } finally {
            DiskIo.deleteQuietly(probe);
        }
    }

    /** Whether chunk data bypasses the page cache (O_DIRECT). */
    public boolean directIo() {
        return files.direct();
    }

    /** Starts segment compaction in the background (see {@link SegmentStore#startCompaction}). */
    public void startCompaction(double liveRatio, long bytesPerSecond, Duration interval) {
        small.startCompaction(liveRatio, bytesPerSecond, interval);
    }

    /** Stops compaction and closes the segment files; the store is not used afterwards. */
    @Override
    public void close() {
        small.close();
    }

    /**
     * Why small chunks can no longer be acknowledged, if so: an fsync of a segment failed, after which
     * what the page cache holds is unknown. Only a restart (and its scan) makes the log trustworthy again.
     */
    public Optional<String> segmentLogFailure() {
        IOException failure = small.log().failure();
        return failure == null ? Optional.empty() : Optional.of(String.valueOf(failure.getMessage()));
    }

    SegmentStore segments() {
        return small;
    }

    public Limits limits() {
        return limits;
    }

    public Path chunksDir() {
        return layout.chunksDir();
    }

    public StoreMetrics metrics() {
        return metrics;
    }
}
