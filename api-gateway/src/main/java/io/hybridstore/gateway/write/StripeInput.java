package io.hybridstore.gateway.write;

import io.hybridstore.common.digest.Sha256;
import io.hybridstore.common.erasure.Shards;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.gateway.blob.BlobSettings;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * A request body cut into stripes of a fixed size (the last one shorter), hashed as a whole while
 * it streams unless the caller has the hash from elsewhere or needs none (see {@link #StripeInput}).
 * Each stripe is read straight into its k data shards (the layout {@link Shards#split} gives), so no
 * stripe-sized array exists and nothing is copied to split it; the m parity arrays come empty, for
 * the coder. The arrays come from a pool the caller gives (and the caller gives the arrays of
 * stripes that are done back to {@link #arrays()}).
 */
final class StripeInput {

    /** For a body whose SHA-256 nothing needs: asking for it is a bug. */
    static final Supplier<String> NOT_HASHED = () -> {
        throw new IllegalStateException("this body is not hashed: nothing needs its SHA-256");
    };

    /** One stripe: k+m shard arrays of one size, the k data ones filled and zero-padded; {@code length} bytes of the blob. */
    record Stripe(byte[][] shards, int length) {
        int shardSize() {
            return shards[0].length;
        }

        /** The stripe's bytes in one array, for a blob small enough to be stored whole. */
        byte[] bytes(int dataShards) {
            return Shards.join(shards, dataShards, length);
        }
    }

    private final InputStream body;
    private final int stripeSize;
    private final Long declaredSize;
    private final BlobSettings limits;
    private final int k;
    private final int m;
    private final ShardArrays arrays;
    /** Null when the caller takes the body's SHA-256 from elsewhere. */
    private final MessageDigest whole;
    private final Supplier<String> sha256Elsewhere;
    private long total;
    private boolean ended;
    private String wholeHex;

    /**
     * @param arrays          where the shard arrays come from: of the shard size of {@code stripeSize} to be reused
     * @param sha256Elsewhere null: the body's SHA-256 is computed here. Otherwise the body is not hashed
     *                        here and {@link #sha256Hex()} asks this once the body has ended: a signed
     *                        payload's verified hash (the authenticator hashes it as it streams), or
     *                        {@link #NOT_HASHED} for a body whose SHA-256 nothing needs (an S3 part)
     */
    StripeInput(InputStream body, int stripeSize, Long declaredSize, BlobSettings limits, ShardArrays arrays,
                Supplier<String> sha256Elsewhere) {
        this.whole = sha256Elsewhere == null ? sha256() : null;
        this.sha256Elsewhere = sha256Elsewhere;
        this.body = body;
        this.stripeSize = stripeSize;
        this.declaredSize = declaredSize;
        this.limits = limits;
        this.k = limits.dataShards();
        this.m = limits.parityShards();
        this.arrays = arrays;
    }

    /**
     * The bytes of one stripe's shard arrays, parity included: what a stripe of this body holds while it
     * is read and sent. A body declared shorter than a stripe has smaller ones.
     */
    long stripeBytes() {
        int planned = declaredSize == null ? stripeSize : (int) Math.min(stripeSize, declaredSize);
        return (long) (k + m) * Shards.shardSize(Math.max(planned, 1), k);
    }

    /** Where the arrays of stripes that are done go back. */
    ShardArrays arrays() {
        return arrays;
    }

    /** The next stripe, or null at the end of the body. Its last stripe may be short, never empty. */
    Stripe next() {
        if (ended) {
            return null;
        }
        // With a declared length the stripe's length is known before its first byte, so its shards
        // have their final size; a chunked body is read as if the stripe were full and re-cut if it ends early.
        int planned = declaredSize == null ? stripeSize : (int) Math.min(stripeSize, declaredSize - total);
        int size = Shards.shardSize(planned, k);
        byte[][] shards = new byte[k + m][];
        int read = 0;
        for (int i = 0; i < k; i++) {
            shards[i] = arrays.take(size);
            int want = Math.max(0, Math.min(size, planned - i * size));
            int n = read == i * size ? readFully(shards[i], want) : 0; // nothing more once the body has ended
            Arrays.fill(shards[i], n, size, (byte) 0); // padding; a reused array holds an older stripe's bytes
            if (whole != null) {
                whole.update(shards[i], 0, n);
            }
            read += n;
        }
        total += read;
        if (read < planned || (declaredSize != null && total == declaredSize)) {
            ended = true;
        }
        checkLength(read < planned);
        if (read == 0) {
            arrays.give(shards);
            return null;
        }
        if (read < planned) {
            shards = recut(shards, read);
        }
        for (int j = k; j < k + m; j++) {
            shards[j] = arrays.take(shards[0].length); // parity: every byte is written by the coder
        }
        return new Stripe(shards, read);
    }

    long total() {
        return total;
    }

    /** Whether the body is known to have ended ({@link #next} will give null): a declared length reached, or a short read. */
    boolean ended() {
        return ended;
    }

    /** SHA-256 of the whole body (hex), once it has been read to its end. */
    String sha256Hex() {
        if (!ended) {
            throw new IllegalStateException("the body has not been read to its end");
        }
        if (wholeHex == null) {
            wholeHex = whole != null ? HexFormat.of().formatHex(whole.digest()) : sha256Elsewhere.get();
        }
        if (wholeHex == null) { // the verifier compares at the end of the body, which has been read: a bug if not
            throw new IllegalStateException("the body's SHA-256 was not verified by the end of the body");
        }
        return wholeHex;
    }

    /** Refuses a body of another length than declared, or a streamed one past the blob limit. */
    private void checkLength(boolean endedEarly) {
        if (declaredSize == null) {
            limits.checkStreamed(total, stripeSize);
            return;
        }
        boolean longer = ended && !endedEarly && readOneMore();
        if (endedEarly || longer) {
            throw StoreException.badRequest("body has " + (longer ? "more than " : "") + total + " bytes, Content-Length said "
                    + declaredSize);
        }
    }

    /** Whether the body goes on after its declared length. */
    private boolean readOneMore() {
        try {
            return body.read() != -1;
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    /** The data shards of a stripe shorter than planned, cut again at its real length (a new set of arrays). */
    private byte[][] recut(byte[][] planned, int length) {
        int plannedSize = planned[0].length;
        int size = Shards.shardSize(length, k);
        byte[][] shards = new byte[k + m][];
        for (int i = 0; i < k; i++) {
            shards[i] = new byte[size];
            for (int at = 0, from = i * size; at < size && from < length; ) {
                int n = Math.min(Math.min(size - at, length - from), plannedSize - from % plannedSize);
                System.arraycopy(planned[from / plannedSize], from % plannedSize, shards[i], at, n);
                at += n;
                from += n;
            }
        }
        arrays.give(planned);
        return shards;
    }

    private int readFully(byte[] into, int length) {
        try {
            return body.readNBytes(into, 0, length);
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    /** The client went away or the connection broke: nothing of the upload is committed. */
    private StoreException interrupted(IOException e) {
        return StoreException.badRequest("upload interrupted after " + total + " bytes: " + e.getMessage());
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
