package io.hybridstore.bench.list;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.AccessKeyGenerator;
import io.hybridstore.common.auth.sigv4.Canonical;
import io.hybridstore.common.auth.sigv4.Hashes;
import io.hybridstore.common.auth.sigv4.Scope;
import io.hybridstore.common.auth.sigv4.SigningKeys;
import io.hybridstore.io.etcd.EtcdAccessKeyStore;
import io.hybridstore.io.etcd.EtcdConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * ListObjectsV2 pages of 1,000 through a gateway's S3 listener, SigV4-signed as an SDK signs a GET
 * (host, x-amz-date, x-amz-content-sha256), from random start-after keys. The objects are blob
 * records {@code b/k} of one bucket loaded straight into etcd like the catalogue's: S3 lists only
 * blobs, so the catalogue's documents would leave its pages nine-tenths empty.
 */
final class S3ListTimer {

    private static final String BUCKET = BenchData.BUCKET;
    private static final String REGION = BenchData.REGION;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private final URI endpoint;
    private final AccessKey key;
    /** HTTP/1.1 as SDKs send it: an h2c upgrade would carry the host as :authority, not the signed Host header. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final SigningKeys signingKeys = new SigningKeys(4);

    private S3ListTimer(URI endpoint, AccessKey key) {
        this.endpoint = endpoint;
        this.key = key;
    }

    /** A timer for the bucket {@link BenchData#loadBucket} filled, with an access key of its own. */
    static S3ListTimer open(EtcdConnection etcd, URI endpoint) {
        return new S3ListTimer(endpoint, new EtcdAccessKeyStore(etcd, AccessKeyGenerator.system()).create("bench"));
    }

    /**
     * A table row: p50 and p99 of {@code samples} pages, keys per page. First the bucket's records are
     * read once ({@link EtcdWarmUp}), then {@link #warmUpRounds} rounds of untimed pages (each round's
     * figures printed), so the gateway's JIT and etcd's pages are warm.
     */
    String time(EtcdConnection etcd, int objects, int samples, long etcdPid, String etcdEndpoint) throws Exception {
        awaitListener();
        EtcdWarmUp.records(etcd, i -> BUCKET + "/" + String.format("%07d", i), objects);
        Random random = new Random(objects);
        for (int round = 1; round <= warmUpRounds(); round++) {
            Histogram warm = new Histogram(60_000_000L, 3);
            pages(objects, ListBenchMain.WARM_UP_PAGES, random, warm);
            System.err.printf(Locale.ROOT, "warm-up round %d, ListObjectsV2: p50 %.1f ms, p99 %.1f ms%n", round,
                    warm.getValueAtPercentile(50) / 1000.0, warm.getValueAtPercentile(99) / 1000.0);
        }
        long gatewayPid = Long.parseLong(System.getenv().getOrDefault("GATEWAY_PID", "0"));
        Histogram micros = new Histogram(60_000_000L, 3);
        CpuClock cpu = CpuClock.start(etcdPid);
        CpuClock gatewayCpu = CpuClock.start(gatewayPid);
        EtcdRequests requests = EtcdRequests.read(etcdEndpoint);
        long keys = pages(objects, samples, random, micros);
        String gateway = gatewayCpu.perSample(samples);
        String etcdAndBench = cpu.perSample(samples);
        String fromCursors = String.format(Locale.ROOT, "| %,d | ListObjectsV2 through the gateway, max-keys 1,000 | %.1f | %.1f | %,d | %s (gateway %s) | %s | |",
                objects, micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, keys / samples,
                etcdAndBench, gateway.substring(0, gateway.indexOf(' ')), EtcdRequests.read(etcdEndpoint).perSampleSince(requests, samples));
        return fromCursors + "\n" + firstPages(etcd, objects, samples, etcdPid, gatewayPid, etcdEndpoint);
    }

