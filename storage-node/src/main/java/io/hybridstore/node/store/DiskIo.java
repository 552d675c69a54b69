package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/** Small file-system steps the store repeats: full writes, directory fsync, header reads, data CRC. */
final class DiskIo {
    /**
     * Bytes of a chunk file one disk read or write moves: a 1 MiB shard with its header in one
     * piece, so a typical chunk is one write and one read (with O_DIRECT each is one request to
     * the device, and on a VM each request costs an exit to the hypervisor).
     */
    static final int BUFFER = (1 << 20) + DirectIo.ALIGN;
    /** Bytes moved per copy between a request or response body and {@link #BUFFER}. */
    static final int PIECE = 256 * 1024;

    private DiskIo() {
    }

    static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }

    static void writeFully(FileChannel out, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += out.write(data, at);
        }
    }

    /** A rename or a new entry is durable only once the directory holding it is fsynced. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** The header at offset 0, or empty when it is missing or fails its own checksum. */
    static Optional<ChunkHeader> readHeader(FileChannel in) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ChunkHeader.SIZE);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, buffer.position()) < 0) {
                return Optional.empty();
            }
        }
        return ChunkHeader.decode(buffer.flip());
    }

    /** The header through an O_DIRECT channel: one whole block read into {@code buffer} (aligned). */
    static Optional<ChunkHeader> readHeaderDirect(FileChannel in, ByteBuffer buffer) throws IOException {
        buffer.clear().limit(DirectIo.ALIGN);
        int n = in.read(buffer, 0);
        return n < ChunkHeader.SIZE ? Optional.empty() : ChunkHeader.decode(buffer.flip().limit(ChunkHeader.SIZE));
    }

    /** Receives a chunk's data in order; {@code data} is only valid during the call. */
    @FunctionalInterface
    interface DataSink {
        void accept(ByteBuffer data) throws IOException;
    }

    /**
     * Reads the {@code length} data bytes after the header into {@code buffer} (one of {@link IoBuffers},
     * reused for every piece) and hands them to {@code sink}. Through an O_DIRECT channel
     * ({@code direct}) it reads whole aligned blocks from offset 0 and skips the header's bytes.
     * This is the hot loop of GET and verify.
     *
     * @return the data bytes delivered: fewer than {@code length} when the file is shorter than its header says
     */
    static long readData(FileChannel in, boolean direct, long length, ByteBuffer buffer, DataSink sink) throws IOException {
        long end = ChunkHeader.SIZE + length;
        long position = direct ? 0 : ChunkHeader.SIZE;
        long delivered = 0;
        while (position < end) {
            int want = (int) Math.min(BUFFER, end - position);
            buffer.clear().limit(direct ? DirectIo.roundUp(want) : want);
            int n = in.read(buffer, position);
            if (n <= 0) {
                break;
            }
            int from = (int) Math.max(0, ChunkHeader.SIZE - position); // the header, in a direct read's first block
            int to = (int) Math.min(n, end - position);
            if (to > from) {
                sink.accept(buffer.limit(to).position(from));
                delivered += to - from;
            }
            position += n;
            if (direct && n % DirectIo.ALIGN != 0) {
                break; // a short direct read is the end of the file
            }
        }
        return delivered;
    }

    /** Whether a chunk of {@code length} data bytes fits, with its header, in one {@link #BUFFER}. */
    static boolean fitsInBuffer(long length) {
        return ChunkHeader.SIZE + length <= BUFFER;
    }

    /**
     * All {@code length} data bytes of a chunk that {@link #fitsInBuffer fits} into {@code buffer},
     * which is returned with its position and limit around them; null when the file is shorter.
     */
    static ByteBuffer readWhole(FileChannel in, boolean direct, long length, ByteBuffer buffer) throws IOException {
        long end = ChunkHeader.SIZE + length;
        int start = direct ? 0 : ChunkHeader.SIZE; // a direct read starts at block 0, header included
        buffer.clear().limit(direct ? DirectIo.roundUp((int) end) : (int) length);
        while (buffer.hasRemaining()) {
            int n = in.read(buffer, start + buffer.position());
            if (n <= 0 || (direct && buffer.position() >= end)) {
                break;
            }
        }
        int have = buffer.position();
        if (direct ? have < end : have < length) {
            return null;
        }
        return direct ? buffer.limit((int) end).position(ChunkHeader.SIZE) : buffer.flip();
    }

    /** CRC32C of the data bytes after the header (see {@link #readData}). */
    static int dataCrc(FileChannel in, boolean direct, long length, ByteBuffer buffer) throws IOException {
        CRC32C crc = new CRC32C();
        readData(in, direct, length, buffer, crc::update);
        return (int) crc.getValue();
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is removed at the next start
        }
    }

    /** For a channel opened to read: closing it can lose nothing. */
    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to lose
        }
    }

    static StoreException internal(String what, IOException e) {
        return new StoreException(ErrorCode.INTERNAL, what + ": " + e.getMessage(), e);
    }
}
