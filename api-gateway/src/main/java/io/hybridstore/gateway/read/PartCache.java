package io.hybridstore.gateway.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hybridstore.gateway.write.WrittenParts;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Documents' parts (a hot part's bytes, a cold part's decoded bytes) this gateway wrote or read lately,
 * kept by their SHA-256, so a read takes them from memory instead of the nodes.
 *
 * <p>Why no coherence protocol is needed: a part is content-addressed. The bytes behind a SHA-256
 * never change, so an entry can be old but never stale. Which parts a key has is still decided by its
 * record, read from etcd on every read as before: an overwritten key's record names other hashes, a
 * deleted key's is a tombstone (404), and an entry no record names is only memory until it is evicted.
 * Only bytes known to hash to their key go in: a write's own (it computed the hash from them) and a
 * read's once verified against the record's SHA-256. Entries are shared, never copied: nobody changes them.
 *
 * <p>A Caffeine cache bounded by weight: an entry weighs its bytes plus {@link #ENTRY_OVERHEAD}. Which part
 * goes first is Caffeine's W-TinyLFU choice, so a burst of parts written once and never read does not
 * push out parts read often. A part larger than {@link #LARGEST_PART}, or than a 64th of the bound, is
 * not kept: the cache is for small documents, whose reads are mostly requests rather than bytes, and a
 * large part would flush many small ones. Blobs never come here: their stripes would flush everything
 * else, and they have their own read-ahead. Upkeep runs on the calling thread, as in {@link RecordCache}.
 *
 * <p>A part a write made is kept at once ({@link #keep}); a part a read fetched only on its second miss
 * within the doorkeeper's window ({@link #admit}), as TinyLFU's doorkeeper does: the first miss of a
 * part only marks it in a bit set. Why: at the bench's uniform reads over ten times the documents the
 * cache holds (8 % hits), every read put both its parts, and Caffeine's upkeep on each put was 3.6 % of
 * the gateway's CPU samples at 32 readers, for parts that were mostly evicted before anyone read them
 * again (docs/benchmarks.md, session 32). A window is as many misses as the bound holds parts (at the
 * average weight of those held when it starts): a part read again within it would likely still have been
 * held, one read again later would likely have been evicted before.
 */
public final class PartCache implements WrittenParts {

    /** Heap of an entry besides its bytes: the 64-character key, Caffeine's node and map entry, the array header. */
    static final long ENTRY_OVERHEAD = 200;
    /** The largest part kept. */
    static final long LARGEST_PART = 64 << 10;
    /** No part kept is larger than this share of the bound. */
    static final int LARGEST_SHARE = 64;

    private final long maxBytes;
    private final long largest;
    /** Null when the cache is off. */
    private final Cache<String, byte[]> parts;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final Doorkeeper doorkeeper = new Doorkeeper();

    private PartCache(long maxBytes) {
        this.maxBytes = maxBytes;
        this.largest = Math.min(LARGEST_PART, maxBytes / LARGEST_SHARE);
        this.parts = maxBytes == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String sha256, byte[] bytes) -> (int) Math.min(Integer.MAX_VALUE, bytes.length + ENTRY_OVERHEAD))
                .executor(Runnable::run)
                .build();
    }

    /** The size when none is set, on a heap large enough: 32 MiB, about 10,000 of the documents (3 KiB). */
    public static final long DEFAULT_BYTES = 32L << 20;

    /**
     * The size when none is set: {@link #DEFAULT_BYTES}, or an eighth of {@code maxHeap} when that is less.
     * Why not the default alone: a size above a quarter of the heap is refused at start, and a default
     * must never stop a gateway (the blob tests run it at -Xmx128m, where 32 MiB is just over a quarter).
     */
    public static long defaultBytes(long maxHeap) {
        return Math.min(DEFAULT_BYTES, maxHeap / 8);
    }

    /** A cache of {@code bytes} at most (0: off) in a JVM whose heap is at most {@code maxHeap}; more than a quarter of it is refused. */
    public static PartCache of(long bytes, long maxHeap) {
        if (bytes < 0 || bytes > maxHeap / 4) {
            throw new IllegalArgumentException("gateway.part-cache-size (GATEWAY_PART_CACHE_SIZE) must be between 0 and a quarter of"
                    + " the heap (" + maxHeap / 4 + " bytes of " + maxHeap + "); was " + bytes);
        }
        return new PartCache(bytes);
    }

    /** No cache: every read fetches from the nodes. */
    public static PartCache off() {
        return new PartCache(0);
    }

    /** The part whose SHA-256 is {@code sha256} and whose length is {@code size}, or null (then fetch it). */
    public byte[] get(String sha256, long size) {
        if (parts == null) {
            return null;
        }
        byte[] bytes = parts.getIfPresent(sha256);
        if (bytes == null || bytes.length != size) {
            misses.increment();
            return null;
        }
        hits.increment();
        return bytes;
    }

    /** Keeps {@code bytes}, which the caller has verified hash to {@code sha256}; a part too large is not kept. */
    public void keep(String sha256, byte[] bytes) {
        if (keeps(bytes.length)) {
            parts.put(sha256, bytes);
        }
    }

    /**
     * Keeps {@code bytes}, which a read fetched and verified to hash to {@code sha256}, if this part
     * missed before within the doorkeeper's window; else only marks it (see the class comment).
     */
    public void admit(String sha256, byte[] bytes) {
        if (keeps(bytes.length) && doorkeeper.seenBefore(sha256, () -> partsHeldWhenFull(bytes.length))) {
            parts.put(sha256, bytes);
        }
    }

    /** How many parts the bound holds at the average weight of those held now (of this one's, while none is). */
    private long partsHeldWhenFull(int size) {
        long held = parts.estimatedSize();
        long weight = parts.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
        long average = held > 0 && weight > 0 ? weight / held : size + ENTRY_OVERHEAD;
        return maxBytes / Math.max(1, average);
    }

    /** Whether a part of {@code size} bytes would be kept. */
    boolean keeps(long size) {
        return parts != null && size <= largest;
    }

    @Override
    public void wrote(String sha256, byte[] bytes) {
        keep(sha256, bytes);
    }

    public boolean enabled() {
        return parts != null;
    }

    /** Parts served from memory. */
    public long hits() {
        return hits.sum();
    }

    /** Parts looked for and not held (fetched from the nodes). */
    public long misses() {
        return misses.sum();
    }

    /** Bytes held now, each entry's overhead included. */
    public long weight() {
        if (parts == null) {
            return 0;
        }
        parts.cleanUp();
        return parts.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** Parts held now. */
    public long size() {
        if (parts == null) {
            return 0;
        }
        parts.cleanUp();
        return parts.estimatedSize();
    }

    /**
     * Parts that missed lately, as bits indexed by their hash's first 20 bits (a SHA-256 is uniform),
     * cleared every window. Two parts that share a bit admit each other: with a window of W marks in
     * 2^20 bits a part is wrongly taken as seen with a chance of at most W / 2^20 (2 % at the default
     * size's ~19,000 parts of the bench's documents), and is then kept as it would have been without the
     * doorkeeper. Races only lose or add a mark, the same as a collision.
     */
    static final class Doorkeeper {
        static final int BITS = 1 << 20;
        /** The smallest window: a cache holding few parts yet still admits a part read twice close together. */
        static final long MIN_WINDOW = 1024;

        private final AtomicLongArray words = new AtomicLongArray(BITS / 64);
        private final LongAdder marks = new LongAdder();
        private volatile long window;

        /**
         * Whether {@code sha256} was marked in this window; marks it if not. Once a window's worth are
         * marked, the bits are cleared and the next window is {@code nextWindow}'s (at least {@link #MIN_WINDOW}).
         */
        boolean seenBefore(String sha256, LongSupplier nextWindow) {
            int bit = bit(sha256);
            long mask = 1L << (bit & 63);
            if ((words.get(bit >>> 6) & mask) != 0 || (words.getAndAccumulate(bit >>> 6, mask, (w, m) -> w | m) & mask) != 0) {
                return true;
            }
            if (window == 0) {
                window = Math.max(MIN_WINDOW, nextWindow.getAsLong());
            }
            marks.increment();
            if (marks.sum() >= window) {
                marks.reset();
                for (int i = 0; i < words.length(); i++) {
                    words.set(i, 0);
                }
                window = Math.max(MIN_WINDOW, nextWindow.getAsLong());
            }
            return false;
        }

        long window() {
            return window;
        }

        /** The hash's first five hex digits; a key that is not hex (none is, from a record) by its String hash. */
        static int bit(String sha256) {
            int bit = 0;
            for (int i = 0; i < 5 && i < sha256.length(); i++) {
                int digit = Character.digit(sha256.charAt(i), 16);
                if (digit < 0) {
                    return sha256.hashCode() & (BITS - 1);
                }
                bit = bit << 4 | digit;
            }
            return bit & (BITS - 1);
        }
    }
}
