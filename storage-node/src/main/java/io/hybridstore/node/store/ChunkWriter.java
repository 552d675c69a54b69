package io.hybridstore.node.store;

import io.hybridstore.common.digest.Sha256;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Steps 1–2 of the write path (see {@link ChunkFiles}): the body goes to a temp file as it
 * arrives — never held whole in memory — while its CRC32C (and SHA-256, when the client sent one)
 * is computed; then the header is written at offset 0 and the file fsynced. Any failure leaves a
 * temp file the caller deletes; nothing here touches the chunk's real name.
 *
 * <p>Free space is checked again while the body streams, every {@link #SPACE_CHECK_INTERVAL} bytes,
 * and once more when it has all arrived: the check before the first byte only knows a declared
 * length, and a chunked body (no Content-Length) declares none, so without these a chunked PUT could
 * fill the volume past its reserve. Concurrent PUTs can each overshoot by at most one interval.
 */
final class ChunkWriter {
    /** Bytes between two free-space checks while streaming; a check is one statfs call, cheap next to writing 1 MiB. */
    static final long SPACE_CHECK_INTERVAL = 1 << 20;

    /** Refuses, with INSUFFICIENT_STORAGE, when the volume is (or with {@code stillToCome} more bytes would be) below its reserve. */
    @FunctionalInterface
    interface SpaceCheck {
        void require(long written, long stillToCome);
    }

    private final long maxChunkSize;
    private final StoreMetrics metrics;
    private final SpaceCheck space;
    private final boolean direct;
    private final IoBuffers buffers;

    /** @param direct write through O_DIRECT ({@link DirectIo}); the caller has checked the file system allows it */
    ChunkWriter(long maxChunkSize, StoreMetrics metrics, SpaceCheck space, boolean direct, IoBuffers buffers) {
        this.maxChunkSize = maxChunkSize;
        this.metrics = metrics;
        this.space = space;
        this.direct = direct;
        this.buffers = buffers;
    }

    /** What the client said the body is: its SHA-256 and its CRC32C, each null when not sent. */
    record Expected(byte[] sha256, Long crc32c) {
        /** Refuses (400, nothing stored) a body whose checksums are not the ones the client sent; {@code sha256} null when none was asked for. */
        void check(long crc32c, byte[] sha256) {
            if (this.sha256 != null && !MessageDigest.isEqual(this.sha256, sha256)) {
                throw StoreException.badRequest("body does not match X-Content-SHA256: got "
                        + HexFormat.of().formatHex(sha256) + ", nothing stored");
            }
            if (this.crc32c != null && this.crc32c != crc32c) {
                throw StoreException.badRequest("body does not match X-Chunk-CRC32C: got " + Long.toHexString(crc32c) + ", nothing stored");
            }
        }

        /** SHA-256 of {@code data} when the client sent one to compare with; null otherwise. */
        byte[] sha256Of(byte[] data) {
            return sha256 == null ? null : SMALL_CHUNK_SHA256.get().digest(data);
        }
    }

    /**
     * One digest per thread for a small chunk's check, used whole in one {@code digest(data)} call (which
     * resets it): {@code MessageDigest.getInstance} looks the provider up on every call, and a batch
     * checks every one of its chunks (half of the SHA-256 samples of a node's write path, session 20).
     */
    private static final ThreadLocal<MessageDigest> SMALL_CHUNK_SHA256 = ThreadLocal.withInitial(ChunkWriter::sha256);

    /** Refuses what can be refused before reading a byte: a declared length over the maximum, a malformed checksum. */
    Expected checkUpFront(long declaredLength, String sha256Hex, String crc32cHex) {
        if (declaredLength > maxChunkSize) {
            throw tooLarge(declaredLength);
        }
        return new Expected(parseSha256(sha256Hex), parseCrc32c(crc32cHex));
    }

    /** Streams {@code body} into {@code tmp}, checks it, writes the header and fsyncs; returns the header. */
    ChunkHeader writeTemp(Path tmp, InputStream body, long declaredLength, Expected expected) throws IOException {
        byte[] expectedSha = expected.sha256();
        ByteBuffer buffer = buffers.take();
        try (FileChannel out = direct ? FileChannel.open(tmp, DirectIo.newFileOptions())
                : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            BlockOutput file = new BlockOutput(out, buffer);
            CRC32C crc = new CRC32C();
            MessageDigest sha = expectedSha == null ? null : sha256();
            byte[] piece = new byte[DiskIo.PIECE];
            long total = 0;
            long nextSpaceCheck = SPACE_CHECK_INTERVAL;
            for (int n; (n = readBody(body, piece)) != -1; ) {
                total += n;
                if (total > maxChunkSize) { // a chunked body has no length to check up front
                    throw tooLarge(total);
                }
                crc.update(piece, 0, n);
                if (sha != null) {
                    sha.update(piece, 0, n);
                }
                file.write(piece, n);
                if (total >= nextSpaceCheck) { // what is on disk already counts against the volume's free space
                    space.require(total, Math.max(0, declaredLength - total) + file.buffered());
                    nextSpaceCheck = total + SPACE_CHECK_INTERVAL;
                }
            }
            if (declaredLength >= 0 && total != declaredLength) {
                throw StoreException.badRequest("body has " + total + " bytes, Content-Length said " + declaredLength);
            }
            space.require(total, file.buffered()); // the last check before the rename: a small chunked body met none above
            byte[] actualSha = sha == null ? null : sha.digest();
            expected.check(crc.getValue(), actualSha);
            ChunkHeader header = new ChunkHeader(total, (int) crc.getValue(), actualSha);
            file.finish(header);
            long start = System.nanoTime();
            out.force(true);
            metrics.fsyncTook(System.nanoTime() - start);
            return header;
        } finally {
            buffers.give(buffer);
        }
    }

    /**
     * The file as it is written: the header's room first, then the data, gathered in {@code buffer}
     * and written a whole buffer at a time. Buffered, the header is written in place at the end.
     * Through O_DIRECT every write is whole blocks at block positions: the last block is padded with
     * zeros, the first block is written again with the header in it, and the file is cut to its real
     * length.
     */
    private final class BlockOutput {
        private final FileChannel out;
        private final ByteBuffer buffer;
        private final byte[] firstBlock = new byte[DirectIo.ALIGN];
        private long flushed; // file bytes written so far; a multiple of the buffer size

        BlockOutput(FileChannel out, ByteBuffer buffer) {
            this.out = out;
            this.buffer = buffer;
            buffer.clear().limit(DiskIo.BUFFER);
            buffer.put(new byte[ChunkHeader.SIZE]); // the header's room, written at the end
        }

        /** Bytes received but not on disk yet: they take free space only when written. */
        long buffered() {
            return buffer.position();
        }

        void write(byte[] data, int length) throws IOException {
            for (int at = 0; at < length; ) {
                int n = Math.min(buffer.remaining(), length - at);
                buffer.put(data, at, n);
                at += n;
                if (!buffer.hasRemaining()) {
                    flush();
                }
            }
        }

        void finish(ChunkHeader header) throws IOException {
            long length = ChunkHeader.SIZE + header.length();
            if (!direct) {
                flush();
                DiskIo.writeFully(out, header.encode(), 0);
                return;
            }
            boolean allInBuffer = flushed == 0;
            if (allInBuffer) {
                buffer.put(0, header.encode(), 0, ChunkHeader.SIZE);
            }
            padToBlock();
            flush();
            if (!allInBuffer) { // the first block went out with the header's room empty
                buffer.clear().limit(DirectIo.ALIGN);
                buffer.put(firstBlock).put(0, header.encode(), 0, ChunkHeader.SIZE).flip();
                DiskIo.writeFully(out, buffer, 0);
            }
            out.truncate(length); // drop the padding
        }

        private void padToBlock() {
            int end = DirectIo.roundUp(buffer.position());
            while (buffer.position() < end) {
                buffer.put((byte) 0);
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            if (flushed == 0 && direct) {
                buffer.get(0, firstBlock, 0, Math.min(DirectIo.ALIGN, buffer.limit()));
            }
            int n = buffer.remaining();
            DiskIo.writeFully(out, buffer, flushed);
            flushed += n;
            buffer.clear().limit(DiskIo.BUFFER);
        }
    }

    /** The request body failing (client gone, connection reset) is the client's problem, not the disk's. */
    private static int readBody(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.BAD_REQUEST, "request body ended early: " + e.getMessage(), e);
        }
    }

    StoreException tooLarge(long size) {
        return new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "chunk of " + size + "+ bytes exceeds the maximum of "
                + maxChunkSize + " bytes");
    }

    private static byte[] parseSha256(String hex) {
        if (hex == null || hex.isEmpty()) {
            return null;
        }
        try {
            if (hex.length() == 64) {
                return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
            }
        } catch (IllegalArgumentException notHex) {
            // answered below
        }
        throw StoreException.badRequest("X-Content-SHA256 must be 64 hex digits");
    }

    private static Long parseCrc32c(String hex) {
        if (hex == null || hex.isEmpty()) {
            return null;
        }
        if (hex.length() <= 8) {
            try {
                return Long.parseLong(hex, 16);
            } catch (NumberFormatException notHex) {
                // answered below
            }
        }
        throw StoreException.badRequest("X-Chunk-CRC32C must be 1 to 8 hex digits");
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
