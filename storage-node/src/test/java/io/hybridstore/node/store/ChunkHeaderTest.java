package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChunkHeaderTest {

    @Test
    void roundTripsWithAndWithoutSha256() {
        byte[] sha = new byte[32];
        sha[0] = 7;
        for (ChunkHeader header : new ChunkHeader[] {new ChunkHeader(123, 0xCAFEBABE, null), new ChunkHeader(0, 0, sha)}) {
            ByteBuffer encoded = header.encode();
            assertEquals(ChunkHeader.SIZE, encoded.remaining());
            assertEquals(Optional.of(header), ChunkHeader.decode(encoded));
        }
        assertEquals("cafebabe", new ChunkHeader(1, 0xCAFEBABE, null).checksumHex());
    }

    @Test
    void everySingleFlippedBitIsRejected() {
        byte[] bytes = new byte[ChunkHeader.SIZE];
        new ChunkHeader(4096, 0x12345678, new byte[32]).encode().get(bytes);
        int patterns = 0;
        for (int bit = 0; bit < ChunkHeader.SIZE * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertTrue(ChunkHeader.decode(ByteBuffer.wrap(flipped)).isEmpty(), "bit " + bit);
            patterns++;
        }
        assertEquals(512, patterns);
        assertTrue(ChunkHeader.decode(ByteBuffer.wrap(new byte[10])).isEmpty(), "short header");
    }
}
