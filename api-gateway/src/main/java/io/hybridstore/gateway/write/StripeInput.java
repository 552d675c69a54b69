package io.hybridstore.gateway.write;

import io.hybridstore.common.erasure.Shards;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.gateway.blob.BlobSettings;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A request body cut into stripes of a fixed size (the last one shorter), hashed as a whole while
 * it streams (unless the caller has the hash from elsewhere: see {@link #StripeInput(InputStream, int, Long, BlobSettings, boolean)}). Each stripe is read straight into its k data shards (the layout
 * {@link Shards#split} gives), so no stripe-sized array exists and nothing is copied to split it;
 * the m parity arrays come empty, for the coder. Holds nothing between calls: the caller decides
 * how many stripes it keeps, and gives their arrays back to {@link #arrays()} when done.
 */
final class StripeInput {

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
    private long total;
    private boolean ended;
    private String wholeHex;

    StripeInput(InputStream body, int stripeSize, Long declaredSize, BlobSettings limits) {
        this(body, stripeSize, declaredSize, limits, true);
    }

    /**
     * @param hashWhole false when the caller knows the body's SHA-256 otherwise (a signed payload the
     *                  authenticator verifies as it streams): one SHA-256 pass per byte less, and no
     *                  {@link #sha256Hex()}
     */
    StripeInput(InputStream body, int stripeSize, Long declaredSize, BlobSettings limits, boolean hashWhole) {
        this.whole = hashWhole ? sha256() : null;
        this.body = body;
        this.stripeSize = stripeSize;
        this.declaredSize = declaredSize;
        this.limits = limits;
        this.k = limits.dataShards();
        this.m = limits.parityShards();
        // Enough for the stripes in flight and the one being read: an upload holds no more at once.
        this.arrays = new ShardArrays(Shards.shardSize(stripeSize, k), (limits.stripesInFlight() + 1) * (k + m));
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

    /** SHA-256 of the whole body, once it has been read to its end. */
    String sha256Hex() {
        if (!ended || whole == null) {
            throw new IllegalStateException(whole == null ? "this body is not hashed here" : "the body has not been read to its end");
        }
        if (wholeHex == null) {
            wholeHex = HexFormat.of().formatHex(whole.digest());
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
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
