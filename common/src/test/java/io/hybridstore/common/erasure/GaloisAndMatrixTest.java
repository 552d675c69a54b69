package io.hybridstore.common.erasure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GaloisAndMatrixTest {

    @Test
    void fieldLaws() {
        for (int a = 0; a < 256; a++) {
            assertEquals(0, Galois.multiply((byte) a, (byte) 0));
            assertEquals((byte) a, Galois.multiply((byte) a, (byte) 1));
            for (int b = 1; b < 256; b++) {
                byte product = Galois.multiply((byte) a, (byte) b);
                assertEquals(product, Galois.multiply((byte) b, (byte) a));
                assertEquals((byte) a, Galois.divide(product, (byte) b), a + "*" + b);
            }
        }
        // 2^8 = x^8 = x^4 + x^3 + x^2 + 1 (mod 0x11D)
        assertEquals((byte) 0x1D, Galois.exp((byte) 2, 8));
        assertEquals((byte) 1, Galois.exp((byte) 0, 0));
        assertEquals((byte) 0, Galois.exp((byte) 0, 3));
        assertThrows(ArithmeticException.class, () -> Galois.divide((byte) 1, (byte) 0));
    }

    @Test
    void inverseTimesMatrixIsIdentity() {
        Matrix v = Matrix.vandermonde(12, 12);
        assertEquals(Matrix.identity(12), v.times(v.invert()));
        Matrix singular = new Matrix(2, 2);
        singular.set(0, 0, (byte) 3);
        singular.set(1, 0, (byte) 5);
        assertThrows(ArithmeticException.class, singular::invert);
    }

    /** The parity rows listed in the vectors' README (common/src/test/resources/vectors/reed-solomon). */
    @ParameterizedTest(name = "{0}+{1}")
    @CsvSource(delimiter = ';', value = {
            "2;1;0302",
            "4;2;1b1c1214 1c1b1412",
            "6;3;070605040302 060704050203 a0dfdfb7fee8",
            "10;4;8196afb8d2c4fee80302 9681b8afc4d2e8fe0203 bfd6620a066fdfb70504 d6bf0a626f06b7df0405"})
    void encodingMatrixMatchesTheReference(int k, int m, String rows) {
        ReedSolomon rs = ReedSolomon.create(k, m);
        String[] expected = rows.split(" ");
        assertEquals(m, expected.length);
        for (int j = 0; j < m; j++) {
            assertArrayEquals(HexFormat.of().parseHex(expected[j]), rs.parityRow(j), "parity row " + j);
        }
    }
}
