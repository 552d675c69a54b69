package io.hybridstore.common.erasure;

/**
 * Arithmetic in GF(2^8) with the field polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and generator 2,
 * the field Backblaze JavaReedSolomon uses. Addition and subtraction are XOR.
 *
 * <p>Tables are built once at class initialisation; every method is a couple of array reads.
 */
final class Galois {

    /** Field size: 256 elements, 255 of them non-zero. */
    static final int FIELD_SIZE = 256;

    /** The field polynomial, including the x^8 term. */
    static final int POLYNOMIAL = 0x11D;

    /** LOG[a] = log_2(a) for a in 1..255; LOG[0] is unused (log 0 is undefined). */
    private static final int[] LOG = new int[FIELD_SIZE];

    /**
     * EXP[i] = 2^i. Twice as long as the multiplicative group so that EXP[LOG[a] + LOG[b]] needs no
     * modulo.
     */
    private static final byte[] EXP = new byte[2 * (FIELD_SIZE - 1)];

    /** MUL[a][b] = a·b. 64 KiB: the reference coding loop reads one row per coefficient. */
    private static final byte[][] MUL = new byte[FIELD_SIZE][FIELD_SIZE];

    static {
        int x = 1;
        for (int i = 0; i < FIELD_SIZE - 1; i++) {
            EXP[i] = (byte) x;
            EXP[i + FIELD_SIZE - 1] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if (x >= FIELD_SIZE) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 0; a < FIELD_SIZE; a++) {
            for (int b = 0; b < FIELD_SIZE; b++) {
                MUL[a][b] = (byte) slowMultiply(a, b);
            }
        }
    }

    private Galois() {
    }

    /** a·b, computed from the log/exp tables (used to fill {@link #MUL}). */
    private static int slowMultiply(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]] & 0xFF;
    }

    static byte add(byte a, byte b) {
        return (byte) (a ^ b);
    }

    static byte multiply(byte a, byte b) {
        return MUL[a & 0xFF][b & 0xFF];
    }

    /** a / b; b must not be zero. */
    static byte divide(byte a, byte b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(2^8)");
        }
        if (a == 0) {
            return 0;
        }
        int diff = LOG[a & 0xFF] - LOG[b & 0xFF];
        return EXP[diff < 0 ? diff + FIELD_SIZE - 1 : diff];
    }

    /** a^n, with 0^0 = 1 (the Vandermonde matrix relies on that). */
    static byte exp(byte a, int n) {
        if (n == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(LOG[a & 0xFF] * n) % (FIELD_SIZE - 1)];
    }

    /**
     * The row of the multiplication table for coefficient {@code c}: {@code row[b] = c·b}. Callers
     * must not modify it.
     */
    static byte[] multiplicationRow(byte c) {
        return MUL[c & 0xFF];
    }
}
