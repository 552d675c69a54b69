package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Chunks in files of their own, one per chunk (layout in {@link ChunkLayout}, format in
 * {@link ChunkHeader}): the larger chunks (blob stripe shards), and small ones written before the
 * segment log existed.
 *
 * <p>The write path, and what a crash at each point leaves behind (steps 1–2 are {@link ChunkWriter}):
 * <ol>
 * <li>stream the body into {@code ~uuid.tmp} in the chunk's own directory (same file system, so the
 *     rename below is atomic), computing CRC32C — and SHA-256 when the client sent one — as bytes arrive;</li>
 * <li>write the header at offset 0 and fsync the file; a crash up to here leaves only a temp file,
 *     which {@link #recover} deletes at the next start;</li>
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
final class ChunkFiles {
    private static final Logger LOG = Logger.getLogger(ChunkFiles.class);
    private static final int STRIPES = 64;

    private final ChunkLayout layout;
    private final ChunkTree tree;
    private final VolumeSpace space;
    private final StoreMetrics metrics;
    private final ChunkWriter writer;
    /** Chunk data through O_DIRECT ({@link DirectIo}); false when configured off or the file system refuses it. */
    private final boolean direct;
    private final IoBuffers buffers = new IoBuffers(16);
    /** Chunks handed out by {@link #read} and not closed yet (an open file each, maybe a pooled buffer). */
    private final AtomicInteger openReads = new AtomicInteger();
    private final ChunkChecks checks;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final AtomicLong chunkCount = new AtomicLong();
    private final AtomicLong usedBytes = new AtomicLong();

    ChunkFiles(ChunkLayout layout, long maxChunkSize, VolumeSpace space, StoreMetrics metrics, boolean direct) {
        this.layout = layout;
        this.tree = new ChunkTree(layout);
        this.space = space;
        this.metrics = metrics;
        this.direct = direct;
        this.writer = new ChunkWriter(maxChunkSize, metrics, space::requireWhileWriting, direct, buffers);
        this.checks = new ChunkChecks(direct, buffers, this::quarantine);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Refuses what can be refused before reading a byte: a declared length over the maximum, a malformed checksum. */
    ChunkWriter.Expected checkUpFront(long declaredLength, String sha256Hex, String crc32cHex) {
        return writer.checkUpFront(declaredLength, sha256Hex, crc32cHex);
    }

    /** Writes the body as chunk {@code id}'s file (steps 1–3 above); returns once it is durable. */
    ChunkInfo put(String id, InputStream body, long declaredLength, ChunkWriter.Expected expected) {
        Path tmp = null;
        try {
            Path dir = tree.ensureDirectory(layout.dirOf(id));
            tmp = layout.newTempIn(dir);
            ChunkHeader header = writer.writeTemp(tmp, body, declaredLength, expected);
            ChunkInfo info = publish(id, tmp, header);
            tmp = null; // renamed: nothing to delete (a delete of a missing file costs an exception inside the JDK)
            metrics.bytesIn(header.length());
            return info;
        } catch (IOException e) {
            throw space.failure("write of chunk " + id, e);
        } finally {
            if (tmp != null) {
                DiskIo.deleteQuietly(tmp);
            }
        }
    }

    /**
     * Opens a chunk file for reading after checking its whole data against the stored CRC32C. A chunk
     * that fits in one buffer (a 1 MiB shard does) is read once and served from that buffer; a larger
     * one is read again as it is served. NOT_FOUND when there is no file.
     */
    VerifiedChunk read(String id) {
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
                DiskIo.closeQuietly(opened.channel());
                if (held != null) {
                    buffers.give(held);
                }
            }
        }
    }

    /** Size and checksums from the header only; a header that fails its own check is corruption. */
    Optional<ChunkInfo> head(String id) {
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

    /** Deletes the chunk's file, durably; true when there was one. */
    boolean delete(String id) {
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

    /**
     * A small chunk now in a segment supersedes a file an older write left (reads look in the segments
     * first). With no chunk file at all there is nothing to look for: the path (a SHA-256 of the id)
     * and its stat were 5 % of a node's Java CPU samples under small-document writes (session 18).
     */
    void dropCopy(String id) {
        if (chunkCount.get() > 0 && Files.exists(layout.fileOf(id))) {
            delete(id);
        }
    }

    boolean contains(String id) {
        return Files.isRegularFile(layout.fileOf(id));
    }

    long chunkCount() {
        return chunkCount.get();
    }

    long usedBytes() {
        return usedBytes.get();
    }

    boolean direct() {
        return direct;
    }

    int openReads() {
        return openReads.get();
    }

    int borrowedBuffers() {
        return buffers.borrowed();
    }

    /** Deletes the temp files a crash left behind (writes never acknowledged) and counts the chunks ({@link ChunkTree}). */
    void recover() throws IOException {
        ChunkTree.Counted found = tree.recover();
        chunkCount.set(found.chunks());
        usedBytes.set(found.bytes());
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
        Path file = layout.fileOf(id);
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            FileChannel channel = direct ? DirectIo.openForRead(file) : FileChannel.open(file, StandardOpenOption.READ);
            try {
                return new OpenedChunk(channel, Files.readAttributes(file, BasicFileAttributes.class));
            } catch (IOException e) {
                DiskIo.closeQuietly(channel);
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
        DiskIo.closeQuietly(opened.channel());
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
}
