package io.hybridstore.gateway.write;

import io.hybridstore.common.erasure.ReedSolomon;
import io.hybridstore.common.erasure.Shards;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.placement.RendezvousPlacement;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.write.ChunkIds;
import io.hybridstore.common.write.Readability;
import io.hybridstore.common.write.ShardChecksums;
import io.hybridstore.gateway.blob.BlobSettings;
import io.hybridstore.gateway.blob.ByteBudget;
import io.hybridstore.gateway.write.NodeFanOut.Outcome;
import io.hybridstore.gateway.write.NodeFanOut.Put;
import io.hybridstore.gateway.write.StripeInput.Stripe;
import io.hybridstore.gateway.write.WriteResult.Missing;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A blob's bytes on the storage nodes, for {@link BlobWriter} (which logs and commits them): a body
 * that ends within the small size as whole replicas, anything larger stripe by stripe — Reed-Solomon
 * shards, each with its CRC32C, written concurrently to k+m nodes, at most {@code stripesInFlight}
 * stripes on the wire while the next one is read, every stripe read or on the wire holding a share
 * of the gateway-wide write budget ({@link StripeShares}). Nothing here is visible to readers: the
 * chunks are referenced by no record until the caller commits one.
 */
final class BlobBytesWriter {

    private final NodeDirectory nodes;
    private final NodeFanOut fanOut;
    private final BlobSettings settings;
    private final ReedSolomon codec;
    private final RendezvousPlacement placement = new RendezvousPlacement();
    private final Clock clock;
    /** Shard arrays of the default stripe size, shared by every upload (see {@link ShardArrays}). */
    private final ShardArrays sharedArrays;
    /** The stripes all uploads together read or have on the wire at once (see {@link StripeShares}). */
    private final ByteBudget writeBudget;

    BlobBytesWriter(NodeDirectory nodes, NodeFanOut fanOut, BlobSettings settings, Clock clock, ByteBudget writeBudget) {
        this.nodes = nodes;
        this.fanOut = fanOut;
        this.settings = settings;
        this.codec = ReedSolomon.create(settings.dataShards(), settings.parityShards());
        this.clock = clock;
        this.writeBudget = writeBudget;
        this.sharedArrays = new ShardArrays(Shards.shardSize(settings.stripeSize(), settings.dataShards()),
                pooledArrays(settings, Runtime.getRuntime().maxMemory()));
    }

    /**
     * How many free shard arrays of the default size the writer keeps: an eighth of the heap (32 of
     * 1 MiB in a 256 MiB heap), and at least what one upload holds at once. Enough for uploads that
     * come and go (ten S3 parts at once each hold 12 while they run, and give them to the next);
     * a burst above it allocates as before, and what it leaves beyond this is collected.
     */
    static int pooledArrays(BlobSettings settings, long maxHeap) {
        int shard = Shards.shardSize(settings.stripeSize(), settings.dataShards());
        int oneUpload = (settings.stripesInFlight() + 1) * (settings.dataShards() + settings.parityShards());
        return (int) Math.max(oneUpload, Math.min(Integer.MAX_VALUE, maxHeap / 8 / shard));
    }

    /** The shared pool for the default stripe size; an upload of another (a larger blob's) has its own. */
    ShardArrays arraysFor(int stripeSize) {
        int shard = Shards.shardSize(stripeSize, settings.dataShards());
        return shard == sharedArrays.size() ? sharedArrays
                : new ShardArrays(shard, (settings.stripesInFlight() + 1) * (settings.dataShards() + settings.parityShards()));
    }

    /** Where the bytes went. */
    record Stored(HotPart hot, List<ColdPart> stripes, List<Missing> missing) {
    }

    /** One stripe on the wire. */
    private record StripeWrite(String uploadId, int index, List<String> shardCrc32c, int length, byte[][] shards, NodeFanOut.Batch batch) {
    }

    /**
     * {@code version} is null for a part (nothing logged); {@code striped} forces stripes however small
     * the body. Each stripe read or on the wire holds a share of the write budget ({@link StripeShares}).
     */
    Stored store(String name, String uploadId, Version version, StripeInput input, long started, boolean striped) {
        try (StripeShares shares = new StripeShares(writeBudget, input.stripeBytes())) {
            shares.first();
            Stripe first = input.next();
            if (striped && first == null) {
                return new Stored(null, List.of(), List.of());
            }
            Stripe second = first == null ? null : input.next();
            if (!striped && second == null && (first == null || first.length() <= settings.smallMaxSize())) {
                return storeReplicated(name, version, first == null ? new byte[0] : first.bytes(settings.dataShards()), input.sha256Hex());
            }
            if (second == null) {
                shares.done(); // the second stripe's share: there is none
            }
            return storeStripes(name, uploadId, version, input, started, first, second, shares);
        }
    }

    private Stored storeStripes(String name, String uploadId, Version version, StripeInput input, long started, Stripe first, Stripe second,
                                StripeShares shares) {
        List<NodeInfo> live = nodes.liveNodes();
        List<ColdPart> stripes = new ArrayList<>();
        List<Missing> missing = new ArrayList<>();
        Deque<StripeWrite> inFlight = new ArrayDeque<>();
        Deque<Stripe> readAlready = new ArrayDeque<>();
        readAlready.add(first);
        if (second != null) {
            readAlready.add(second);
        }
        first = null; // only the deque holds them now: each goes once it is coded and sent
        second = null;
        // Settles the oldest stripe on the wire and gives its share of the write budget back.
        Runnable settleOldest = () -> {
            stripes.add(settle(name, version, inFlight.poll(), missing, input.arrays()));
            shares.done();
        };
        int index = 0;
        try {
            for (Stripe stripe = readAlready.poll(); stripe != null; stripe = readAlready.isEmpty() ? readNext(input, shares, inFlight,
                    settleOldest) : readAlready.poll()) {
                inFlight.add(startStripe(uploadId, index++, stripe, live));
                while (inFlight.size() >= settings.stripesInFlight()) {
                    settleOldest.run();
                }
                checkTime(name, started);
                if (index % 64 == 0) {
                    live = nodes.liveNodes(); // a long upload follows nodes joining and leaving
                }
            }
            while (!inFlight.isEmpty()) {
                settleOldest.run();
            }
            // The last check before the commit: GC's safety rests on a commit never coming later than
            // the max upload time after the upload's first chunk (see GatewayConfig.Blob#maxUploadTime).
            checkTime(name, started);
        } catch (RuntimeException e) {
            inFlight.forEach(w -> w.batch.cancel());
            throw e;
        }
        return new Stored(null, stripes, missing);
    }

