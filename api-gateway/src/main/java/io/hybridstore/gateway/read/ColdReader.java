package io.hybridstore.gateway.read;

import io.hybridstore.common.erasure.ReedSolomon;
import io.hybridstore.common.erasure.Shards;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.tracker.SpareShardTracker;
import io.hybridstore.common.write.ShardChecksums;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a coded part (a document's cold part or a blob stripe): the k data shards in parallel (no
 * decoding needed when they all arrive); each one that fails, times out or is corrupt is replaced
 * by a parity shard and the missing data is reconstructed.
 *
 * <p>A bad shard that passed its node's checksum is never served. A part with per-shard CRC32Cs
 * (blob stripes) checks each shard as it arrives and treats a mismatch like a corrupt shard. A part
 * with only a SHA-256 (documents) checks the decoded bytes; if they do not match, every shard is
 * fetched and decoded leaving one out at a time until the hash matches.
 *
 * <p>Which shards to ask when (a spare per failure, every spare at a round's deadline) is decided
 * by a {@link SpareShardTracker}; this class sends, checks and cancels.
 */
final class ColdReader {

    private final ChunkFetcher fetcher;
    private final NodeTimeouts timeouts;

    ColdReader(ChunkFetcher fetcher, NodeTimeouts timeouts) {
        this.fetcher = fetcher;
        this.timeouts = timeouts;
    }

    /** The verified cold bytes; {@code decoded[0]} tells whether parity was needed. Damaged shards go to {@code damaged}. */
    byte[] read(ColdPart cold, List<ChunkLocation> damaged, boolean[] decoded) {
        return read(cold, ChunkFetcher.Wave.NONE, damaged, decoded);
    }

    /**
     * As {@link #read(ColdPart, List, boolean[])}, asking the shards in the order of {@code wave}'s plan
     * (its first k maybe asked already, maybe with a parity shard among them when that spares a node).
     */
    byte[] read(ColdPart cold, ChunkFetcher.Wave wave, List<ChunkLocation> damaged, boolean[] decoded) {
        return finish(cold, fetchFirst(cold, wave, damaged), damaged, decoded);
    }

    /**
     * The first k shards of {@code cold} in {@code wave}'s order as a {@link PartLoop.Part} over {@code round},
     * for a caller that drives it beside a hot part; its bytes, once done, from {@link #finish}.
     */
    First start(ColdPart cold, ChunkFetcher.Wave wave, ChunkFetcher.Round round, List<ChunkLocation> damaged) {
        Candidates c = candidates(cold, wave);
        return new First(new ShardRound(cold, c.order, cold.k(), new byte[c.byIndex.length][], round, damaged), c.byIndex);
    }

    /**
     * The verified bytes from the first shards fetched: decoded; if they do not decode to the part (one
     * of them is bad in a way its node did not see), the rest fetched and a subset found that does.
     */
    byte[] finish(ColdPart cold, First first, List<ChunkLocation> damaged, boolean[] decoded) {
        byte[][] shards = first.read().shards;
        byte[] bytes = assemble(cold, shards, decoded);
        if (bytes != null) {
            return bytes;
        }
        List<ChunkLocation> unasked = first.read().tracker.unasked();
        fetch(cold, unasked, unasked.size(), shards, ChunkFetcher.Wave.NONE, damaged);
        return leaveOneOut(cold, shards, damaged, first.byIndex(), decoded);
    }

    /**
     * The same verified bytes as {@link #read}, as views of the k data shards in order, for a caller
     * that streams them: a part checked per shard is never joined into one array (for a blob
     * download that copy was a gigabyte per gigabyte). A part checked by SHA-256 is one view of its
     * joined bytes, which its check needs anyway.
     */
    List<ByteBuffer> readPieces(ColdPart cold, List<ChunkLocation> damaged, boolean[] decoded) {
        if (!cold.checkedPerShard()) {
            return List.of(ByteBuffer.wrap(read(cold, damaged, decoded)));
        }
        byte[][] shards = dataShards(cold, requireK(cold, fetchFirst(cold, ChunkFetcher.Wave.NONE, damaged).read().shards), decoded);
        int k = cold.k();
        List<ByteBuffer> pieces = new ArrayList<>(k);
        long left = cold.size();
        for (int i = 0; i < k && left > 0; i++) {
            int n = (int) Math.min(cold.shardSize(), left);
            pieces.add(ByteBuffer.wrap(shards[i], 0, n));
            left -= n;
        }
        return pieces;
    }

    /** The first round's fetches, and the stored shards by index (the leave-one-out search names the bad one from them). */
    record First(ShardRound read, ChunkLocation[] byIndex) {
    }

    /** The stored shards by index, and the order to ask them in. */
    private record Candidates(List<ChunkLocation> order, ChunkLocation[] byIndex) {
    }

    /** Fetches k shards: the stored data shards first, then parity shards for the missing ones and for each failure. */
    private First fetchFirst(ColdPart cold, ChunkFetcher.Wave wave, List<ChunkLocation> damaged) {
        Candidates c = candidates(cold, wave);
        byte[][] shards = new byte[c.byIndex.length][];
        return new First(fetch(cold, c.order, cold.k(), shards, wave, damaged), c.byIndex);
    }

    private static Candidates candidates(ColdPart cold, ChunkFetcher.Wave wave) {
        int total = cold.k() + cold.m();
        ChunkLocation[] byIndex = new ChunkLocation[total];
        for (ChunkLocation shard : cold.shards()) {
            if (shard.stored() && shard.index() < total && byIndex[shard.index()] == null) {
                byIndex[shard.index()] = shard;
            }
        }
        List<ChunkLocation> candidates = new ArrayList<>();
        if (wave.plan() != null) {
            candidates.addAll(wave.plan().coldOrder()); // the planned k first, then the spares
        } else {
            for (ChunkLocation shard : byIndex) {
                if (shard != null) {
                    candidates.add(shard); // index order: data shards before parity
                }
            }
        }
        return new Candidates(candidates, byIndex);
    }

    /**
     * Fetches {@code wanted} good shards of {@code candidates} into {@code shards}, as a
     * {@link SpareShardTracker} decides, on this thread; the candidates it never asked are in its tracker.
     */
    private ShardRound fetch(ColdPart cold, List<ChunkLocation> candidates, int wanted, byte[][] shards,
                         ChunkFetcher.Wave wave, List<ChunkLocation> damaged) {
        try (ChunkFetcher.Round round = fetcher.round(cold.shardSize(), wave)) {
            ShardRound read = new ShardRound(cold, candidates, wanted, shards, round, damaged);
            PartLoop.run(fetcher.time(), round.answers(), List.of(read));
            return read;
        }
    }

    /** One round of shard fetches: the tracker decides which shards to ask when; this sends and checks each answer. */
    final class ShardRound implements PartLoop.Part {
        private final ColdPart cold;
        private final List<ChunkLocation> candidates;
        private final byte[][] shards;
        private final ChunkFetcher.Round round;
        private final List<ChunkLocation> damaged;
        private final SpareShardTracker<ChunkLocation> tracker;

        private ShardRound(ColdPart cold, List<ChunkLocation> candidates, int wanted, byte[][] shards, ChunkFetcher.Round round,
                       List<ChunkLocation> damaged) {
            this.cold = cold;
            this.candidates = candidates;
            this.shards = shards;
            this.round = round;
            this.damaged = damaged;
            this.tracker = new SpareShardTracker<>(candidates, wanted, fetcher.now(), timeouts.nodeNanos(cold.shardSize()));
        }

        @Override
        public void send(long now) {
            tracker.toSend(now).forEach(round::start);
        }

        @Override
        public boolean done(long now) {
            return tracker.done(now);
        }

        @Override
        public long deadline() {
            return tracker.nextDeadline(); // the round's deadline: the tracker brings in the spares
        }

        @Override
        public boolean asked(ChunkLocation location) {
            return candidates.contains(location);
        }

        @Override
        public void answer(Fetch answer) {
            int index = answer.location().index();
            boolean good = answer.ok() && answer.data().length == cold.shardSize() && ShardChecksums.matches(cold, index, answer.data());
            tracker.onAnswer(answer.location(), good);
            if (good) {
                shards[index] = answer.data();
            } else if (answer.ok() || answer.damaged()) {
                damaged.add(answer.location()); // wrong length or wrong CRC32C counts as corrupt
            }
        }

        /** Fewer than k shards fail the part, but only once the hot part is read too: its failure is the one reported. */
        @Override
        public boolean failed() {
            return false;
        }

        @Override
        public void close() {
            round.close();
        }
    }

    /** The part's bytes if the shards at hand give ones matching its checksums; null if they give wrong ones. */
    private static byte[] assemble(ColdPart cold, byte[][] shards, boolean[] decoded) {
        byte[] bytes = decode(cold, requireK(cold, shards), decoded);
        // Shards checked one by one decode to the right bytes: only a SHA-256 part is checked whole.
        return cold.checkedPerShard() || CanonicalJson.sha256Hex(bytes).equals(cold.sha256()) ? bytes : null;
    }

    private static byte[] leaveOneOut(ColdPart cold, byte[][] shards, List<ChunkLocation> damaged, ChunkLocation[] byIndex, boolean[] decoded) {
        for (int skip = 0; skip < shards.length; skip++) {
            if (shards[skip] == null) {
                continue;
            }
            byte[][] attempt = shards.clone();
            attempt[skip] = null;
            if (present(attempt) < cold.k()) {
                break;
            }
            byte[] bytes = decode(cold, attempt, decoded);
            if (CanonicalJson.sha256Hex(bytes).equals(cold.sha256())) {
                damaged.add(byIndex[skip]);
                return bytes;
            }
        }
        throw new StoreException(ErrorCode.CORRUPT, "the cold shards of this object do not decode to its checksum");
    }

    private static byte[] decode(ColdPart cold, byte[][] shards, boolean[] decoded) {
        return Shards.join(dataShards(cold, shards, decoded), cold.k(), (int) cold.size());
    }

    /**
     * The shards with every data shard in place: {@code shards} itself when none is missing, else a
     * copy of the array whose missing entries are reconstructed ({@code decoded[0]} set). The caller's
     * array and the shards it holds are never changed: a SHA-256 part tries other subsets after a mismatch.
     */
    private static byte[][] dataShards(ColdPart cold, byte[][] shards, boolean[] decoded) {
        int k = cold.k();
        boolean[] present = new boolean[shards.length];
        boolean allData = true;
        for (int i = 0; i < shards.length; i++) {
            present[i] = shards[i] != null;
            allData &= i >= k || present[i];
        }
        if (allData) {
            return shards;
        }
        decoded[0] = true;
        byte[][] full = shards.clone();
        ReedSolomon.create(k, cold.m()).decodeMissing(full, present, 0, cold.shardSize()); // writes only the missing entries
        return full;
    }

    private static byte[][] requireK(ColdPart cold, byte[][] shards) {
        if (present(shards) < cold.k()) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "only " + present(shards) + " of the " + cold.k()
                    + " shards needed could be read");
        }
        return shards;
    }

    private static int present(byte[][] shards) {
        int n = 0;
        for (byte[] s : shards) {
            n += s == null ? 0 : 1;
        }
        return n;
    }
}
