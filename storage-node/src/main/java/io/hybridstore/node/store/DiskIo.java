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
    static final int BUFFER = 256 * 1024;

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

    /** CRC32C of {@code length} data bytes after the header. This is the hot loop of GET and verify. */
    static int dataCrc(FileChannel in, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(length, 1)));
        long position = ChunkHeader.SIZE;
        long end = ChunkHeader.SIZE + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = in.read(buffer, position);
            if (n < 0) {
                break; // shorter than the header says: the CRC will not match
            }
            position += n;
            crc.update(buffer.flip());
        }
        return (int) crc.getValue();
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is removed at the next start
        }
    }

    static StoreException internal(String what, IOException e) {
        return new StoreException(ErrorCode.INTERNAL, what + ": " + e.getMessage(), e);
    }
}