    /** The next stripe (null at the end), read once this upload holds a share of the write budget for it. */
    private static Stripe readNext(StripeInput input, StripeShares shares, Deque<StripeWrite> inFlight, Runnable settleOldest) {
        if (input.ended()) {
            return null; // no share to take for a stripe that will not come
        }
        shares.next(() -> {
            while (!inFlight.isEmpty()) {
                settleOldest.run();
            }
        });
        Stripe stripe = input.next();
        if (stripe == null) {
            shares.done();
        }
        return stripe;
    }

    private Stored storeReplicated(String name, Version version, byte[] bytes, String sha256) {
        String chunkId = ChunkIds.hot(sha256);
        List<NodeInfo> chosen = placement.choose(chunkId, RendezvousPlacement.withRoomFor(nodes.liveNodes(), bytes.length),
                settings.replicas());
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            puts.add(new Put(i, chosen.get(i), chunkId, bytes, sha256));
        }
        List<Outcome> outcomes = fanOut.start(puts).awaitAll();
        List<ChunkLocation> replicas = NodeFanOut.locations(outcomes, settings.replicas(), i -> chunkId);
        List<Missing> missing = missing("hot", outcomes, settings.replicas());
        HotPart hot = new HotPart(sha256, bytes.length, replicas);
        if (Readability.judge(hot, settings.replicas(), null) == Readability.Verdict.UNREADABLE) {
            throw tooFewNodes(name, version, "no replica");
        }
        return new Stored(hot, List.of(), missing);
    }

    private StripeWrite startStripe(String uploadId, int index, Stripe stripe, List<NodeInfo> live) {
        int k = settings.dataShards();
        int m = settings.parityShards();
        byte[][] shards = stripe.shards();
        codec.encodeParity(shards, 0, stripe.shardSize());
        List<String> crcs = new ArrayList<>(k + m);
        for (byte[] shard : shards) {
            crcs.add(ShardChecksums.crc32cHex(shard));
        }
        List<NodeInfo> chosen = placement.choose(ChunkIds.stripeBase(uploadId, index, k, m),
                RendezvousPlacement.withRoomFor(live, stripe.shardSize()), k + m);
        List<Put> puts = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            // No SHA-256 for the node: its CRC32C guards the bytes at rest, and the CRC32C recorded
            // here, checked on every read, guards them end to end.
            puts.add(new Put(i, chosen.get(i), ChunkIds.stripeShard(uploadId, index, k, m, i), shards[i], null));
        }
        return new StripeWrite(uploadId, index, crcs, stripe.length(), shards, fanOut.start(puts));
    }

    /**
     * Waits for a stripe's shards; fewer than k stored fails the upload (503: nothing is committed).
     * The shard arrays are reused for a later stripe only when every put has ended: a put given up
     * on may still be reading its array.
     */
    private ColdPart settle(String name, Version version, StripeWrite write, List<Missing> missing, ShardArrays arrays) {
        List<Outcome> outcomes = write.batch.awaitAll();
        if (outcomes.stream().allMatch(o -> o.stored() || (o.error() != null && o.error() != ErrorCode.TIMEOUT))) {
            arrays.give(write.shards);
        }
        int k = settings.dataShards();
        int m = settings.parityShards();
        List<ChunkLocation> shards = NodeFanOut.locations(outcomes, k + m, i -> ChunkIds.stripeShard(write.uploadId, write.index, k, m, i));
        ColdPart part = new ColdPart(null, write.length, k, m, write.shards[0].length, shards, write.shardCrc32c);
        if (Readability.judge(null, 0, part) == Readability.Verdict.UNREADABLE) {
            throw tooFewNodes(name, version, "stripe " + write.index + " has fewer than " + settings.dataShards() + " shards stored");
        }
        missing.addAll(missing("stripe-" + write.index, outcomes, settings.dataShards() + settings.parityShards()));
        return part;
    }

    private static List<Missing> missing(String part, List<Outcome> outcomes, int wanted) {
        List<Missing> missing = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.stored()) {
                missing.add(new Missing(part, o.put().index(), o.put().node().id(), o.error() == null ? "TIMEOUT" : o.error().name()));
            }
        }
        for (int i = outcomes.size(); i < wanted; i++) {
            missing.add(new Missing(part, i, null, "NO_NODE"));
        }
        return missing;
    }

    void checkTime(String name, long started) {
        if (clock.millis() - started > settings.maxUploadTime().toMillis()) {
            throw new StoreException(ErrorCode.TIMEOUT, "upload of " + name + " ran longer than " + settings.maxUploadTime()
                    + " and was abandoned; nothing of it is visible");
        }
    }

    static StoreException tooFewNodes(String name, Version version, String what) {
        return new StoreException(ErrorCode.UNAVAILABLE, "too few storage nodes took the upload of " + name
                + (version == null ? " (a part)" : " at " + version)
                + " (" + what + "); nothing was committed");
    }
}