    /**
     * Rows for first pages (no start-after): the gateway's first one with no hint anywhere (the etcd hints
     * deleted; the gateway never read from the bucket's start before), then {@code samples} more.
     */
    private String firstPages(EtcdConnection etcd, int objects, int samples, long etcdPid, long gatewayPid, String etcdEndpoint)
            throws Exception {
        FirstPageTimer.forgetHints(etcd);
        long t = System.nanoTime();
        int coldKeys = count(listV2(null), "<Key>");
        double coldMs = (System.nanoTime() - t) / 1e6;
        Histogram micros = new Histogram(60_000_000L, 3);
        CpuClock cpu = CpuClock.start(etcdPid);
        CpuClock gatewayCpu = CpuClock.start(gatewayPid);
        EtcdRequests requests = EtcdRequests.read(etcdEndpoint);
        long keys = 0;
        for (int s = 0; s < samples; s++) {
            long start = System.nanoTime();
            String xml = listV2(null);
            micros.recordValue((System.nanoTime() - start) / 1000);
            keys += count(xml, "<Key>");
        }
        String gateway = gatewayCpu.perSample(samples);
        return String.format(Locale.ROOT, "| %,d | ListObjectsV2 first page (no start-after), the gateway's first: cold, no hint | %.1f | %.1f | %,d | | | |%n"
                        + "| %,d | ListObjectsV2 first page (no start-after), after it | %.1f | %.1f | %,d | %s (gateway %s) | %s | |",
                objects, coldMs, coldMs, coldKeys, objects, micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                keys / samples, cpu.perSample(samples), gateway.substring(0, gateway.indexOf(' ')),
                EtcdRequests.read(etcdEndpoint).perSampleSince(requests, samples));
    }

    /**
     * Rounds of {@value ListBenchMain#WARM_UP_PAGES} untimed pages ({@code S3_WARM_ROUNDS}, default 10):
     * more than the catalogue's, because the gateway's C2 was still compiling through the samples
     * after 3 (as much CPU as the requests, in the run of 2026-12-04 20:00: JFR's thread loads).
     */
    static int warmUpRounds() {
        return Integer.parseInt(System.getenv().getOrDefault("S3_WARM_ROUNDS", "10"));
    }

    /** {@code count} pages from random start-after keys, each one's latency into {@code micros}; the keys listed. */
    private long pages(int objects, int count, Random random, Histogram micros) throws Exception {
        long keys = 0;
        for (int s = 0; s < count; s++) {
            String after = String.format("%07d", random.nextInt(objects));
            long t = System.nanoTime();
            String xml = listV2(after);
            micros.recordValue((System.nanoTime() - t) / 1000);
            keys += count(xml, "<Key>");
        }
        return keys;
    }

    /** The gateway starts beside the loading; at a small size the listing may come first. */
    private void awaitListener() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                listV2("0");
                return;
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway's S3 listener " + endpoint + " did not open within 2 minutes", e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** @param startAfter null: a first page */
    private String listV2(String startAfter) throws Exception {
        String path = "/" + BUCKET;
        String query = "list-type=2&max-keys=1000" + (startAfter == null ? "" : "&start-after=" + startAfter);
        String timestamp = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String host = endpoint.getHost() + ":" + endpoint.getPort();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of(host));
        headers.put("x-amz-content-sha256", List.of(Hashes.EMPTY_SHA256));
        headers.put("x-amz-date", List.of(timestamp));
        List<String> signed = List.copyOf(headers.keySet());
        Scope scope = new Scope(key.id(), timestamp.substring(0, 8), REGION, "s3");
        String canonical = Canonical.request("GET", path, query, headers, signed, Hashes.EMPTY_SHA256, k -> false);
        String toSign = "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope.text() + "\n" + Hashes.sha256Hex(canonical);
        String signature = Hashes.hex(Hashes.hmac(signingKeys.key(key.secret(), scope), toSign));
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path + "?" + query)).timeout(Duration.ofSeconds(30))
                .header("x-amz-content-sha256", Hashes.EMPTY_SHA256).header("x-amz-date", timestamp)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + key.id() + "/" + scope.text() + ", SignedHeaders="
                        + String.join(";", signed) + ", Signature=" + signature)
                .GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ListObjectsV2 answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }
}
