package io.hybridstore.bench.list;

import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.common.catalogue.ListFilter;
import io.hybridstore.common.catalogue.ListPage;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * 1,000, a selective filtered page and a non-selective one, from random cursors, then first pages
 * (no cursor: {@link FirstPageTimer}), with etcd's database size. Not a test: figures depend on the machine.
 *
 * <p>The data is {@link BenchData}'s.
 */
public final class ListBenchMain {

    private static final String PREFIX = BenchData.PREFIX;
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
                    BenchData.loadBucket(etcd, Integer.parseInt(args[2]));
                    System.err.printf(Locale.ROOT, "loaded %,d blob records into bucket %s in %.1f s%n", Integer.parseInt(args[2]),
                            BenchData.BUCKET, (System.nanoTime() - start) / 1e9);
                    compactNow(etcd);
                }
                case "bucket-time" -> {
                    EtcdQuiet.await(etcdPid, "before ListObjectsV2");
                    System.out.println(S3ListTimer.open(etcd, java.net.URI.create(args[2]))
                            .time(etcd, Integer.parseInt(args[3]), Integer.parseInt(args[4]), etcdPid, endpoint));
                }
                case "write-cost" -> System.out.println("| write step | p50 ms | mean ms | p99 ms |\n|---|---|---|---|\n"
                        + WriteCost.measure(etcd, Integer.parseInt(args[2])));
                default -> throw new IllegalArgumentException("unknown step " + mode);
            }
        }
    }

    private static void load(EtcdConnection etcd, int from, int to) throws Exception {
        long start = System.nanoTime();
        BenchData.load(etcd, from, to);
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
        EtcdWarmUp.records(etcd, i -> PREFIX + String.format("%07d", i), size);
        Random random = new Random(size);
        for (int round = 1; round <= warmUpRounds(); round++) { // every query kind, untimed, until the rounds agree
            for (Map.Entry<String, ListFilter> query : queries.entrySet()) {
                Histogram micros = new Histogram(60_000_000L, 3);
                pages(catalogue, query.getValue(), size, WARM_UP_PAGES, random, micros);
                System.err.printf(Locale.ROOT, "warm-up round %d at %,d, %s: p50 %.1f ms, p99 %.1f ms%n", round, size, query.getKey(),
                        micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0);
            }
        }
        for (Map.Entry<String, ListFilter> query : queries.entrySet()) {
            Histogram micros = new Histogram(60_000_000L, 3);
            CpuClock cpu = CpuClock.start(etcdPid);
            EtcdRequests requests = EtcdRequests.read(endpoint);
            long items = pages(catalogue, query.getValue(), size, samples, random, micros);
            String cpuPerPage = cpu.perSample(samples);
            System.out.println(String.format(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %,d | %s | %s | %.0f MiB |", size, query.getKey(),
                    micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, items / samples,
                    cpuPerPage, EtcdRequests.read(endpoint).perSampleSince(requests, samples), dbBytes / 1048576.0));
        }
        FirstPageTimer.time(etcd, endpoint, PREFIX, size, PAGE, samples, etcdPid, dbBytes).forEach(System.out::println);
        ReportTimer.time(etcd, PREFIX, size, samples, etcdPid).forEach(System.out::println);
    }

    /** {@code count} pages from random cursors, each one's latency into {@code micros}; the items listed. */
    private static long pages(Catalogue catalogue, ListFilter filter, int size, int count, Random random, Histogram micros) {
        long items = 0;
        for (int s = 0; s < count; s++) {
            String after = PREFIX + String.format("%07d", random.nextInt(size));
            long t = System.nanoTime();
            ListPage page = catalogue.list(new ListQuery(PREFIX, after, null, PAGE, filter));
            micros.recordValue((System.nanoTime() - t) / 1000);
            items += page.objects().size();
        }
        return items;
    }

    /** Untimed pages per query and warm-up round. */
    static final int WARM_UP_PAGES = 100;

    /**
     * Warm-up rounds ({@code WARM_ROUNDS}, default 3) of {@value #WARM_UP_PAGES} untimed pages of every
     * query kind, after {@link EtcdWarmUp}: the JIT compiles the page's path in this fresh JVM (with 25
     * warm-up pages its C2 was still compiling through the samples, session 15), and each round's
     * figures are printed so a run shows whether they had settled.
     */
    static int warmUpRounds() {
        return Integer.parseInt(System.getenv().getOrDefault("WARM_ROUNDS", "3"));
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
}
