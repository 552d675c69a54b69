package io.hybridstore.bench.list;

import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.record.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Prints a SHA-1 over the etcd keys and values {@link BulkLoader} puts for the first
 * {@value #SAMPLED} objects of each kind {@link BenchData} makes (every pattern it varies by repeats
 * within them): bench/run-list-bench.sh keys its kept data directories by it, so a change to what is
 * loaded (the generators, the record encoding, the index entries) loads afresh, and any other change
 * (a faster decoder, the timing code) keeps the 1M records that take ~20 minutes to load.
 */
final class LoadFingerprint {

    static final int SAMPLED = 10_000;

    private LoadFingerprint() {
    }

    public static void main(String[] args) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        ClusterKeys keys = ClusterKeys.defaults();
        for (int i = 0; i < SAMPLED; i++) {
            add(sha1, keys, BenchData.record(i));
            add(sha1, keys, BenchData.blob(i));
        }
        System.out.println(HexFormat.of().formatHex(sha1.digest()));
    }

    private static void add(MessageDigest sha1, ClusterKeys keys, ObjectMetadata record) {
        sha1.update(keys.object(record.key()).getBytes(StandardCharsets.UTF_8));
        sha1.update(RecordCodec.encode(record));
        for (String entry : IndexEntries.of(record)) {
            sha1.update((keys.indexPrefix() + entry).getBytes(StandardCharsets.UTF_8));
        }
    }
}
