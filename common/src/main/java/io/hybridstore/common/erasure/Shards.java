package io.hybridstore.common.erasure;

/**
 * Cuts a whole buffer into equal data shards and puts it back together.
 *
 * <p><b>Padding rule.</b> For a buffer of {@code n} bytes and {@code k} data shards every shard has
 * {@code shardSize(n, k) = max(1, ceil(n / k))} bytes. Shard i holds bytes
 * {@code [i·size, (i+1)·size)} of the buffer; bytes past the end of the buffer are zero. The minimum
 * of one byte means an empty buffer still gives k real (one zero byte) shards, so that "shard
 * exists" never depends on the object's size. The original length is not stored in the shards: the
 * caller keeps it (object metadata) and passes it to {@link #join}.
 */
public final class Shards {

    private Shards() {
    }

    /** {@code max(1, ceil(dataLength / dataShards))}. */
    public static int shardSize(int dataLength, int dataShards) {
        if (dataLength < 0) {
            throw new IllegalArgumentException("dataLength must not be negative: " + dataLength);
        }
        if (dataShards < 1) {
            throw new IllegalArgumentException("dataShards must be at least 1: " + dataShards);
        }
        return Math.max(1, (int) (((long) dataLength + dataShards - 1) / dataShards));
    }

    /** {@code dataShards} new arrays of {@link #shardSize} bytes holding {@code data}, zero-padded. */
    public static byte[][] split(byte[] data, int dataShards) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        int size = shardSize(data.length, dataShards);
        byte[][] shards = new byte[dataShards][size];
        for (int i = 0; i < dataShards; i++) {
            int start = i * size;
            if (start < data.length) {
                System.arraycopy(data, start, shards[i], 0, Math.min(size, data.length - start));
            }
        }
        return shards;
    }

    /**
     * The first {@code originalLength} bytes of data shards 0..k-1 laid end to end (parity shards,
     * if the array holds them, are ignored).
     */
    public static byte[] join(byte[][] shards, int dataShards, int originalLength) {
        if (shards == null) {
            throw new IllegalArgumentException("shards must not be null");
        }
        if (dataShards < 1 || dataShards > shards.length) {
            throw new IllegalArgumentException("dataShards must be between 1 and " + shards.length + ": " + dataShards);
        }
        if (originalLength < 0) {
            throw new IllegalArgumentException("originalLength must not be negative: " + originalLength);
        }
        int size = shardSize(originalLength, dataShards);
        byte[] data = new byte[originalLength];
        for (int i = 0; i < dataShards; i++) {
            byte[] shard = shards[i];
            if (shard == null) {
                throw new IllegalArgumentException("data shard " + i + " is null");
            }
            if (shard.length != size) {
                throw new IllegalArgumentException("data shard " + i + " has " + shard.length
                        + " bytes, expected " + size + " for originalLength " + originalLength
                        + " and " + dataShards + " data shards");
            }
            int start = i * size;
            if (start < originalLength) {
                System.arraycopy(shard, 0, data, start, Math.min(size, originalLength - start));
            }
        }
        return data;
    }
}
