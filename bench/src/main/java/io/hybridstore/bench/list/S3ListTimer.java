package io.hybridstore.bench.list;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.AccessKeyGenerator;
import io.hybridstore.common.auth.sigv4.Canonical;
import io.hybridstore.common.auth.sigv4.Hashes;
import io.hybridstore.common.auth.sigv4.Scope;
import io.hybridstore.common.auth.sigv4.SigningKeys;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.io.etcd.EtcdAccessKeyStore;
import io.hybridstore.io.etcd.EtcdBucketStore;
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

    static final String BUCKET = "s3bench";
    private static final String REGION = "us-east-1";
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

    /** Creates the bucket in etcd and loads {@code objects} blob records into it. */
    static void load(EtcdConnection etcd, int objects) {
        new EtcdBucketStore(etcd).create(new Bucket(BUCKET, "bench", System.currentTimeMillis(), REGION, false));
        BulkLoader loader = new BulkLoader(etcd);
        for (int i = 0; i < objects; i++) {
            loader.add(blob(i));
        }
        loader.finish();
    }

    /** A timer for the bucket {@link #load} filled, with an access key of its own. */
    static S3ListTimer open(EtcdConnection etcd, URI endpoint) {
        return new S3ListTimer(endpoint, new EtcdAccessKeyStore(etcd, AccessKeyGenerator.system()).create("bench"));
    }

    /** A table row: p50 and p99 of {@code samples} pages (after a tenth unmeasured), keys per page. */
    String time(int objects, int samples, int warmUp, long etcdPid, String etcdEndpoint) throws Exception {
        awaitListener();
        Histogram micros = new Histogram(60_000_000L, 3);
        Random random = new Random(objects);
        long keys = 0;
        CpuClock cpu = null;
        CpuClock gatewayCpu = null;
        long gatewayPid = Long.parseLong(System.getenv().getOrDefault("GATEWAY_PID", "0"));
        EtcdRequests requests = null;
        for (int s = -warmUp; s < samples; s++) {
            if (s == 0) {
                cpu = CpuClock.start(etcdPid);
                gatewayCpu = CpuClock.start(gatewayPid);
                requests = EtcdRequests.read(etcdEndpoint);
            }
            String after = String.format("%07d", random.nextInt(objects));
            long t = System.nanoTime();
            String xml = listV2(after);
            long took = (System.nanoTime() - t) / 1000;
            if (s >= 0) {
                micros.recordValue(took);
                keys += count(xml, "<Key>");
            }
        }
        String gateway = gatewayCpu.perSample(samples);
        String etcdAndBench = cpu.perSample(samples);
        return String.format(Locale.ROOT, "| %,d | ListObjectsV2 through the gateway, max-keys 1,000 | %.1f | %.1f | %,d | %s (gateway %s) | %s | |",
                objects, micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, keys / samples,
                etcdAndBench, gateway.substring(0, gateway.indexOf(' ')), EtcdRequests.read(etcdEndpoint).perSampleSince(requests, samples));
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

    private String listV2(String startAfter) throws Exception {
        String path = "/" + BUCKET;
        String query = "list-type=2&max-keys=1000&start-after=" + startAfter;
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

    /** Object {@code i} of the bucket: a replicated blob as an S3 PutObject of ~5 KB leaves it. */
    private static ObjectMetadata blob(int i) {
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
