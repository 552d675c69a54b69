package io.hybridstore.node.testing;

import io.hybridstore.node.store.ChunkHeader;
import io.hybridstore.node.store.ChunkLayout;
import io.hybridstore.node.store.SegmentDamage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Bitrot on demand: flips one bit of a stored chunk, as a failing disk would. */
public final class Corruption {
    private Corruption() {
    }

    /** Damages the header of a small chunk's segment record, or of its file. */
    public static void flipHeaderByte(Path dataDir, String chunkId, long offset) throws IOException {
        if (SegmentDamage.flipHeaderByte(dataDir, chunkId, offset, 0x10)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(new ChunkLayout(dataDir).fileOf(chunkId).toFile(), "rw")) {
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ 0x10);
        }
    }

    /** In the chunk's segment record when it is a small chunk, else in its file. */
    public static void flipDataByte(Path dataDir, String chunkId, long dataOffset) throws IOException {
        if (SegmentDamage.flipDataByte(dataDir, chunkId, dataOffset, 0x10)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(new ChunkLayout(dataDir).fileOf(chunkId).toFile(), "rw")) {
            long at = ChunkHeader.SIZE + dataOffset;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x10);
        }
    }
}
