package io.hybridstore.node.testing;

import io.hybridstore.node.store.ChunkHeader;
import io.hybridstore.node.store.ChunkLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Bitrot on demand: flips one bit of a stored chunk, as a failing disk would. */
public final class Corruption {
    private Corruption() {
    }

    public static void flipDataByte(Path dataDir, String chunkId, long dataOffset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(new ChunkLayout(dataDir).fileOf(chunkId).toFile(), "rw")) {
            long at = ChunkHeader.SIZE + dataOffset;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x10);
        }
    }
}
