package io.hybridstore.common.erasure;

/**
 * The plain loop: one 256-entry multiplication-table row per coefficient, one byte at a time. It is
 * the yardstick the fast loop is checked and measured against (the same shape as Backblaze's
 * InputOutputByteTableCodingLoop), and the loop used when the Vector API is unavailable.
 */
final class ReferenceCodingLoop implements CodingLoop {

    static final ReferenceCodingLoop INSTANCE = new ReferenceCodingLoop();

    private ReferenceCodingLoop() {
    }

    @Override
    public void code(byte[][] matrixRows, byte[][] inputs, int inOffset, byte[][] outputs, int outOffset, int len) {
        for (int i = 0; i < inputs.length; i++) {
            byte[] input = inputs[i];
            for (int j = 0; j < outputs.length; j++) {
                byte[] output = outputs[j];
                byte[] table = Galois.multiplicationRow(matrixRows[j][i]);
                if (i == 0) {
                    for (int p = 0; p < len; p++) {
                        output[outOffset + p] = table[input[inOffset + p] & 0xFF];
                    }
                } else {
                    for (int p = 0; p < len; p++) {
                        output[outOffset + p] ^= table[input[inOffset + p] & 0xFF];
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "reference";
    }
}
