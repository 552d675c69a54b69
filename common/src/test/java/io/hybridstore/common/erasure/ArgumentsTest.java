package io.hybridstore.common.erasure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is rejected with a message that names the bad value, never answered with garbage. */
class ArgumentsTest {

    private final ReedSolomon rs = ReedSolomon.create(4, 2);

    private static void assertRejected(Executable call, String... expectedFragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : expectedFragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
        }
    }

    private static byte[][] shards(int count, int size) {
        return new byte[count][size];
    }

    @Test
    void shapes() {
        assertRejected(() -> ReedSolomon.create(0, 2), "dataShards", "0");
        assertRejected(() -> ReedSolomon.create(4, 0), "parityShards", "0");
        assertRejected(() -> ReedSolomon.create(-3, 2), "-3");
        assertRejected(() -> ReedSolomon.create(200, 57), "257");
        assertRejected(() -> ReedSolomon.create(4, 2, null), "loop");
        assertEquals(256, ReedSolomon.create(200, 56).totalShards());
    }

    @Test
    void shardSets() {
        assertRejected(() -> rs.encodeParity(null, 0, 1), "shards");
        assertRejected(() -> rs.encodeParity(shards(5, 8), 0, 8), "5", "expected 6");
        assertRejected(() -> rs.encodeParity(shards(7, 8), 0, 8), "7", "expected 6");
        byte[][] withNull = shards(6, 8);
        withNull[3] = null;
        assertRejected(() -> rs.encodeParity(withNull, 0, 8), "shard 3 is null");
        byte[][] uneven = shards(6, 8);
        uneven[4] = new byte[9];
        assertRejected(() -> rs.encodeParity(uneven, 0, 8), "shard 4", "9 bytes", "expected 8");
        byte[][] aliased = shards(6, 8);
        aliased[5] = aliased[1];
        assertRejected(() -> rs.encodeParity(aliased, 0, 8), "shard 5", "shard 1");
        assertRejected(() -> rs.isParityCorrect(uneven, 0, 8), "shard 4");
    }

    @Test
    void ranges() {
        assertRejected(() -> rs.encodeParity(shards(6, 8), -1, 4), "offset", "-1");
        assertRejected(() -> rs.encodeParity(shards(6, 8), 0, -2), "len", "-2");
        assertRejected(() -> rs.encodeParity(shards(6, 8), 5, 4), "offset 5", "len 4", "8");
        assertRejected(() -> rs.encodeParity(shards(6, 8), Integer.MAX_VALUE, 2), String.valueOf(Integer.MAX_VALUE));
    }

    @Test
    void presentFlags() {
        assertRejected(() -> rs.decodeMissing(shards(6, 8), null, 0, 8), "present");
        assertRejected(() -> rs.decodeMissing(shards(6, 8), new boolean[5], 0, 8), "present", "5", "expected 6");
        byte[][] presentButNull = shards(6, 8);
        presentButNull[2] = null;
        boolean[] allPresent = new boolean[6];
        Arrays.fill(allPresent, true);
        assertRejected(() -> rs.decodeMissing(presentButNull, allPresent, 0, 8), "shard 2 is null");
    }

    @Test
    void moreThanMMissingIsTooFewShards() {
        byte[][] shards = rs.encode(new byte[] {1, 2, 3, 4, 5});
        boolean[] present = {true, false, true, false, true, false};
        TooFewShardsException e = assertThrows(TooFewShardsException.class,
                () -> rs.decodeMissing(shards, present, 0, shards[0].length));
        assertEquals(3, e.present());
        assertEquals(4, e.required());
        assertTrue(e.getMessage().contains("3 of 6 present"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 4"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);

        byte[][] nulls = rs.encode(new byte[] {1, 2, 3});
        nulls[0] = null;
        nulls[4] = null;
        nulls[5] = null;
        assertThrows(TooFewShardsException.class, () -> rs.decode(nulls, 3));
        assertThrows(TooFewShardsException.class, () -> rs.decode(new byte[6][], 3));
    }

    @Test
    void joinChecksItsInput() {
        assertRejected(() -> Shards.join(shards(4, 3), 4, 20), "3 bytes", "expected 5", "20");
        assertRejected(() -> Shards.join(shards(4, 3), 0, 2), "dataShards", "0");
        assertRejected(() -> Shards.split(null, 4), "data");
        assertRejected(() -> Shards.shardSize(-1, 4), "-1");
    }
}
