package io.hybridstore.bench.list;

import io.etcd.jetcd.options.GetOption;
import io.hybridstore.io.etcd.EtcdConnection;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Reads every record of a loaded prefix once, in key order, before any page is timed: an etcd that
 * has just opened a kept data directory serves its first reads of each part of the db from cold
 * pages (the lead's 1M run of 2026-12-04 18:40 paid 1.2-3.8× the etcd CPU per page of a warm one,
 * and a first range took 365 ms), which a long-running etcd would not. A record and its index
 * entries were put in one transaction, so they sit together in etcd's revision-ordered db: reading
 * the records touches nearly every page of it. The ranges are bounded by keys, with no limit, so
 * etcd does not walk the rest of the prefix to count it (see NarrowingRange).
 */
final class EtcdWarmUp {

    private static final int PER_READ = 10_000;

    private EtcdWarmUp() {
    }

    /** Reads objects {@code 0..count-1} (object key of {@code i}: {@code key.apply(i)}) in ranges of {@value #PER_READ}. */
    static void records(EtcdConnection etcd, IntFunction<String> key, int count) {
        long start = System.nanoTime();
        long values = 0;
        long bytes = 0;
        for (int i = 0; i < count; i += PER_READ) {
            String from = etcd.keys().object(key.apply(i));
            String to = etcd.keys().object(key.apply(Math.min(count, i + PER_READ)));
            var response = etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes(from),
                    GetOption.builder().withRange(EtcdConnection.bytes(to)).build()), "warm up " + from, Duration.ofMinutes(1));
            values += response.getKvs().size();
            bytes += response.getKvs().stream().mapToLong(kv -> kv.getValue().size()).sum();
        }
        System.err.printf(Locale.ROOT, "etcd warm-up: read %,d records (%.0f MiB of values) in key order in %.1f s%n", values,
                bytes / 1048576.0, (System.nanoTime() - start) / 1e9);
    }
}
