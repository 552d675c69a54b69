package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * Chunks on the local disk (layout in {@link ChunkLayout}, file format in {@link ChunkHeader}).
 *
 * <p>The write path, and what a crash at each point leaves behind (steps 1–2 are {@link ChunkWriter}):
 * <ol>
 * <li>stream the body into {@code ~uuid.tmp} in the chunk's own directory (same file system, so the
 *     rename below is atomic), computing CRC32C — and SHA-256 when the client sent one — as bytes arrive;</li>
 * <li>write the header at offset 0 and fsync the file; a crash up to here leaves only a temp file,
 *     which {@link #open} deletes at the next start;</li>
 * <li>rename over {@code {id}} (rename(2) replaces atomically: readers see the old chunk or the new
 *     one, and a reader that already opened the old file keeps reading it) and fsync the directory;
 *     only then is the PUT acknowledged.</li>
 * </ol>
 *
 * <p>The body transfer runs unlocked, so concurrent PUTs of one id each stream into their own temp
 * file and the last rename wins — every rename publishes a complete chunk. Renames, deletes and
 * quarantine take the id's stripe lock, which keeps the counters exact and stops quarantine from
 * moving aside a good replacement that a PUT renamed in after the corrupt file was opened.
 */
public final class DiskChunkStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskChunkStore.class);
    private static final int STRIPES = 64;

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
    /** Usable bytes on the data volume (statfs); a test passes a small fake volume. */
    private final LongSupplier usableSpace;
    private final StoreMetrics metrics;
    private final ChunkListing listing;
    private final ChunkWriter writer;
    /** Chunk data through O_DIRECT ({@link DirectIo}); false when configured off or the file system refuses it. */
    private final boolean direct;
    private final IoBuffers buffers = new IoBuffers(16);
    /** Chunks handed out by {@link #read} and not closed yet (an open file each, maybe a pooled buffer). */
    private final AtomicInteger openReads = new AtomicInteger();
    private final ChunkChecks checks;
    private final SegmentStore small;
    private volatile ScheduledExecutorService compaction;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    /** Chunk files (the segment store counts its own). */
    private final AtomicLong chunkCount;
    private final AtomicLong usedBytes;

    private DiskChunkStore(ChunkLayout layout, Limits limits, LongSupplier usableSpace, StoreMetrics metrics, boolean direct,
            SegmentStore small, AtomicLong fileCount, AtomicLong fileBytes) {
        this.layout = layout;
        this.direct = direct;
        this.limits = limits;
        this.usableSpace = usableSpace;
        this.metrics = metrics;
        this.small = small;
        this.chunkCount = fileCount;
        this.usedBytes = fileBytes;
        this.listing = new ChunkListing(layout);
        this.writer = new ChunkWriter(limits.maxChunkSize(), metrics, this::requireSpaceWhileWriting, direct, buffers);
        this.checks = new ChunkChecks(direct, buffers, this::quarantine);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
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
            LongSupplier space = usableSpace != null ? usableSpace : volumeSpace(Files.getFileStore(dataDir));
            boolean direct = directIo && DirectIo.supported(layout.newProbeIn(layout.chunksDir()));
            LOG.infof("chunk data I/O in %s: %s", dataDir, direct ? "O_DIRECT (bypasses the page cache)"
                    : directIo ? "buffered (the file system refuses O_DIRECT)" : "buffered (direct I/O is off)");
            AtomicLong[] totals = {new AtomicLong(), new AtomicLong()};
            SegmentStore[] small = new SegmentStore[1];
            StoreMetrics metrics = new StoreMetrics(registry, () -> totals[0].get() + small[0].chunkCount(),
                    () -> totals[1].get() + small[0].dataBytes());
            small[0] = SegmentStore.open(layout, limits.segmentSize(), fsync, metrics, clock);
            DiskChunkStore store = new DiskChunkStore(layout, limits, space, metrics, direct, small[0], totals[0], totals[1]);
            store.recover();
            return store;
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
        ChunkWriter.Expected expected = writer.checkUpFront(declaredLength, sha256Hex, crc32cHex);
        requireSpace(Math.max(declaredLength, 0));
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
        return new BatchWrite(this);
    }

    ChunkWriter.Expected checkUpFront(long declaredLength, String sha256Hex, String crc32cHex) {
        return writer.checkUpFront(declaredLength, sha256Hex, crc32cHex);
    }

    /**
     * Checks and appends a small chunk to the segment log without waiting: a batch appends all of its
     * chunks, then waits once ({@link #awaitDurable}) for the group commit that covers them all.
     */
    SegmentStore.Pending appendSmall(String id, byte[] data, ChunkWriter.Expected expected) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        byte[] sha = expected.sha256Of(data);
        expected.check(crc.getValue(), sha);
        requireSpace(data.length);
        return small.append(id, data, (int) crc.getValue(), sha);
    }

    void awaitDurable(long position) {
        small.awaitDurable(position);
    }

    /** A small chunk now in a segment supersedes a file an older write left (reads look in the segments first). */
    void dropFileCopy(String id) {
        Path file = layout.fileOf(id);
        if (Files.exists(file)) {
            deleteFile(id);
        }
    }

    private static byte[] readUpTo(InputStream body, long n) {
        try {
            return body.readNBytes((int) n);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.BAD_REQUEST, "request body ended early: " + e.getMessage(), e);
        }
    }

    private ChunkInfo putFile(String id, InputStream body, long declaredLength, ChunkWriter.Expected expected) {
        Path tmp = null;
        try {
            Path dir = ensureDirectory(layout.dirOf(id));
            tmp = layout.newTempIn(dir);
            ChunkHeader header = writer.writeTemp(tmp, body, declaredLength, expected);
            ChunkInfo info = publish(id, tmp, header);
            tmp = null; // renamed: nothing to delete (a delete of a missing file costs an exception inside the JDK)
            metrics.bytesIn(header.length());
            small.delete(id); // a large chunk now in a file supersedes a small one of the same id
            return info;
        } catch (IOException e) {
            throw diskFailure("write of chunk " + id, e);
        } finally {
            if (tmp != null) {
                DiskIo.deleteQuietly(tmp);
            }
        }
    }

    /**
     * Opens a chunk for reading after checking its whole data against the stored CRC32C. A chunk that
     * fits in one buffer (a 1 MiB shard does) is read once and served from that buffer; a larger one
     * is read again as it is served.
     */
    public VerifiedChunk read(String id) {
        Optional<VerifiedChunk> fromSegment = small.read(ChunkIds.require(id));
        if (fromSegment.isPresent()) {
            return fromSegment.get();
        }
        OpenedChunk opened = openExisting(id);
        boolean handedOver = false;
        ByteBuffer held = null;
        try {
            ChunkHeader header = checks.header(id, opened);
            if (DiskIo.fitsInBuffer(header.length())) {
                held = checks.readWhole(id, opened, header);
            } else {
                checks.data(id, opened, header);
            }
            VerifiedChunk chunk = new VerifiedChunk(opened.channel(), direct, buffers, held, info(id, header, opened.attributes()), metrics,
                    openReads::decrementAndGet);
            openReads.incrementAndGet();
            handedOver = true; // the caller closes it now
            return chunk;
        } catch (IOException e) {
            throw DiskIo.internal("read of chunk " + id, e);
        } finally {
            if (!handedOver) {
                closeQuietly(opened.channel());
                if (held != null) {
                    buffers.give(held);
                }
            }
        }
    }

    /** Chunks opened by {@link #read} and not yet closed: zero when no read is being served (leak checks). */
    public int openReads() {
        return openReads.get();
    }

    /** Pooled I/O buffers in use: zero when no request is running (leak checks). */
    public int borrowedBuffers() {
        return buffers.borrowed();
    }

    /** Size and checksums from the header only; a header that fails its own check is corruption. */
    public Optional<ChunkInfo> head(String id) {
        Optional<ChunkInfo> fromSegment = small.head(ChunkIds.require(id));
        if (fromSegment.isPresent()) {
            return fromSegment;
        }
        OpenedChunk opened;
        try {
            opened = openExisting(id);
        } catch (StoreException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        try (FileChannel channel = opened.channel()) {
            return Optional.of(info(id, checks.header(id, opened), opened.attributes()));
        } catch (IOException e) {
            throw DiskIo.internal("head of chunk " + id, e);
        }
    }

    /** Re-reads the chunk and checks it; a corrupt chunk is quarantined. */
    public VerifyResult verify(String id) {
        ChunkIds.require(id);
        try (VerifiedChunk chunk = read(id)) {
            return VerifyResult.OK;
        } catch (StoreException e) {
            return switch (e.code()) {
                case NOT_FOUND -> VerifyResult.MISSING;
                case CORRUPT -> VerifyResult.CORRUPT;
                default -> throw e;
            };
        }
    }

    /** Deletes; true when the chunk existed. */
    public boolean delete(String id) {
        boolean inSegment = small.delete(ChunkIds.require(id));
        return deleteFile(id) || inSegment;
    }

    private boolean deleteFile(String id) {
        Path file = layout.fileOf(id);
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            long size = dataSizeOrMinusOne(file);
            if (size < 0 || !Files.deleteIfExists(file)) {
                return false;
            }
            DiskIo.fsyncDirectory(file.getParent());
            chunkCount.decrementAndGet();
            usedBytes.addAndGet(-size);
            return true;
        } catch (IOException e) {
            throw DiskIo.internal("delete of chunk " + id, e);
        } finally {
            lock.unlock();
        }
    }

    /** Which of {@code ids} are stored (order kept); every id must be valid. */
    public Set<String> exists(Collection<String> ids) {
        Set<String> present = new LinkedHashSet<>();
        for (String id : ids) {
            if (small.contains(ChunkIds.require(id)) || Files.isRegularFile(layout.fileOf(id))) {
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
        return chunkCount.get() + small.chunkCount();
    }

    /** Data bytes of live chunks (segment space not yet reclaimed by compaction is not counted). */
    public long usedBytes() {
        return usedBytes.get() + small.dataBytes();
    }

    /** Bytes chunks may occupy: what they hold plus the free space above the reserve. */
    public long capacityBytes() {
        return usedBytes() + Math.max(0, usableSpace() - limits.reserveBytes());
    }

    public boolean aboveReserve() {
        return usableSpace() >= limits.reserveBytes();
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
        return direct;
    }

    /**
     * Runs segment compaction in the background every {@code interval}: sealed segments whose live
     * records fill less than {@code liveRatio} are rewritten, at most {@code bytesPerSecond} (see
     * {@link SegmentCompactor}).
     */
    public void startCompaction(double liveRatio, long bytesPerSecond, Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("segment-compaction")
                .daemon().factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                small.compactor(liveRatio, SegmentCompactor.Pacer.rate(bytesPerSecond), SegmentCompactor.StepHook.NONE).compactEligible();
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "segment compaction failed; the next run tries again");
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        compaction = executor;
    }

    /** Stops compaction and closes the segment files; the store is not used afterwards. */
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

    /** Renames the complete temp file into place under the id's lock; the directory fsync makes it durable. */
    private ChunkInfo publish(String id, Path tmp, ChunkHeader header) throws IOException {
        Path file = layout.fileOf(id);
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            long previous = dataSizeOrMinusOne(file);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            long start = System.nanoTime();
            DiskIo.fsyncDirectory(file.getParent());
            metrics.fsyncTook(System.nanoTime() - start);
            if (previous < 0) {
                chunkCount.incrementAndGet();
                usedBytes.addAndGet(header.length());
            } else {
                usedBytes.addAndGet(header.length() - previous);
            }
            return info(id, header, Files.readAttributes(file, BasicFileAttributes.class));
        } finally {
            lock.unlock();
        }
    }

    /** Opens under the id's lock, so the attributes (file key) are those of the file we opened. */
    private OpenedChunk openExisting(String id) {
        ChunkIds.require(id);
        Path file = layout.fileOf(id);
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            FileChannel channel = direct ? DirectIo.openForRead(file) : FileChannel.open(file, StandardOpenOption.READ);
            try {
                return new OpenedChunk(channel, Files.readAttributes(file, BasicFileAttributes.class));
            } catch (IOException e) {
                closeQuietly(channel);
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw StoreException.notFound("chunk " + id + " is not on this node");
        } catch (IOException e) {
            throw DiskIo.internal("open of chunk " + id, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves a corrupt chunk aside so it is never served again and the healer sees it missing. Skipped
     * when the path no longer names the file we checked: a PUT replaced it meanwhile, with good data.
     */
    private StoreException quarantine(String id, OpenedChunk opened, String reason) {
        closeQuietly(opened.channel());
        Path file = layout.fileOf(id);
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            if (Objects.equals(now.fileKey(), opened.attributes().fileKey())) {
                Files.move(file, layout.quarantineFileOf(id, System.currentTimeMillis()), StandardCopyOption.ATOMIC_MOVE);
                DiskIo.fsyncDirectory(file.getParent());
                chunkCount.decrementAndGet();
                usedBytes.addAndGet(-Math.max(0, now.size() - ChunkHeader.SIZE));
            }
        } catch (NoSuchFileException alreadyGone) {
            // deleted or quarantined by a concurrent request
        } catch (IOException e) {
            LOG.errorf(e, "cannot quarantine corrupt chunk %s", id);
        } finally {
            lock.unlock();
        }
        metrics.corruptFound();
        LOG.warnf("chunk %s is corrupt (%s): quarantined", id, reason);
        return new StoreException(ErrorCode.CORRUPT, "chunk " + id + " is corrupt (" + reason + "); quarantined");
    }

    private void recover() throws IOException {
        long[] found = new long[3]; // chunks, bytes, temp files removed
        Files.walkFileTree(layout.chunksDir(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (ChunkLayout.isTempName(file.getFileName().toString())) {
                    // A write that never reached its rename: the PUT was not acknowledged.
                    Files.deleteIfExists(file);
                    found[2]++;
                } else {
                    found[0]++;
                    found[1] += Math.max(0, attributes.size() - ChunkHeader.SIZE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        chunkCount.set(found[0]);
        usedBytes.set(found[1]);
        LOG.infof("chunk store %s: %d chunks, %d bytes; removed %d unfinished writes", layout.chunksDir(), found[0], found[1], found[2]);
    }

    /** New fan-out directories are fsynced into their parents, or a crash could lose a directory of renamed chunks. */
    private Path ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.getParent();
        boolean parentIsNew = !Files.isDirectory(parent);
        Files.createDirectories(dir);
        if (parentIsNew) {
            DiskIo.fsyncDirectory(layout.chunksDir());
        }
        DiskIo.fsyncDirectory(parent);
        return dir;
    }

    private void requireSpace(long incoming) {
        long usable = usableSpace();
        if (usable - incoming < limits.reserveBytes()) {
            throw new StoreException(ErrorCode.INSUFFICIENT_STORAGE, "free space " + usable + " bytes minus " + incoming
                    + " incoming is below the reserve of " + limits.reserveBytes() + " bytes");
        }
    }

    /** While the body streams (see {@link ChunkWriter}): what it wrote already shows in the free space. */
    private void requireSpaceWhileWriting(long written, long stillToCome) {
        long usable = usableSpace();
        if (usable - stillToCome < limits.reserveBytes()) {
            throw new StoreException(ErrorCode.INSUFFICIENT_STORAGE, "free space fell to " + usable + " bytes with "
                    + written + " bytes of this chunk written" + (stillToCome > 0 ? " and " + stillToCome + " to come" : "")
                    + ", below the reserve of " + limits.reserveBytes() + " bytes; nothing stored");
        }
    }

    private long usableSpace() {
        return usableSpace.getAsLong();
    }

    private static LongSupplier volumeSpace(FileStore volume) {
        return () -> {
            try {
                return volume.getUsableSpace();
            } catch (IOException e) {
                throw DiskIo.internal("free space of the data volume", e);
            }
        };
    }

    /** A failed disk write is "out of space" when the volume says so, not when the message says so. */
    private StoreException diskFailure(String what, IOException e) {
        if (!aboveReserve()) {
            return new StoreException(ErrorCode.INSUFFICIENT_STORAGE, what + " failed with the volume below its reserve", e);
        }
        return DiskIo.internal(what, e);
    }

    /** Without an exception for a missing file: every PUT of a new id asks, and exceptions with stack traces are not cheap. */
    private static long dataSizeOrMinusOne(Path file) throws IOException {
        BasicFileAttributes attributes = file.getFileSystem().provider().readAttributesIfExists(file, BasicFileAttributes.class);
        return attributes == null ? -1 : Math.max(0, attributes.size() - ChunkHeader.SIZE);
    }

    private static ChunkInfo info(String id, ChunkHeader header, BasicFileAttributes attributes) {
        return new ChunkInfo(id, header.length(), header.checksumHex(), header.sha256Hex(), attributes.lastModifiedTime().toMillis());
    }

    private ReentrantLock lockOf(String id) {
        return stripes[Math.floorMod(id.hashCode(), STRIPES)];
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to lose
        }
    }
}
