package io.hybridstore.common.erasure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every way of losing 1..m shards, for the shapes hybridstore uses or may use. */
class ErasurePatternsTest {

    /** Not a multiple of any vector width, so both the SIMD body and the scalar tail run. */
    private static final int SHARD_SIZE = 203;
    private static final int OFFSET = 5;
    private static final int LEN = 190;

    @ParameterizedTest(name = "{0}+{1}: {2} patterns")
    @CsvSource({"4, 2, 21", "6, 3, 129", "10, 4, 1470"})
    void everyPatternUpToMIsRebuilt(int k, int m, int expectedPatterns) {
        ReedSolomon rs = ReedSolomon.create(k, m);
        Random random = new Random(k * 31L + m);
        byte[][] original = new byte[k + m][SHARD_SIZE];
        for (int i = 0; i < k; i++) {
            random.nextBytes(original[i]);
        }
        rs.encodeParity(original, OFFSET, LEN);

        int patterns = 0;
        for (int erased = 1; erased <= m; erased++) {
            for (int[] missing : Erasures.combinations(k + m, erased)) {
                byte[][] shards = Erasures.deepCopy(original);
                boolean[] present = new boolean[k + m];
                Arrays.fill(present, true);
                for (int i : missing) {
                    present[i] = false;
                    // Alternate between garbage-filled buffers and null (allocated by the codec).
                    if (patterns % 2 == 0) {
                        random.nextBytes(shards[i]);
                    } else {
                        shards[i] = null;
                    }
                }
                rs.decodeMissing(shards, present, OFFSET, LEN);
                for (int i = 0; i < k + m; i++) {
                    assertArrayEquals(Arrays.copyOfRange(original[i], OFFSET, OFFSET + LEN),
                            Arrays.copyOfRange(shards[i], OFFSET, OFFSET + LEN),
                            "shard " + i + " after erasing " + Arrays.toString(missing));
                }
                patterns++;
            }
        }
        assertEquals(expectedPatterns, patterns);
    }
}
