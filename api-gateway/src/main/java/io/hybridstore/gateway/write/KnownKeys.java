package io.hybridstore.gateway.write;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The keys this gateway lately saw hold a record (it wrote them, read them, or a write found them),
 * so that a write of a key it does not know may skip reading the key first: it guesses the key new,
 * plans over no record and commits only while the key has none ({@code MetadataStore#commitIfAbsent}).
 * Why: for a new key (every write of new documents) the read only learns "absent", and it cost one
 * etcd read and its gRPC work in the gateway per write (docs/benchmarks.md, session 25). A wrong
 * guess costs far more than the read it saved (the plan's chunk writes and a failed commit, then the
 * read and a second plan), so a key that is known is read first, as before, and guessing stops as soon
 * as more than {@value #SUSPEND_ABOVE_PER_WINDOW} unknown keys of a window of {@value #WINDOW} turned
 * out to exist: an overwrite workload of keys this gateway does not know (after a restart, or written
 * through another gateway) keeps today's path and its dedup, after at most a few wrong guesses. The
 * unknown keys it reads meanwhile say whether a guess would have held, so guessing resumes by itself
 * after a window in which they were new again.
 *
 * <p>Both ways of being wrong are safe, so the memory need not be exact: a key it forgot or never saw
 * is a wrong guess at worst (the commit's guard catches it), and a key it mistakes for known is only
 * read as before. So it keeps 64-bit fingerprints of keys in a fixed table, no key strings and no
 * allocation per write, racing writers unlocked: buckets of {@value #WAYS}, a full bucket's victim
 * chosen by the new key's hash. A table of N slots keeps most of the last N/2 keys (8 bytes each).
 */
public final class KnownKeys {

    /** What a write of a key does first. */
    public enum Plan {
        /** The key is known: read it first (labels to carry, parts to reuse). */
        READ_KNOWN,
        /** Not known, and guesses hold lately: plan over no record, commit only while there is none. */
        GUESS_NEW,
        /** Not known, but guessing is off or suspended: read it first, and count whether it existed. */
        READ_UNKNOWN
    }

    static final int WAYS = 4;
    /** Outcomes of unknown keys per judgement of the guesses. */
    static final int WINDOW = 128;
    /**
     * More existing keys than this in a window (3 %) suspends guessing at once. Under the break-even: a
     * right guess saves the read, about 0.1 ms of CPU (etcd 0.08 ms per write at 32 clients,
     * docs/benchmarks.md, session 25); a wrong one wastes a plan, its 9 chunk writes (the nodes' ~1 ms
     * per write), its fan-out and a failed commit, about 1.5 ms: 15 times more, so guessing pays only
     * while fewer than about 1 unknown key in 16 exists.
     */
    static final int SUSPEND_ABOVE_PER_WINDOW = WINDOW / 32;

    /** 2 GiB of fingerprints: far beyond any use, below the int overflow of the rounding. */
    static final int MAX_SLOTS = 1 << 28;

    private final boolean guessing;
    private final AtomicLongArray slots;
    private final int bucketMask;
    private final LongAdder known = new LongAdder();
    private final LongAdder guessesHeld = new LongAdder();
    private final LongAdder guessesWrong = new LongAdder();
    private final LongAdder unknownRead = new LongAdder();
    private int windowOutcomes;
    private int windowExisted;
    private volatile boolean suspended;

    /**
     * @param guessing false: every write reads its key first (the switch {@code gateway.guess-new-keys})
     * @param slots    fingerprints held, rounded up to a power of two (at least {@value #WAYS})
     */
    public KnownKeys(boolean guessing, int slots) {
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("gateway.known-keys must be between 1 and " + MAX_SLOTS + " (was " + slots + ")");
        }
        int size = Math.max(WAYS, Integer.highestOneBit(slots - 1) << 1);
        this.guessing = guessing;
        this.slots = new AtomicLongArray(size);
        this.bucketMask = size / WAYS - 1;
    }

    /** Never guesses; remembers nothing (tests and callers that do not care). */
    public static KnownKeys none() {
        return new KnownKeys(false, WAYS);
    }

    /** What a write of {@code key} does first; a write planned on GUESS_NEW or READ_UNKNOWN reports {@link #existed}. */
    public Plan plan(String key) {
        if (contains(fingerprint(key))) {
            known.increment();
            return Plan.READ_KNOWN;
        }
        if (guessing && !suspended) {
            return Plan.GUESS_NEW;
        }
        unknownRead.increment();
        return Plan.READ_UNKNOWN;
    }

    /** Whether the key of a write planned on {@code plan} had a record: a guess that held or not, or what a read of an unknown key found. */
    public void existed(String key, Plan plan, boolean existed) {
        if (plan == Plan.READ_KNOWN) {
            return;
        }
        if (plan == Plan.GUESS_NEW) {
            (existed ? guessesWrong : guessesHeld).increment();
        }
        if (existed) {
            remember(key);
        }
        judge(existed);
    }

    /** {@code key} has a record now: a write or a delete committed it, a read found it. */
    public void remember(String key) {
        long fp = fingerprint(key);
        int bucket = bucket(fp);
        for (int i = 0; i < WAYS; i++) {
            long held = slots.getOpaque(bucket + i);
            if (held == fp) {
                return;
            }
            if (held == 0) {
                slots.setOpaque(bucket + i, fp);
                return;
            }
        }
        // A full bucket: the victim is picked by the new key's hash, so which key goes is as random as the keys.
        slots.setOpaque(bucket + (int) (fp >>> 62), fp);
    }

    private boolean contains(long fp) {
        int bucket = bucket(fp);
        for (int i = 0; i < WAYS; i++) {
            if (slots.getOpaque(bucket + i) == fp) {
                return true;
            }
        }
        return false;
    }

    /** Suspends at once when a window has too many existing keys (each was a wasted plan); resumes after a window without. */
    private synchronized void judge(boolean existed) {
        windowOutcomes++;
        if (existed) {
            windowExisted++;
        }
        if (windowExisted > SUSPEND_ABOVE_PER_WINDOW || windowOutcomes == WINDOW) {
            suspended = windowExisted > SUSPEND_ABOVE_PER_WINDOW;
            windowOutcomes = 0;
            windowExisted = 0;
        }
    }

    private int bucket(long fp) {
        return ((int) fp & bucketMask) * WAYS;
    }

    /** A 64-bit hash of the key's chars (FNV-1a, then MurmurHash3's finaliser); never 0, which marks a free slot. */
    static long fingerprint(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** Whether guesses are suspended now (too many unknown keys existed in the last window). */
    public boolean suspended() {
        return suspended;
    }

    /** Writes whose key was known, so read first. */
    public long knownCount() {
        return known.sum();
    }

    /** Guesses whose commit found no record, as guessed. */
    public long guessesHeld() {
        return guessesHeld.sum();
    }

    /** Guesses whose key had a record: the plan was thrown away and the write planned again from a read. */
    public long guessesWrong() {
        return guessesWrong.sum();
    }

    /** Writes of unknown keys read first, guessing being off or suspended. */
    public long unknownRead() {
        return unknownRead.sum();
    }

    /** Slots of the table (fingerprints it can hold). */
    public int capacity() {
        return slots.length();
    }
}
