package io.hybridstore.node.store;

import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The checks a read makes of an opened chunk file: its header against its own CRC32C and the file's
 * length, its data against the header's CRC32C. A failed check hands the chunk to the store's
 * quarantine, whose exception (CORRUPT) is thrown.
 */
final class ChunkChecks {

    /** Moves the chunk aside and says so; the store keeps its counters right. */
    @FunctionalInterface
    interface Quarantine {
        StoreException of(String id, OpenedChunk opened, String reason);
    }

    private final boolean direct;
    private final IoBuffers buffers;
    private final Quarantine quarantine;

    ChunkChecks(boolean direct, IoBuffers buffers, Quarantine quarantine) {
        this.direct = direct;
        this.buffers = buffers;
        this.quarantine = quarantine;
    }

    /** The header, valid and matching the file's length. */
    ChunkHeader header(String id, OpenedChunk opened) throws IOException {
        Optional<ChunkHeader> header;
        if (direct) {
            ByteBuffer buffer = buffers.take();
            try {
                header = DiskIo.readHeaderDirect(opened.channel(), buffer);
            } finally {
                buffers.give(buffer);
            }
        } else {
            header = DiskIo.readHeader(opened.channel());
        }
        if (header.isEmpty()) {
            throw quarantine.of(id, opened, "header unreadable or fails its checksum");
        }
        long expectedSize = ChunkHeader.SIZE + header.get().length();
        if (opened.channel().size() != expectedSize) {
            throw quarantine.of(id, opened, "file has " + opened.channel().size() + " bytes, header says " + expectedSize);
        }
        return header.get();
    }

    /** Streams the data through its CRC32C (a chunk too large for one buffer). */
    void data(String id, OpenedChunk opened, ChunkHeader header) throws IOException {
        ByteBuffer buffer = buffers.take();
        int crc;
        try {
            crc = DiskIo.dataCrc(opened.channel(), direct, header.length(), buffer);
        } finally {
            buffers.give(buffer);
        }
        checkCrc(id, opened, header, crc);
    }

    /**
     * All the data of a chunk that {@link DiskIo#fitsInBuffer fits} one buffer, checked: the buffer
     * (from {@link IoBuffers}, the caller gives it back) positioned around the data.
     */
    ByteBuffer readWhole(String id, OpenedChunk opened, ChunkHeader header) throws IOException {
        ByteBuffer buffer = buffers.take();
        boolean good = false;
        try {
            ByteBuffer data = DiskIo.readWhole(opened.channel(), direct, header.length(), buffer);
            CRC32C crc = new CRC32C();
            if (data != null) {
                crc.update(data.duplicate());
            }
            // A file shorter than its header says gets a CRC over what is there, which cannot match.
            checkCrc(id, opened, header, data == null ? ~header.crc32c() : (int) crc.getValue());
            good = true;
            return data;
        } finally {
            if (!good) {
                buffers.give(buffer);
            }
        }
    }

    private void checkCrc(String id, OpenedChunk opened, ChunkHeader header, int crc) {
        if (crc != header.crc32c()) {
            throw quarantine.of(id, opened, "data CRC32C " + Long.toHexString(Integer.toUnsignedLong(crc))
                    + " does not match stored " + header.checksumHex());
        }
    }
}
