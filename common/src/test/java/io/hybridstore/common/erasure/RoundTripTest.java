package io.hybridstore.common.erasure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole buffers through encode, random loss of up to m shards, and decode. */
class RoundTripTest {

    private static final int[][] SHAPES = {{4, 2}, {6, 3}, {10, 4}, {2, 1}, {17, 3}};

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 2, 7, 63, 64, 65, 127, 1000, 4095, 4096, 4097, 65_537, 300_007})
    void bufferSurvivesLosingUpToMShards(int size) {
        Random random = new Random(size);
        byte[] data = new byte[size];
        random.nextBytes(data);
        for (int[] shape : SHAPES) {
            ReedSolomon rs = ReedSolomon.create(shape[0], shape[1]);
            byte[][] shards = rs.encode(data);
            assertEquals(rs.totalShards(), shards.length);
            assertEquals(Shards.shardSize(size, shape[0]), shards[0].length);
            assertTrue(rs.isParityCorrect(shards, 0, shards[0].length));

            int lose = 1 + random.nextInt(shape[1]);
            for (int n = 0; n < lose; n++) {
                shards[random.nextInt(shards.length)] = null; // may hit the same shard twice: fewer losses
            }
            byte[] back = rs.decode(shards, size);
            assertArrayEquals(data, back, rs + " lost " + lose);
            assertTrue(rs.isParityCorrect(shards, 0, shards[0].length), "rebuilt shards are consistent");
        }
    }
}
