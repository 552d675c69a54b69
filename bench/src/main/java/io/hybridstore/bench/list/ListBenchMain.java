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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * {@code make bench-list} (issue 15), one step per run of this class, driven by
 * {@code bench/run-list-bench.sh}, which starts an etcd for each size on a data directory it keeps
 * between runs (so a probe does not load 1M records again):
 *
 * <pre>
 * load ENDPOINT FROM TO                       records FROM..TO-1 into an etcd holding the first FROM; compacts
 * time ENDPOINT SIZE SAMPLES                  at SIZE records: the pages, the recount and the report (table rows)
 * bucket-load ENDPOINT OBJECTS                an S3 bucket of OBJECTS blob records ({@link S3ListTimer}); compacts
 * bucket-time ENDPOINT S3_URL OBJECTS SAMPLES ListObjectsV2 pages through a gateway on that etcd (a table row)
 * write-cost ENDPOINT ROUNDS                  {@link WriteCost} on an empty etcd (a table)
 * </pre>
 *
 * The pages are timed through the {@link Catalogue} on the real metadata store: a prefix page of
 * 1,000, a selective filtered page and a non-selective one, from random cursors, with etcd's
 * database size. Not a test: figures depend on the machine.
 *
 * <p>Data: keys {@code obj/0000000...}; every 10th object a blob, the rest documents with indexed
 * {@code owner} (100 values) and {@code score} (1,000 values); tag {@code common} on half, tag
 * {@code t1000} on one in 1,000 (the selective filter), all clean but one in 100 in progress.
 */
public final class ListBenchMain {

    private static final String PREFIX = "obj/";
    private static final int PAGE = 1000;
    private ListBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String endpoint = args[1];
        long etcdPid = Long.parseLong(System.getenv().getOrDefault("ETCD_PID", "0"));
        try (EtcdConnection etcd = EtcdConnection.connect(List.of(endpoint), "/hybridstore", Duration.ofSeconds(30))) {
            switch (mode) {
                case "load" -> load(etcd, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                case "time" -> time(etcd, endpoint, Integer.parseInt(args[2]), Integer.parseInt(args[3]), etcdPid);
                case "bucket-load" -> {
                    long start = System.nanoTime();
                    S3ListTimer.load(etcd, Integer.parseInt(args[2]));
                    System.err.printf(Locale.ROOT, "loaded %,d blob records into bucket %s in %.1f s%n", Integer.parseInt(args[2]),
                            S3ListTimer.BUCKET, (System.nanoTime() - start) / 1e9);
                    compactNow(etcd);
                }
                case "bucket-time" -> {
                    EtcdQuiet.await(etcdPid, "before ListObjectsV2");
                    System.out.println(S3ListTimer.open(etcd, java.net.URI.create(args[2]))
                            .time(Integer.parseInt(args[3]), Integer.parseInt(args[4]), warmUp(Integer.parseInt(args[4])), etcdPid, endpoint));
                }
                case "write-cost" -> System.out.println("| write step | p50 ms | mean ms | p99 ms |\n|---|---|---|---|\n"
                        + WriteCost.measure(etcd, Integer.parseInt(args[2])));
                default -> throw new IllegalArgumentException("unknown step " + mode);
            }
        }
    }

    private static void load(EtcdConnection etcd, int from, int to) throws Exception {
        long start = System.nanoTime();
        BulkLoader loader = new BulkLoader(etcd);
        for (int i = from; i < to; i++) {
            loader.add(record(i));
        }
        loader.finish();
        System.err.printf(Locale.ROOT, "loaded %,d records (%,d new in %.1f s)%n", to, to - from, (System.nanoTime() - start) / 1e9);
        compactNow(etcd);
    }

    private static void time(EtcdConnection etcd, String endpoint, int size, int samples, long etcdPid) throws Exception {
        Map<String, ListFilter> queries = new LinkedHashMap<>();
        queries.put("prefix page of 1,000", ListFilter.ALL);
        queries.put("selective: tag=t1000 (0.1 %)", filter(null, Set.of("t1000")));
        queries.put("non-selective: kind=document & tag=common (45 %)", filter("document", Set.of("common")));
        Catalogue catalogue = new Catalogue(new EtcdMetadataStore(etcd));
        EtcdQuiet.await(etcdPid, "before the pages at " + size);
        long dbBytes = etcd.client().getMaintenanceClient().statusMember(endpoint).get().getDbSize();
        Random random = new Random(size);
        for (Map.Entry<String, ListFilter> query : queries.entrySet()) {
            Histogram micros = new Histogram(60_000_000L, 3);
            long items = 0;
            CpuClock cpu = null;
            EtcdRequests requests = null;
            for (int s = -warmUp(samples); s < samples; s++) { // the warm-up pages are not counted
                if (s == 0) {
                    cpu = CpuClock.start(etcdPid);
                    requests = EtcdRequests.read(endpoint);
                }
                String after = PREFIX + String.format("%07d", random.nextInt(size));
                long t = System.nanoTime();
                ListPage page = catalogue.list(new ListQuery(PREFIX, after, null, PAGE, query.getValue()));
                long took = (System.nanoTime() - t) / 1000;
                if (s >= 0) {
                    micros.recordValue(took);
                    items += page.objects().size();
                }
            }
            String cpuPerPage = cpu.perSample(samples);
            System.out.println(String.format(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %,d | %s | %s | %.0f MiB |", size, query.getKey(),
                    micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, items / samples,
                    cpuPerPage, EtcdRequests.read(endpoint).perSampleSince(requests, samples), dbBytes / 1048576.0));
        }
        ReportTimer.time(etcd, PREFIX, size, samples, etcdPid).forEach(System.out::println);
    }

    /**
     * Pages timed and not counted before each query's samples: the JIT compiles the page's path, etcd's
     * caches fill. Each size's timing runs in a fresh JVM: with 25 warm-up pages its C2 was still
     * compiling through the samples (22-33 ms of bench CPU per page against 5-9 ms warm, session 15),
     * which put every 1M p99 at 52-60 ms; 200 pages is a few seconds per query.
     */
    static int warmUp(int samples) {
        return Math.max(200, samples * 2);
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
