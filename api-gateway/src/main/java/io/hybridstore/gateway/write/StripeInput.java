package io.hybridstore.gateway.write;

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
 * it streams. Holds one stripe at a time: the caller decides how many it keeps.
 */
final class StripeInput {

    private final InputStream body;
    private final int stripeSize;
    private final Long declaredSize;
    private final BlobSettings limits;
    private final MessageDigest whole = sha256();
    private long total;
    private boolean ended;
    private String wholeHex;

    StripeInput(InputStream body, int stripeSize, Long declaredSize, BlobSettings limits) {
        this.body = body;
        this.stripeSize = stripeSize;
        this.declaredSize = declaredSize;
        this.limits = limits;
    }

    /** The next stripe, or null at the end of the body. Its last stripe may be short, never empty. */
    byte[] next() {
        if (ended) {
            return null;
        }
        // Read straight into the stripe (readNBytes(int) would gather the bytes in buffers of its own
        // first). With a declared length, ask for one byte past its end: a small blob allocates only
        // what it holds, and a body longer than declared shows.
        int want = declaredSize == null ? stripeSize : (int) Math.min(stripeSize, declaredSize - total + 1);
        byte[] stripe = new byte[want];
        int read;
        try {
            read = body.readNBytes(stripe, 0, want);
        } catch (IOException e) {
            // The client went away or the connection broke: nothing of the upload is committed.
            throw StoreException.badRequest("upload interrupted after " + total + " bytes: " + e.getMessage());
        }
        if (read < want) {
            ended = true;
            stripe = Arrays.copyOf(stripe, read); // the last stripe: only its bytes
        }
        total += stripe.length;
        if (declaredSize == null) {
            limits.checkStreamed(total, stripeSize);
        } else if (total > declaredSize || (ended && total != declaredSize)) {
            throw StoreException.badRequest("body has " + (ended ? "" : "more than ") + total + " bytes, Content-Length said "
                    + declaredSize);
        }
        whole.update(stripe);
        return stripe.length == 0 ? null : stripe;
    }

    long total() {
        return total;
    }

    /** SHA-256 of the whole body, once it has been read to its end. */
    String sha256Hex() {
        if (!ended) {
            throw new IllegalStateException("the body has not been read to its end");
        }
        if (wholeHex == null) {
            wholeHex = HexFormat.of().formatHex(whole.digest());
        }
        return wholeHex;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
