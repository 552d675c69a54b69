package io.hybridstore.common.write;

import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Chunk ids of documents derive from content, so two writes of equal content (under one key or
 * several) name the same chunks: a repeated write is an idempotent overwrite and equal cold parts
 * share shards. Blob stripes are named by their upload instead: hashing each stripe for an id
 * would be a second SHA-256 pass over every uploaded byte (see {@link io.hybridstore.common.model.ColdPart}).
 * Every id matches the storage node's {@code [A-Za-z0-9._-]{1,200}}.
 *
 * <pre>
 * hot replica   h-{sha256 of the hot canonical bytes}       (also a small blob's replicas)
 * cold shard    c-{sha256 of the cold canonical bytes}-{k}-{m}-{index}
 * stripe shard  s-{upload id}-{stripe}-{k}-{m}-{index}
 * </pre>
 * The shard ids name k and m because the same bytes coded with another geometry give other
 * shards. The placement key of a part is its id without the index (its "base"), so all copies of a
 * part are spread by one rendezvous ranking and equal content lands on the same nodes.
 */
public final class ChunkIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private ChunkIds() {
    }

    public static String hot(String sha256Hex) {
        return "h-" + checkedHash(sha256Hex);
    }

    public static String coldBase(String sha256Hex, int k, int m) {
        return "c-" + checkedHash(sha256Hex) + "-" + k + "-" + m;
    }

    public static String coldShard(String sha256Hex, int k, int m, int index) {
        if (index < 0 || index >= k + m) {
            throw new IllegalArgumentException("shard index " + index + " outside 0.." + (k + m - 1));
        }
        return coldBase(sha256Hex, k, m) + "-" + index;
    }

    /**
     * The ids of a cold part's shards by index, each as {@link #coldShard} gives it, the hash checked
     * and the base built once for them all, on the first call. Why: a record's decode derived its six
     * shards' ids one by one, each checking the 64-digit hash again and building the base again: 2-3 %
     * of the gateway's CPU samples at 32 readers (docs/benchmarks.md, session 32). Not thread-safe.
     */
    public static IntFunction<String> coldShards(String sha256Hex, int k, int m) {
        return shards(() -> coldBase(sha256Hex, k, m), k, m);
    }

    /** As {@link #coldShards}, for a stripe's shards ({@link #stripeShard}): the upload id matched once. */
    public static IntFunction<String> stripeShards(String uploadId, int stripe, int k, int m) {
        return shards(() -> stripeBase(uploadId, stripe, k, m), k, m);
    }

    private static IntFunction<String> shards(Supplier<String> base, int k, int m) {
        String[] built = new String[1];
        return index -> {
            if (index < 0 || index >= k + m) {
                throw new IllegalArgumentException("shard index " + index + " outside 0.." + (k + m - 1));
            }
            if (built[0] == null) {
                built[0] = base.get();
            }
            return built[0] + "-" + index;
        };
    }

    public static String stripeBase(String uploadId, int stripe, int k, int m) {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches() || stripe < 0) {
            throw new IllegalArgumentException("not an upload id and stripe: " + uploadId + " " + stripe);
        }
        return "s-" + uploadId + "-" + stripe + "-" + k + "-" + m;
    }

    public static String stripeShard(String uploadId, int stripe, int k, int m, int index) {
        if (index < 0 || index >= k + m) {
            throw new IllegalArgumentException("shard index " + index + " outside 0.." + (k + m - 1));
        }
        return stripeBase(uploadId, stripe, k, m) + "-" + index;
    }

    /**
     * The stripe number of a stripe shard's id (its place in the upload that wrote it, from 0), or
     * -1 for any other id. An S3 part is an upload of its own, so its first stripe is number 0.
     */
    public static int stripeNumber(String chunkId) {
        if (chunkId == null || !chunkId.startsWith("s-")) {
            return -1;
        }
        String[] fields = chunkId.split("-"); // the upload id has dashes of its own: count from the end
        if (fields.length < 6) {
            return -1;
        }
        try {
            return Integer.parseInt(fields[fields.length - 4]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether {@code text} is 64 lower-case hex digits. */
    public static boolean isSha256Hex(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValid(String chunkId) {
        return chunkId != null && VALID.matcher(chunkId).matches();
    }

    /**
     * The digest, checked. A loop rather than a regex: it runs for every copy of every record a
     * listing decodes (3,000 times per page of 1,000), and {@code [0-9a-f]{64}} through
     * {@link Pattern} was 17 % of the gateway's CPU per ListObjectsV2 page (docs/benchmarks.md).
     */
    private static String checkedHash(String sha256Hex) {
        if (!isSha256Hex(sha256Hex)) {
            throw new IllegalArgumentException("not a lower-case SHA-256 hex digest: " + sha256Hex);
        }
        return sha256Hex;
    }
}
