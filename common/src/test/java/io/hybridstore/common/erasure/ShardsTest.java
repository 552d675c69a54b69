package io.hybridstore.common.erasure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ShardsTest {

    @Test
    void shardSizeIsCeilingWithAMinimumOfOne() {
        assertEquals(1, Shards.shardSize(0, 4));
        assertEquals(1, Shards.shardSize(1, 4));
        assertEquals(1, Shards.shardSize(4, 4));
        assertEquals(2, Shards.shardSize(5, 4));
        assertEquals(2, Shards.shardSize(7, 4));
        assertEquals(1025, Shards.shardSize(4097, 4));
        assertEquals(536_870_912, Shards.shardSize(Integer.MAX_VALUE, 4)); // no int overflow
    }

    @Test
    void splitPadsWithZerosAndJoinTrims() {
        byte[] data = {1, 2, 3, 4, 5, 6, 7};
        byte[][] shards = Shards.split(data, 4);
        assertArrayEquals(new byte[][] {{1, 2}, {3, 4}, {5, 6}, {7, 0}}, shards);
        assertArrayEquals(data, Shards.join(shards, 4, 7));

        byte[][] empty = Shards.split(new byte[0], 3);
        assertArrayEquals(new byte[][] {{0}, {0}, {0}}, empty);
        assertArrayEquals(new byte[0], Shards.join(empty, 3, 0));

        byte[][] tiny = Shards.split(new byte[] {9}, 4); // later shards are pure padding
        assertArrayEquals(new byte[][] {{9}, {0}, {0}, {0}}, tiny);
    }
}
