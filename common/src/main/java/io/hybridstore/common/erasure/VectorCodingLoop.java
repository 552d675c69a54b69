package io.hybridstore.common.erasure;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

/**
 * The SIMD loop, on the incubating Vector API ({@code --add-modules=jdk.incubator.vector}).
 *
 * <p>Technique (split nibbles): for a fixed coefficient c, c·x = c·(x & 0x0F) XOR c·(x & 0xF0), so
 * two 16-entry tables per coefficient cover all 256 inputs. A vector of input bytes is split into
 * its low and high nibbles; each nibble vector indexes its table with {@code selectFrom} (one
 * permute instruction where the CPU has it), and the two results are XORed into the accumulator.
 * Bytes past the last whole vector go through {@link ReferenceCodingLoop}.
 *
 * <p>Only {@link CodingLoops} refers to this class, and only after checking that the module is in
 * the boot layer, so a JVM without the module never loads it.
 *
 * <p>This is the inner loop; measure before changing it (bench/run-codec-bench.sh). Vectors must not
 * escape the kernels: a vector that is not scalar-replaced gets boxed and the loop runs about
 * ten times slower.
 */
final class VectorCodingLoop implements CodingLoop {

    /** The widest species the CPU supports, chosen when this class initialises. */
    static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    private static final int LANES = SPECIES.length();

    /**
     * Positions are processed in blocks so that the inputs of a block stay in L1/L2 cache while all
     * outputs are computed from them.
     */
    private static final int BLOCK_BYTES = 4096;

    /**
     * LOW_TABLES[c * LANES + n] = c·(n mod 16) and HIGH_TABLES[c * LANES + n] = c·((n mod 16) << 4):
     * the 16-entry table repeated across a whole vector, so one aligned-size load gives it for any
     * species.
     */
    private static final byte[] LOW_TABLES = new byte[Galois.FIELD_SIZE * LANES];
    private static final byte[] HIGH_TABLES = new byte[Galois.FIELD_SIZE * LANES];

    static {
        for (int c = 0; c < Galois.FIELD_SIZE; c++) {
            for (int n = 0; n < LANES; n++) {
                LOW_TABLES[c * LANES + n] = Galois.multiply((byte) c, (byte) (n & 0x0F));
                HIGH_TABLES[c * LANES + n] = Galois.multiply((byte) c, (byte) ((n & 0x0F) << 4));
            }
        }
    }

    static final VectorCodingLoop INSTANCE = new VectorCodingLoop();

    private VectorCodingLoop() {
    }

    /** The nibble tables need at least 16 lanes; narrower species (none on x86-64 or AArch64) cannot use this loop. */
    static boolean isUsable() {
        return LANES >= 16;
    }

    @Override
    public void code(byte[][] matrixRows, byte[][] inputs, int inOffset, byte[][] outputs, int outOffset, int len) {
        int inputCount = inputs.length;
        int outputCount = outputs.length;
        int vectorEnd = SPECIES.loopBound(len);
        if (vectorEnd > 0) {
            // tables[i * outputCount + j]: where coefficient (j, i) starts in LOW_TABLES / HIGH_TABLES.
            int[] tables = new int[inputCount * outputCount];
            for (int i = 0; i < inputCount; i++) {
                for (int j = 0; j < outputCount; j++) {
                    tables[i * outputCount + j] = (matrixRows[j][i] & 0xFF) * LANES;
                }
            }
            for (int blockStart = 0; blockStart < vectorEnd; blockStart += BLOCK_BYTES) {
                int blockLen = Math.min(vectorEnd - blockStart, BLOCK_BYTES);
                int in = inOffset + blockStart;
                int out = outOffset + blockStart;
                int j = 0;
                for (; j + 4 <= outputCount; j += 4) {
                    code4(tables, outputCount, j, inputs, in,
                            outputs[j], outputs[j + 1], outputs[j + 2], outputs[j + 3], out, blockLen);
                }
                for (; j + 2 <= outputCount; j += 2) {
                    code2(tables, outputCount, j, inputs, in, outputs[j], outputs[j + 1], out, blockLen);
                }
                if (j < outputCount) {
                    code1(tables, outputCount, j, inputs, in, outputs[j], out, blockLen);
                }
            }
        }
        if (vectorEnd < len) {
            ReferenceCodingLoop.INSTANCE.code(matrixRows, inputs, inOffset + vectorEnd,
                    outputs, outOffset + vectorEnd, len - vectorEnd);
        }
    }

