package io.hybridstore.common.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The shard ids derived once per part are the ids derived one by one. */
class ChunkIdsTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void aPartsShardIdsAreTheOnesDerivedOneByOne() {
        int compared = 0;
        for (int k = 1; k <= 6; k++) {
            for (int m = 0; m <= 3; m++) {
                IntFunction<String> cold = ChunkIds.coldShards(SHA, k, m);
                IntFunction<String> stripe = ChunkIds.stripeShards("upload-7", 3, k, m);
                for (int i = k + m - 1; i >= 0; i--) { // not in order: the base is built by whichever comes first
                    assertEquals(ChunkIds.coldShard(SHA, k, m, i), cold.apply(i));
                    assertEquals(ChunkIds.stripeShard("upload-7", 3, k, m, i), stripe.apply(i));
                    compared += 2;
                }
            }
        }
        assertEquals(240, compared, "k 1-6 by m 0-3, every index (120), cold and stripe");
    }

    @Test
    void anIndexOutsideThePartOrAHashThatIsNotHexIsRefusedAsBefore() {
        IntFunction<String> cold = ChunkIds.coldShards(SHA, 4, 2);
        assertThrows(IllegalArgumentException.class, () -> cold.apply(6));
        assertThrows(IllegalArgumentException.class, () -> cold.apply(-1));
        assertEquals("c-" + SHA + "-4-2-5", cold.apply(5));
        IntFunction<String> notHex = ChunkIds.coldShards(SHA.toUpperCase(), 4, 2);
        assertThrows(IllegalArgumentException.class, () -> notHex.apply(0));
        assertThrows(IllegalArgumentException.class, () -> notHex.apply(1), "refused on every call, not only the first");
        assertThrows(IllegalArgumentException.class, () -> ChunkIds.stripeShards("no/slash", 0, 4, 2).apply(0));
    }
}
