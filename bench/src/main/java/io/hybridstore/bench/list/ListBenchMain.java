package io.hybridstore.bench.list;

import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.common.catalogue.ListFilter;
import io.hybridstore.common.catalogue.ListPage;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * {@code make bench-list} (issue 15): loads object records into a dedicated etcd step by step
 * (10k, 100k, 1M by default) and at each size times, through the {@link Catalogue} on the real
 * metadata store, a prefix page of 1,000, a selective filtered page and a non-selective one, from
 * random cursors, with etcd's database size. Not a test: figures depend on the machine.
 *
 * <p>Data: keys {@code obj/0000000...}; every 10th object a blob, the rest documents with indexed
 * {@code owner} (100 values) and {@code score} (1,000 values); tag {@code common} on half, tag
 * {@code t1000} on one in 1,000 (the selective filter), all clean but one in 100 in progress.
 *
 * <pre>args: ENDPOINT [SIZES (10000,100000,1000000)] [SAMPLES (100)] [WRITE_ROUNDS (0: skip {@link WriteCost})]</pre>
 */
public final class ListBenchMain {

    private static final String PREFIX = "obj/";
    private static final int PAGE = 1000;

    private ListBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        List<Integer> sizes = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList()
                : List.of(10_000, 100_000, 1_000_000);
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int writeRounds = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        long etcdPid = Long.parseLong(System.getenv().getOrDefault("ETCD_PID", "0"));
        Map<String, Function<Integer, ListFilter>> queries = new LinkedHashMap<>();
        queries.put("prefix page of 1,000", n -> ListFilter.ALL);
        queries.put("selective: tag=t1000 (0.1 %)", n -> filter(null, Set.of("t1000")));
        queries.put("non-selective: kind=document & tag=common (45 %)", n -> filter("document", Set.of("common")));
        List<String> rows = new ArrayList<>();
        String writeCost;
        try (EtcdConnection etcd = EtcdConnection.connect(List.of(endpoint), "/hybridstore", Duration.ofSeconds(30))) {
            Catalogue catalogue = new Catalogue(new EtcdMetadataStore(etcd));
            writeCost = writeRounds > 0 ? WriteCost.measure(etcd, writeRounds) : null;
            int loaded = 0;
            for (int size : sizes) {
                long start = System.nanoTime();
                BulkLoader loader = new BulkLoader(etcd);
                for (int i = loaded; i < size; i++) {
                    loader.add(record(i));
                }
                loader.finish();
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "loaded %,d records (%,d new in %.1f s)%n", size, size - loaded, loadSeconds);
                loaded = size;
                compactNow(etcd);
                long dbBytes = etcd.client().getMaintenanceClient().statusMember(endpoint).get().getDbSize();
                Random random = new Random(size);
                for (Map.Entry<String, Function<Integer, ListFilter>> query : queries.entrySet()) {
                    Histogram micros = new Histogram(60_000_000L, 3);
                    long items = 0;
                    CpuClock cpu = null;
                    for (int s = -samples / 10; s < samples; s++) { // the first tenth warms up and is not counted
                        if (s == 0) {
                            cpu = CpuClock.start(etcdPid);
                        }
                        String after = PREFIX + String.format("%07d", random.nextInt(size));
                        long t = System.nanoTime();
                        ListPage page = catalogue.list(new ListQuery(PREFIX, after, null, PAGE, query.getValue().apply(size)));
                        long took = (System.nanoTime() - t) / 1000;
                        if (s >= 0) {
                            micros.recordValue(took);
                            items += page.objects().size();
                        }
                    }
                    rows.add(String.format(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %,d | %s | %.0f MiB |", size, query.getKey(),
                            micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, items / samples,
                            cpu.perSample(samples), dbBytes / 1048576.0));
                    System.err.println(rows.get(rows.size() - 1));
                }
                rows.addAll(ReportTimer.time(etcd, PREFIX, size, samples, etcdPid));
                System.err.println(rows.get(rows.size() - 1));
            }
            String s3 = System.getenv("S3_URL");
            if (s3 != null && !s3.isBlank()) {
                int objects = sizes.get(sizes.size() - 1);
                long start = System.nanoTime();
                S3ListTimer timer = S3ListTimer.prepare(etcd, java.net.URI.create(s3), objects);
                System.err.printf(Locale.ROOT, "loaded %,d blob records into bucket %s in %.1f s%n", objects, S3ListTimer.BUCKET,
                        (System.nanoTime() - start) / 1e9);
                rows.add(timer.time(objects, samples, etcdPid));
                System.err.println(rows.get(rows.size() - 1));
            }
        }
        System.out.println("| objects | query | p50 ms | p99 ms | items per page | CPU ms per page (etcd / bench) | etcd db size |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        if (writeCost != null) {
            System.out.println();
            System.out.println("| write step | p50 ms | mean ms | p99 ms |");
            System.out.println("|---|---|---|---|");
            System.out.println(writeCost);
        }
    }

    /**
     * Compacts etcd's history up to now and waits until it is applied: otherwise the 5-minute
     * auto-compaction of a load's revisions (3 minutes of etcd CPU after loading 900k records, in the
     * run of 2026-12-04 14:51) lands in the middle of the timed pages.
     */
    private static void compactNow(EtcdConnection etcd) throws Exception {
        long start = System.nanoTime();
        long revision = etcd.client().getKVClient().get(io.etcd.jetcd.ByteSequence.from("/", java.nio.charset.StandardCharsets.UTF_8))
                .get(1, java.util.concurrent.TimeUnit.MINUTES).getHeader().getRevision();
        etcd.client().getKVClient().compact(revision, io.etcd.jetcd.options.CompactOption.builder().withCompactPhysical(true).build())
                .get(30, java.util.concurrent.TimeUnit.MINUTES);
        System.err.printf(Locale.ROOT, "compacted to revision %d in %.1f s%n", revision, (System.nanoTime() - start) / 1e9);
    }

    private static ListFilter filter(String kind, Set<String> tags) {
        return new ListFilter(kind, null, null, null, null, tags, null, null, null);
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
}