    // The three kernels below differ only in how many outputs share one pass over the inputs: each
    // input vector is loaded and split into nibbles once, then multiplied into every accumulator.
    // Kept as separate flat methods (no arrays of vectors) so that C2 keeps all vectors in registers.

    private static void code4(int[] tables, int stride, int j, byte[][] inputs, int inOffset,
                              byte[] out0, byte[] out1, byte[] out2, byte[] out3, int outOffset, int len) {
        for (int p = 0; p < len; p += LANES) {
            ByteVector acc0 = ByteVector.zero(SPECIES);
            ByteVector acc1 = acc0;
            ByteVector acc2 = acc0;
            ByteVector acc3 = acc0;
            for (int i = 0, t = j; i < inputs.length; i++, t += stride) {
                ByteVector in = ByteVector.fromArray(SPECIES, inputs[i], inOffset + p);
                ByteVector low = lowNibbles(in);
                ByteVector high = highNibbles(in);
                acc0 = acc0.lanewise(XOR, multiply(low, high, tables[t]));
                acc1 = acc1.lanewise(XOR, multiply(low, high, tables[t + 1]));
                acc2 = acc2.lanewise(XOR, multiply(low, high, tables[t + 2]));
                acc3 = acc3.lanewise(XOR, multiply(low, high, tables[t + 3]));
            }
            acc0.intoArray(out0, outOffset + p);
            acc1.intoArray(out1, outOffset + p);
            acc2.intoArray(out2, outOffset + p);
            acc3.intoArray(out3, outOffset + p);
        }
    }

    private static void code2(int[] tables, int stride, int j, byte[][] inputs, int inOffset,
                              byte[] out0, byte[] out1, int outOffset, int len) {
        for (int p = 0; p < len; p += LANES) {
            ByteVector acc0 = ByteVector.zero(SPECIES);
            ByteVector acc1 = acc0;
            for (int i = 0, t = j; i < inputs.length; i++, t += stride) {
                ByteVector in = ByteVector.fromArray(SPECIES, inputs[i], inOffset + p);
                ByteVector low = lowNibbles(in);
                ByteVector high = highNibbles(in);
                acc0 = acc0.lanewise(XOR, multiply(low, high, tables[t]));
                acc1 = acc1.lanewise(XOR, multiply(low, high, tables[t + 1]));
            }
            acc0.intoArray(out0, outOffset + p);
            acc1.intoArray(out1, outOffset + p);
        }
    }

    private static void code1(int[] tables, int stride, int j, byte[][] inputs, int inOffset,
                              byte[] out0, int outOffset, int len) {
        for (int p = 0; p < len; p += LANES) {
            ByteVector acc0 = ByteVector.zero(SPECIES);
            for (int i = 0, t = j; i < inputs.length; i++, t += stride) {
                ByteVector in = ByteVector.fromArray(SPECIES, inputs[i], inOffset + p);
                acc0 = acc0.lanewise(XOR, multiply(lowNibbles(in), highNibbles(in), tables[t]));
            }
            acc0.intoArray(out0, outOffset + p);
        }
    }

    private static ByteVector lowNibbles(ByteVector in) {
        return in.and((byte) 0x0F);
    }

    /** Shifting 16-bit lanes is one instruction; a byte-lane shift is emulated on x86. */
    private static ByteVector highNibbles(ByteVector in) {
        return in.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    /** c·x for every lane, given x split into nibbles and c's table position. */
    private static ByteVector multiply(ByteVector low, ByteVector high, int table) {
        return low.selectFrom(ByteVector.fromArray(SPECIES, LOW_TABLES, table))
                .lanewise(XOR, high.selectFrom(ByteVector.fromArray(SPECIES, HIGH_TABLES, table)));
    }

    @Override
    public String toString() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
