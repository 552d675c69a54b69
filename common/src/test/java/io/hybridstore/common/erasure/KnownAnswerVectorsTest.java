package io.hybridstore.common.erasure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parity and reconstruction must match Backblaze JavaReedSolomon byte for byte. */
class KnownAnswerVectorsTest {

    static Stream<TestVectors.Vector> vectors() {
        return TestVectors.all().stream();
    }

    @Test
    void allTwentyVectorFilesAreThere() {
        List<String> names = TestVectors.all().stream().map(TestVectors.Vector::name).toList();
        assertEquals(20, names.size(), "vector files found: " + names);
        for (TestVectors.Vector v : TestVectors.all()) {
            assertEquals("rs-" + v.dataShards() + "-" + v.parityShards() + "-" + v.shardSize() + ".json", v.name());
        }
    }

    @Test
    void aMissingVectorFailsInsteadOfBeingSkipped() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestVectors.read("rs-4-2-5.json"));
        assertTrue(e.getMessage().contains("rs-4-2-5.json"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parityMatchesWithEveryLoop(TestVectors.Vector v) {
        assertTrue(CodingLoops.vector().isPresent(), "the vector loop must be available under test");
        for (CodingLoop loop : List.of(CodingLoops.reference(), CodingLoops.vector().orElseThrow())) {
            ReedSolomon rs = ReedSolomon.create(v.dataShards(), v.parityShards(), loop);
            byte[][] shards = Erasures.concat(Erasures.deepCopy(v.data()), new byte[v.parityShards()][v.shardSize()]);
            rs.encodeParity(shards, 0, v.shardSize());
            for (int j = 0; j < v.parityShards(); j++) {
                assertArrayEquals(v.parity()[j], shards[v.dataShards() + j], loop + ": parity " + j);
            }
            assertTrue(rs.isParityCorrect(Erasures.concat(v.data(), v.parity()), 0, v.shardSize()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyErasurePatternUpToParityCountIsRebuilt(TestVectors.Vector v) {
        ReedSolomon rs = ReedSolomon.create(v.dataShards(), v.parityShards());
        byte[][] expected = Erasures.concat(v.data(), v.parity());
        int total = expected.length;
        long patterns = 0;
        long expectedPatterns = 0;
        for (int erased = 1; erased <= v.parityShards(); erased++) {
            expectedPatterns += Erasures.binomial(total, erased);
            for (int[] missing : Erasures.combinations(total, erased)) {
                byte[][] shards = Erasures.deepCopy(expected);
                boolean[] present = new boolean[total];
                Arrays.fill(present, true);
                for (int i : missing) {
                    present[i] = false;
                    Arrays.fill(shards[i], (byte) 0x5A);
                }
                rs.decodeMissing(shards, present, 0, v.shardSize());
                for (int i = 0; i < total; i++) {
                    assertArrayEquals(expected[i], shards[i], "shard " + i + " after erasing " + Arrays.toString(missing));
                }
                patterns++;
            }
        }
        assertEquals(expectedPatterns, patterns);
        assertTrue(patterns >= total, "at least every single-shard erasure");
    }
}
