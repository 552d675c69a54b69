package io.hybridstore.common.repair;

import io.hybridstore.common.erasure.ReedSolomon;
import io.hybridstore.common.erasure.Shards;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.write.ShardChecksums;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks and the decode both repair paths share ({@link RepairExecutor} one object at a time,
 * {@link BatchRepair} a page at once): whether a shard read as a source is the one written, and the
 * rebuild of a coded part's missing shards from any k, checked before anything is uploaded.
 */
final class Reconstruction {

    private final Map<Long, ReedSolomon> codecs = new ConcurrentHashMap<>();

    /** A source shard is the one written: its size, and its CRC32C where the part records them. */
    static boolean sourceMatches(ColdPart part, int index, byte[] shard) {
        return shard.length == part.shardSize() && ShardChecksums.matches(part, index, shard);
    }

    /**
     * Fills the shards that are not {@code present} from the k that are, in place, and checks the
     * result against the part's checksums (per-shard CRC32Cs, or the SHA-256 of the whole).
     *
     * @return null when the rebuilt shards are right, else why not (for the repair's failures)
     */
    String rebuild(ColdPart part, String name, byte[][] shards, boolean[] present) {
        boolean right;
        try {
            codec(part.k(), part.m()).decodeMissing(shards, present, 0, part.shardSize());
            right = part.checkedPerShard() ? rebuiltMatch(part, shards, present)
                    : RepairExecutor.sha256(Shards.join(shards, part.k(), Math.toIntExact(part.size()))).equals(part.sha256());
        } catch (IllegalArgumentException | ArithmeticException e) {
            // Size and shard size disagree in the record itself: a bug upstream, not this pass's to guess.
            return name + ": cannot decode (" + e.getMessage() + ")";
        }
        // Wrong: a source returned bytes its node did not catch, and uploading would spread them.
        return right ? null : name + ": reconstruction does not match its " + (part.checkedPerShard() ? "CRC32Cs" : "SHA-256");
    }

    /** Every rebuilt shard is the one written (the sources, {@code present}, were checked as they arrived). */
    private static boolean rebuiltMatch(ColdPart part, byte[][] shards, boolean[] present) {
        for (int i = 0; i < shards.length; i++) {
            if (!present[i] && !ShardChecksums.matches(part, i, shards[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rebuilds made-up shards of a 4+2 part, two lost each time, until {@code rounds} are done or
     * {@code budgetNanos} passed; returns the rounds run. Why: the coding loop is the Vector API,
     * which runs hundreds of times slower until C2 has compiled it, and a healer that never repaired
     * met its first dead node with it cold (docs/benchmarks.md, session 14: still compiling during
     * the heal). A new leader runs this beside its first pass; any codec instance warms the same code.
     */
    static int warmUp(int rounds, long budgetNanos) {
        ReedSolomon codec = ReedSolomon.create(4, 2);
        byte[] data = new byte[4096]; // a document's cold part is about 3 KiB
        new java.util.Random(14).nextBytes(data);
        byte[][] shards = codec.encode(data);
        long end = System.nanoTime() + budgetNanos;
        int done = 0;
        while (done < rounds && System.nanoTime() < end) {
            boolean[] present = {true, true, true, true, true, true};
            present[done % 6] = false;
            present[(done + 1 + done / 6 % 5) % 6] = false;
            codec.decodeMissing(shards, present, 0, shards[0].length);
            done++;
        }
        return done;
    }

    private ReedSolomon codec(int k, int m) {
        return codecs.computeIfAbsent(((long) k << 32) | m, km -> ReedSolomon.create(k, m));
    }
}
