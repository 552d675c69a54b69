package io.hybridstore.common.erasure;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vector loop must produce exactly what the reference loop produces. */
class CodingLoopCrossCheckTest {

    private static CodingLoop fast;

    @BeforeAll
    static void vectorLoopIsAvailable() {
        // surefire runs with --add-modules=jdk.incubator.vector: a missing vector loop here is a bug,
        // and skipping would leave the fast path untested.
        assertTrue(CodingLoops.vector().isPresent(), "vector loop not available");
        fast = CodingLoops.vector().orElseThrow();
        assertEquals(fast, CodingLoops.best());
    }

    @Test
    void everyCoefficientTimesEveryByte() {
        // One input holding all 256 byte values (a few times over, past a 512-bit vector), one output
        // per coefficient: checks all 65,536 products and both nibble tables exhaustively.
        int len = 256 * 3 + 17;
        byte[] input = new byte[len];
        for (int p = 0; p < len; p++) {
            input[p] = (byte) (p * 7 + p / 256);
        }
        byte[][] rows = new byte[256][];
        byte[][] outputs = new byte[256][len];
        for (int c = 0; c < 256; c++) {
            rows[c] = new byte[] {(byte) c};
        }
        fast.code(rows, new byte[][] {input}, 0, outputs, 0, len);
        for (int c = 0; c < 256; c++) {
            for (int p = 0; p < len; p++) {
                assertEquals(Galois.multiply((byte) c, input[p]), outputs[c][p], "c=" + c + " p=" + p);
            }
        }
    }

    @Test
    void randomMatricesLengthsAndOffsets() {
        Random random = new Random(42);
        int cases = 0;
        int[] lengths = new int[260 + 6];
        for (int i = 0; i < 260; i++) {
            lengths[i] = i;
        }
        int[] big = {511, 4095, 4096 + 63, 8192 + 1, 12_345, 70_001};
        System.arraycopy(big, 0, lengths, 260, big.length);
        for (int len : lengths) {
            int inputs = 1 + random.nextInt(12);
            int outputs = 1 + random.nextInt(7); // exercises the 4-, 2- and 1-output kernels
            int inOffset = random.nextInt(4) == 0 ? 0 : random.nextInt(70);
            int outOffset = random.nextInt(4) == 0 ? 0 : random.nextInt(70);
            byte[][] rows = new byte[outputs][inputs];
            for (byte[] row : rows) {
                random.nextBytes(row);
            }
            byte[][] in = new byte[inputs][inOffset + len + random.nextInt(3)];
            for (byte[] shard : in) {
                random.nextBytes(shard);
            }
            byte[][] expected = new byte[outputs][outOffset + len];
            byte[][] actual = new byte[outputs][outOffset + len];
            for (int j = 0; j < outputs; j++) {
                random.nextBytes(actual[j]); // outputs are overwritten, never accumulated into
                System.arraycopy(actual[j], 0, expected[j], 0, outOffset);
            }
            CodingLoops.reference().code(rows, in, inOffset, expected, outOffset, len);
            fast.code(rows, in, inOffset, actual, outOffset, len);
            for (int j = 0; j < outputs; j++) {
                assertArrayEquals(expected[j], actual[j],
                        "len=" + len + " inputs=" + inputs + " outputs=" + outputs + " output " + j);
            }
            cases++;
        }
        assertEquals(266, cases);
    }

    @Test
    void bothLoopsGiveTheSameShardsThroughTheCodec() {
        Random random = new Random(7);
        for (int size : new int[] {1, 63, 64, 65, 1000, 4097, 65_536 + 31}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            byte[][] viaReference = ReedSolomon.create(10, 4, CodingLoops.reference()).encode(data);
            byte[][] viaFast = ReedSolomon.create(10, 4, fast).encode(data);
            for (int i = 0; i < viaFast.length; i++) {
                assertArrayEquals(viaReference[i], viaFast[i], "size " + size + " shard " + i);
            }
        }
    }
}
