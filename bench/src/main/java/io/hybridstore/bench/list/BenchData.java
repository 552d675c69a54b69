package io.hybridstore.bench.list;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.io.etcd.EtcdBucketStore;
import io.hybridstore.io.etcd.EtcdConnection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code make bench-list} loads into etcd, and nothing else: bench/run-list-bench.sh keys its
 * kept data directories by a hash over this file, {@link BulkLoader} and the model's encoding
 * (IndexEntries, IndexKeys, RecordCodec). The timing code lives elsewhere, so changing how pages
 * are timed does not cost a reload of 1M records (~20 minutes).
 *
 * <p>The catalogue's data: keys {@code obj/0000000...}; every 10th object a blob, the rest
 * documents with indexed {@code owner} (100 values) and {@code score} (1,000 values); tag
 * {@code common} on half, tag {@code t1000} on one in 1,000 (the selective filter), all clean but
 * one in 100 in progress. The S3 bucket's: blob records {@code s3bench/0000000...} only (S3 lists
 * blobs, so the catalogue's documents would leave its pages nine-tenths empty).
 */
final class BenchData {

    static final String PREFIX = "obj/";
    static final String BUCKET = "s3bench";
    static final String REGION = "us-east-1";

    private BenchData() {
    }

    /** Records {@code from..to-1} into an etcd holding the first {@code from}. */
    static void load(EtcdConnection etcd, int from, int to) {
        BulkLoader loader = new BulkLoader(etcd);
        for (int i = from; i < to; i++) {
            loader.add(record(i));
        }
        loader.finish();
    }

    /** Creates the bucket in etcd and loads {@code objects} blob records into it. */
    static void loadBucket(EtcdConnection etcd, int objects) {
        new EtcdBucketStore(etcd).create(new Bucket(BUCKET, "bench", System.currentTimeMillis(), REGION, false));
        BulkLoader loader = new BulkLoader(etcd);
        for (int i = 0; i < objects; i++) {
            loader.add(blob(i));
        }
        loader.finish();
    }

    /** Object {@code i}: a record of the shape the gateway writes (3 hot replicas; no cold part). */
    static ObjectMetadata record(int i) {
        String key = PREFIX + String.format("%07d", i);
        String sha = String.format("%064x", (long) i * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
        long at = 1_767_225_600_000L + i * 1000L;
        List<ChunkLocation> replicas = List.of(new ChunkLocation(0, "node-" + (i % 8 + 1), "h-" + sha, at),
                new ChunkLocation(1, "node-" + ((i + 3) % 8 + 1), "h-" + sha, at), new ChunkLocation(2, "node-" + ((i + 5) % 8 + 1), "h-" + sha, at));
        TreeSet<String> tags = new TreeSet<>();
        if (i % 2 == 0) {
            tags.add("common");
        }
        if (i % 1000 == 0) {
            tags.add("t1000");
        }
        ObjectState state = i % 100 == 7 ? ObjectState.IN_PROGRESS : ObjectState.CLEAN;
        ObjectLabels labels = new ObjectLabels(tags, null, null, null);
        Version version = new Version(i % 16, i);
        if (i % 10 == 3) {
            return new ObjectMetadata(key, version, state, List.of(), new HotPart(sha, 5000 + i % 977, replicas), null, List.of(),
                    List.of(), at, at, new BlobInfo("image/jpeg", 5000 + i % 977, sha, 0, null, "u" + i), List.of(), labels);
        }
        TreeMap<String, String> fields = new TreeMap<>(Map.of("owner", "o" + i % 100, "score", Integer.toString(i % 1000)));
        return new ObjectMetadata(key, version, state, List.of("owner", "score", "text"), new HotPart(sha, 120 + i % 50, replicas),
                null, List.of(), List.of(), at, at, null, List.of(), labels, fields);
    }

    /** Object {@code i} of the bucket: a replicated blob as an S3 PutObject of ~5 KB leaves it. */
    static ObjectMetadata blob(int i) {
        String key = BUCKET + "/" + String.format("%07d", i);
        String sha = String.format("%064x", (long) i * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
        long at = 1_767_225_600_000L + i * 1000L;
        List<ChunkLocation> replicas = List.of(new ChunkLocation(0, "node-" + (i % 8 + 1), "h-" + sha, at),
                new ChunkLocation(1, "node-" + ((i + 3) % 8 + 1), "h-" + sha, at), new ChunkLocation(2, "node-" + ((i + 5) % 8 + 1), "h-" + sha, at));
        long size = 5000 + i % 977;
        return new ObjectMetadata(key, new Version(i % 16, i), ObjectState.CLEAN, List.of(), new HotPart(sha, size, replicas), null,
                List.of(), List.of(), at, at, new BlobInfo("application/octet-stream", size, sha, 0, null, "s" + i), List.of());
    }
}
