package io.hybridstore.common.erasure;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParityCheckTest {

    @Test
    void everyFlippedByteInTheRangeIsDetected() {
        ReedSolomon rs = ReedSolomon.create(4, 2);
        byte[][] shards = new byte[6][100];
        Random random = new Random(3);
        for (int i = 0; i < 4; i++) {
            random.nextBytes(shards[i]);
        }
        int offset = 10;
        int len = 80;
        rs.encodeParity(shards, offset, len);
        assertTrue(rs.isParityCorrect(shards, offset, len));

        int detected = 0;
        for (int i = 0; i < 6; i++) {
            for (int p = offset; p < offset + len; p++) {
                shards[i][p] ^= (byte) (1 << (p % 8));
                assertFalse(rs.isParityCorrect(shards, offset, len), "flip in shard " + i + " at " + p);
                shards[i][p] ^= (byte) (1 << (p % 8));
                detected++;
            }
        }
        assertEquals(6 * 80, detected);
        assertTrue(rs.isParityCorrect(shards, offset, len));

        shards[0][offset - 1] ^= 1; // outside the checked range
        assertTrue(rs.isParityCorrect(shards, offset, len));
    }

    @Test
    void largeShardsAreCheckedPastTheFirstChunk() {
        ReedSolomon rs = ReedSolomon.create(3, 2);
        int size = 200_000; // more than one 64 KiB comparison chunk
        byte[][] shards = new byte[5][size];
        new Random(5).nextBytes(shards[1]);
        rs.encodeParity(shards, 0, size);
        assertTrue(rs.isParityCorrect(shards, 0, size));
        shards[4][size - 1] ^= 0x40;
        assertFalse(rs.isParityCorrect(shards, 0, size));
    }
}
