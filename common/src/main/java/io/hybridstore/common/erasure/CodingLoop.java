package io.hybridstore.common.erasure;

/**
 * The inner loop of the codec: multiply a small coefficient matrix by a set of shard byte ranges.
 *
 * <p>For every output {@code j} and every byte position {@code p} in {@code [0, len)}:
 * <pre>
 *   outputs[j][outOffset + p] = XOR over i of  matrixRows[j][i] · inputs[i][inOffset + p]
 * </pre>
 * where · is GF(2^8) multiplication. Outputs are overwritten, not accumulated into. Outputs must not
 * be the same arrays as inputs. Arguments are validated by {@link ReedSolomon}, not here: this is the
 * hot path.
 *
 * <p>Several implementations exist so they can be checked byte-for-byte against each other; see
 * {@link CodingLoops}. Implementations are stateless and thread-safe.
 */
public interface CodingLoop {

    void code(byte[][] matrixRows, byte[][] inputs, int inOffset, byte[][] outputs, int outOffset, int len);
}
