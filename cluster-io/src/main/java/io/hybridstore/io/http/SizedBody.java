package io.hybridstore.io.http;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * A chunk's body received into one array as its pieces arrive: the array of the answer's
 * Content-Length, so a chunk of n bytes costs one array of n. (The Web Client gathered it into a
 * buffer that grew by doubling and then copied it once more into the caller's array: for the 1 MiB
 * shards of a blob download, the largest allocation of the gateway's read path.) It grows only for an
 * answer without a Content-Length (chunked), or one that sends more than it declared; one that sends
 * less ends shorter, and its caller's checks (the CRC32C, the record's shard size) see it. Filled by
 * one event loop, read after the answer ended.
 */
final class SizedBody {

    /** A declared length up to this is allocated at once; beyond it, the array grows with what arrives. */
    static final int UPFRONT_MAX = 64 << 20;
    private static final int UNDECLARED_START = 64 << 10;

    private byte[] bytes;
    private int length;

    /** @param contentLength the answer's Content-Length header, null when it has none */
    SizedBody(String contentLength) {
        long declared = parse(contentLength);
        this.bytes = new byte[declared >= 0 && declared <= UPFRONT_MAX ? (int) declared : UNDECLARED_START];
    }

    void append(Buffer piece) {
        int n = piece.length();
        if (n > bytes.length - length) {
            grow(n);
        }
        piece.getBytes(0, n, bytes, length);
        length += n;
    }

    /** The bytes received: the array itself when the answer was as long as it declared. */
    byte[] bytes() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private void grow(int more) {
        long needed = (long) length + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a chunk answer longer than " + (Integer.MAX_VALUE - 8) + " bytes");
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
    }

    private static long parse(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
