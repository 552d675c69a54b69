package io.hybridstore.common.erasure;

import java.util.Arrays;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A systematic Reed-Solomon erasure code over GF(2^8): k data shards, m parity shards, any k of the
 * k+m shards rebuild the rest.
 *
 * <p>The encoding matrix is the (k+m)×k Vandermonde matrix V[r][c] = r^c multiplied by the inverse
 * of its top k×k square, so the top k rows are the identity (data shards are stored as they are)
 * and the bottom m rows give the parity. Field polynomial 0x11D, generator 2. Shards are
 * byte-identical to Backblaze JavaReedSolomon's; the known-answer files under
 * {@code common/src/test/resources/vectors/reed-solomon} (copied from {@code shared/vectors}) pin that.
 *
 * <p>A shard set is a {@code byte[k+m][]}: indexes 0..k-1 are data, k..k+m-1 parity. All shards of a
 * set have the same length; the operations work on the byte range {@code [offset, offset+len)} of
 * every shard. Instances are immutable apart from a small bounded cache of decoding matrices, and
 * safe to share between threads (concurrent calls must of course use different shard arrays).
 *
 * <p>For whole buffers, {@link #encode(byte[])} and {@link #decode(byte[][], int)} split, pad and
 * trim with the rule of {@link Shards}.
 */
public final class ReedSolomon {

    /** GF(2^8) has 256 elements, so a Vandermonde code has at most 256 distinct rows. */
    public static final int MAX_TOTAL_SHARDS = Galois.FIELD_SIZE;

    /** isParityCorrect compares at most this many bytes per parity shard at a time. */
    private static final int CHECK_CHUNK_BYTES = 64 * 1024;

    private static final int DECODE_CACHE_ENTRIES = 64;

    private final int dataShards;
    private final int parityShards;
    private final int totalShards;
    private final Matrix matrix;
    /** The bottom m rows of {@link #matrix}: parity j = XOR over i of parityRows[j][i]·data[i]. */
    private final byte[][] parityRows;
    private final CodingLoop loop;
    private final Map<BitSet, Matrix> decodeMatrices = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BitSet, Matrix> eldest) {
            return size() > DECODE_CACHE_ENTRIES;
        }
    };

    private ReedSolomon(int dataShards, int parityShards, CodingLoop loop) {
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.totalShards = dataShards + parityShards;
        this.matrix = buildMatrix(dataShards, totalShards);
        this.parityRows = new byte[parityShards][];
        for (int j = 0; j < parityShards; j++) {
            parityRows[j] = matrix.row(dataShards + j);
        }
        this.loop = loop;
    }

    /** A (k, m) code using the fastest coding loop this JVM offers ({@link CodingLoops#best()}). */
    public static ReedSolomon create(int dataShards, int parityShards) {
        return create(dataShards, parityShards, CodingLoops.best());
    }

    /** A (k, m) code using the given coding loop (tests and benchmarks compare loops this way). */
    public static ReedSolomon create(int dataShards, int parityShards, CodingLoop loop) {
        if (dataShards < 1) {
            throw new IllegalArgumentException("dataShards must be at least 1: " + dataShards);
        }
        if (parityShards < 1) {
            throw new IllegalArgumentException("parityShards must be at least 1: " + parityShards);
        }
        if (dataShards + parityShards > MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("dataShards + parityShards must be at most " + MAX_TOTAL_SHARDS
                    + ": " + dataShards + " + " + parityShards + " = " + (dataShards + parityShards));
        }
        if (loop == null) {
            throw new IllegalArgumentException("loop must not be null");
        }
        return new ReedSolomon(dataShards, parityShards, loop);
    }

    private static Matrix buildMatrix(int dataShards, int totalShards) {
        Matrix vandermonde = Matrix.vandermonde(totalShards, dataShards);
        Matrix top = vandermonde.subMatrix(0, 0, dataShards, dataShards);
        return vandermonde.times(top.invert());
    }

    public int dataShards() {
        return dataShards;
    }

    public int parityShards() {
        return parityShards;
    }

    public int totalShards() {
        return totalShards;
    }

    public CodingLoop loop() {
        return loop;
    }

    /** A copy of parity row {@code j} of the encoding matrix (k coefficients). */
    public byte[] parityRow(int j) {
        return parityRows[j].clone();
    }

    /**
     * Computes the parity shards k..k+m-1 from the data shards 0..k-1, over bytes
     * {@code [offset, offset+len)}. The parity arrays must exist (same length as the data shards).
     */
    public void encodeParity(byte[][] shards, int offset, int len) {
        checkShards(shards, null, offset, len);
        loop.code(parityRows, Arrays.copyOfRange(shards, 0, dataShards), offset,
                Arrays.copyOfRange(shards, dataShards, totalShards), offset, len);
    }

    /** True if every parity shard matches the data shards over {@code [offset, offset+len)}. */
    public boolean isParityCorrect(byte[][] shards, int offset, int len) {
        checkShards(shards, null, offset, len);
        byte[][] data = Arrays.copyOfRange(shards, 0, dataShards);
        int chunk = Math.min(len, CHECK_CHUNK_BYTES);
        byte[][] expected = new byte[parityShards][chunk];
        for (int done = 0; done < len; done += chunk) {
            int n = Math.min(chunk, len - done);
            loop.code(parityRows, data, offset + done, expected, 0, n);
            for (int j = 0; j < parityShards; j++) {
                int start = offset + done;
                if (Arrays.mismatch(expected[j], 0, n, shards[dataShards + j], start, start + n) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Rebuilds every shard whose {@code present} flag is false, over bytes {@code [offset, offset+len)},
     * from the shards that are present. Up to m shards, data or parity, may be missing. A missing
     * shard may be {@code null}: it is then replaced in {@code shards} by a new zero-filled array of
     * the present shards' length (bytes outside the range stay zero).
     *
     * @throws TooFewShardsException if fewer than k shards are present
     * @throws IllegalArgumentException for a wrong shard count, a null present shard, arrays of
     *                                  different lengths or a range outside them
     */
    public void decodeMissing(byte[][] shards, boolean[] present, int offset, int len) {
        if (present == null) {
            throw new IllegalArgumentException("present must not be null");
        }
        if (present.length != totalShards) {
            throw new IllegalArgumentException("present has " + present.length + " entries, expected "
                    + totalShards + " (" + dataShards + " data + " + parityShards + " parity)");
        }
        checkShards(shards, present, offset, len);
        int presentCount = 0;
        for (boolean p : present) {
            presentCount += p ? 1 : 0;
        }
        if (presentCount == totalShards) {
            return;
        }
        if (presentCount < dataShards) {
            throw new TooFewShardsException(presentCount, dataShards, totalShards);
        }
        int shardLength = presentShardLength(shards, present);
        for (int i = 0; i < totalShards; i++) {
            if (!present[i] && shards[i] == null) {
                shards[i] = new byte[shardLength];
            }
        }

        // Missing data first: invert the rows of k present shards, then read off the missing rows.
        int[] chosen = new int[dataShards];
        for (int i = 0, n = 0; n < dataShards; i++) {
            if (present[i]) {
                chosen[n++] = i;
            }
        }
        int missingData = 0;
        for (int i = 0; i < dataShards; i++) {
            missingData += present[i] ? 0 : 1;
        }
        if (missingData > 0) {
            Matrix decode = decodeMatrix(chosen);
            byte[][] inputs = new byte[dataShards][];
            for (int n = 0; n < dataShards; n++) {
                inputs[n] = shards[chosen[n]];
            }
            byte[][] rows = new byte[missingData][];
            byte[][] outputs = new byte[missingData][];
            for (int i = 0, n = 0; i < dataShards; i++) {
                if (!present[i]) {
                    rows[n] = decode.row(i);
                    outputs[n++] = shards[i];
                }
            }
            loop.code(rows, inputs, offset, outputs, offset, len);
        }

        // With every data shard in place, missing parity is plain encoding of just those rows.
        int missingParity = 0;
        for (int j = 0; j < parityShards; j++) {
            missingParity += present[dataShards + j] ? 0 : 1;
        }
        if (missingParity > 0) {
            byte[][] rows = new byte[missingParity][];
            byte[][] outputs = new byte[missingParity][];
            for (int j = 0, n = 0; j < parityShards; j++) {
                if (!present[dataShards + j]) {
                    rows[n] = parityRows[j];
                    outputs[n++] = shards[dataShards + j];
                }
            }
            loop.code(rows, Arrays.copyOfRange(shards, 0, dataShards), offset, outputs, offset, len);
        }
    }

    /**
     * Splits {@code data} into k data shards padded as {@link Shards#split} describes and appends m
     * parity shards. The caller keeps {@code data.length} to {@link #decode} later.
     */
    public byte[][] encode(byte[] data) {
        byte[][] dataPart = Shards.split(data, dataShards);
        int size = dataPart[0].length;
        byte[][] shards = new byte[totalShards][];
        System.arraycopy(dataPart, 0, shards, 0, dataShards);
        for (int j = dataShards; j < totalShards; j++) {
            shards[j] = new byte[size];
        }
        encodeParity(shards, 0, size);
        return shards;
    }

    /**
     * The original buffer from a shard set made by {@link #encode}, where missing shards are
     * {@code null}. Rebuilds missing shards in place (the array entries are filled in) and trims the
     * padding.
     *
     * @throws TooFewShardsException if fewer than k shards are non-null
     */
    public byte[] decode(byte[][] shards, int originalLength) {
        if (shards == null) {
            throw new IllegalArgumentException("shards must not be null");
        }
        if (shards.length != totalShards) {
            throw wrongShardCount(shards.length);
        }
        boolean[] present = new boolean[totalShards];
        int shardLength = -1;
        for (int i = 0; i < totalShards; i++) {
            present[i] = shards[i] != null;
            if (present[i] && shardLength < 0) {
                shardLength = shards[i].length;
            }
        }
        if (shardLength < 0) {
            throw new TooFewShardsException(0, dataShards, totalShards);
        }
        decodeMissing(shards, present, 0, shardLength);
        return Shards.join(shards, dataShards, originalLength);
    }

    private Matrix decodeMatrix(int[] chosenRows) {
        BitSet key = new BitSet(totalShards);
        for (int r : chosenRows) {
            key.set(r);
        }
        synchronized (decodeMatrices) {
            Matrix cached = decodeMatrices.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // Any k rows of the encoding matrix are independent, so this inverse always exists.
        Matrix inverse = matrix.selectRows(chosenRows).invert();
        synchronized (decodeMatrices) {
            decodeMatrices.put(key, inverse);
        }
        return inverse;
    }

    /**
     * Validates the shard set. With {@code present == null} every shard must be non-null; otherwise
     * only present shards must be, and missing ones may be null.
     */
    private void checkShards(byte[][] shards, boolean[] present, int offset, int len) {
        if (shards == null) {
            throw new IllegalArgumentException("shards must not be null");
        }
        if (shards.length != totalShards) {
            throw wrongShardCount(shards.length);
        }
        int reference = -1;
        Map<byte[], Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < totalShards; i++) {
            byte[] shard = shards[i];
            if (shard == null) {
                if (present == null || present[i]) {
                    throw new IllegalArgumentException("shard " + i + " is null");
                }
                continue;
            }
            if (reference < 0) {
                reference = i;
            } else if (shard.length != shards[reference].length) {
                throw new IllegalArgumentException("shard " + i + " has " + shard.length + " bytes, expected "
                        + shards[reference].length + " like shard " + reference);
            }
            Integer previous = seen.put(shard, i);
            if (previous != null) {
                throw new IllegalArgumentException("shard " + i + " is the same array as shard " + previous);
            }
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (len < 0) {
            throw new IllegalArgumentException("len must not be negative: " + len);
        }
        int size = reference < 0 ? 0 : shards[reference].length;
        if ((long) offset + len > size) {
            throw new IllegalArgumentException("offset " + offset + " + len " + len
                    + " exceeds the shard size " + size);
        }
    }

    private static int presentShardLength(byte[][] shards, boolean[] present) {
        for (int i = 0; i < shards.length; i++) {
            if (present[i]) {
                return shards[i].length;
            }
        }
        throw new IllegalStateException("no shard present");
    }

    private IllegalArgumentException wrongShardCount(int count) {
        return new IllegalArgumentException("shards has " + count + " entries, expected " + totalShards
                + " (" + dataShards + " data + " + parityShards + " parity)");
    }

    @Override
    public String toString() {
        return "ReedSolomon(" + dataShards + "+" + parityShards + ", " + loop + ")";
    }
}
