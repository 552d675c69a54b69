package io.hybridstore.e2e.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.cluster.LocalClusterBuilder;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.cluster.AppCopies;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.e2e.Teardown;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Blobs against real processes: etcd, Kafka, 7 storage nodes, 2 gateways and a healer, every app
 * JVM at {@code -Xmx128m} so that a 100 MiB blob only passes if it is streamed. Default blob
 * settings: replicated up to 1 MiB, 4 MiB stripes coded RS(4,2). The second gateway shows that
 * several gateways at once are safe: one key written through both ends at its highest version.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlobEndToEndTest {

    private static final int MIB = 1 << 20;
    private static final int STRIPE = 4 * MIB;
    private static final int BIG = 100 * MIB;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalCluster cluster;
    private static AppCopies apps;
    private static byte[] big;

    @BeforeAll
    static void startCluster() throws Exception {
        Path base = Path.of("target", "blob-e2e", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        LocalClusterBuilder builder = LocalCluster.builder().baseDir(base).storageNodes(7).gateways(2).healers(1);
        // Private copies of the app builds: other modules may be rebuilt in this checkout while we run.
        apps = AppCopies.of(base.resolve("apps"), List.of("storage-node", "api-gateway", "healer"));
        MissingApps.check(apps.missing().isEmpty(), "needs the storage-node, api-gateway and healer jars; not built: " + apps.missing());
        cluster = apps.useIn(builder)
                .javaOpts("-Xmx128m")
                .appEnv("HEALER_INTERVAL", "1s")
                // GC grace above the gateway's max upload time, as in production (1 h vs 30 min): a chunk
                // of an upload still streaming is unreferenced, and only the grace keeps GC off it.
                .appEnv("HEALER_GC_GRACE", "25s")
                .appEnv("GATEWAY_BLOB_MAX_UPLOAD_TIME", "20s")
                .appEnv("HEALER_NODE_CACHE", "300ms")
                .appEnv("GATEWAY_REPLAY_GRACE", "2s")
                .startTimeout(Duration.ofSeconds(180))
                .start();
        big = new byte[BIG];
        new Random(42).nextBytes(big);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Teardown.close(cluster, apps);
    }

    @Test
    @Order(1)
    void everySizeRoundTripsWithItsSha256AsETag() throws Exception {
        int[] sizes = {0, 1, STRIPE - 1, STRIPE, STRIPE + 1};
        Random random = new Random(1);
        for (int size : sizes) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            HttpResponse<String> put = put("sizes/" + size, data);
            assertEquals(200, put.statusCode(), "size " + size + ": " + put.body());
            HttpResponse<byte[]> got = HTTP.send(get("sizes/" + size).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            assertArrayEquals(data, got.body(), "size " + size);
            assertEquals("\"" + sha256(data) + "\"", got.headers().firstValue("ETag").orElse(""));
        }
        assertEquals(5, sizes.length);
    }

    @Test
    @Order(2)
    void a100MibBlobStreamsThroughAGatewayWith128MibOfHeap() throws Exception {
        long gatewayPid = cluster.pid("gateway-1").orElseThrow();
        long start = System.nanoTime();
        HttpResponse<String> put = put("big/100m", big);
        long upMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, put.statusCode(), put.body());
        assertTrue(put.body().contains("\"stripes\":25"), put.body());
        start = System.nanoTime();
        byte[] back = download("big/100m", 0, () -> { });
        long downMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(sha256(big), sha256(back));
        assertEquals(gatewayPid, cluster.pid("gateway-1").orElseThrow(), "the gateway did not die (out of memory) on the way");
        ObjectMetadata m = meta("big/100m");
        assertEquals(25, m.stripes().size());
        assertTrue(m.stripes().stream().allMatch(s -> s.shards().stream().map(ChunkLocation::nodeId).distinct().count() == 6));
        System.out.printf("blob e2e: 100 MiB up in %d ms, down in %d ms%n", upMillis, downMillis);
    }

    @Test
    @Order(3)
    void rangeReads() throws Exception {
        int checked = 0;
        for (long[] r : new long[][] {{0, 9}, {STRIPE - 5, STRIPE + 5}, {3L * STRIPE, 5L * STRIPE - 1}, {BIG - 100, BIG - 1}}) {
            HttpResponse<byte[]> part = HTTP.send(get("big/100m").header("Range", "bytes=" + r[0] + "-" + r[1]).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, part.statusCode());
            assertEquals("bytes " + r[0] + "-" + r[1] + "/" + BIG, part.headers().firstValue("Content-Range").orElse(""));
            assertArrayEquals(Arrays.copyOfRange(big, (int) r[0], (int) r[1] + 1), part.body());
            checked++;
        }
        assertEquals(4, checked);
    }

    @Test
    @Order(4)
    void aNodeKilledMidDownloadCostsParityNotTheDownload() throws Exception {
        // A node holding a shard of a stripe far ahead of the read-ahead when the kill happens.
        String victim = meta("big/100m").stripes().get(20).shards().get(1).nodeId();
        try {
            byte[] back = download("big/100m", 8 * MIB, () -> cluster.kill(victim));
            assertEquals(sha256(big), sha256(back), "every byte, through parity for the stripes " + victim + " held");
        } finally {
            cluster.start(victim);
            cluster.awaitHealthy(Duration.ofSeconds(120));
        }
    }

    @Test
    @Order(5)
    void anInterruptedUploadLeavesNothingVisibleAndItsChunksAreCollected() throws Exception {
        byte[] fresh = new byte[20 * MIB];
        new Random(7).nextBytes(fresh);
        // Stripe shards are named s-{upload id}-{stripe}-4-2-{shard}, and the upload id is the gateway's:
        // the interrupted upload's shards are the stripe shards that were not on the nodes before it.
        Set<String> before = stripeShardIds();
        URI gateway = cluster.url("gateway-1");
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /blobs/interrupted HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (40 * MIB) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(fresh); // 5 of 10 stripes, then the client goes away
            out.flush();
        }
        Set<String> ids = new HashSet<>();
        waitUntil("shards of the interrupted upload on the nodes", Duration.ofSeconds(30), () -> {
            stripeShardIds().stream().filter(id -> !before.contains(id)).forEach(ids::add);
            return !ids.isEmpty();
        });
        int leftovers = present(ids).size();
        assertEquals(404, HTTP.send(get("interrupted").build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        waitUntil("the healer's GC to delete the " + leftovers + "+ leftover shards", Duration.ofSeconds(120), () -> {
            // Shards still in flight when the client left may land after the first look.
            stripeShardIds().stream().filter(id -> !before.contains(id)).forEach(ids::add);
            return present(ids).isEmpty();
        });
        assertEquals(404, HTTP.send(get("interrupted").build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertTrue(ids.size() <= 5 * 6, "at most the 5 stripes sent, 6 shards each: " + ids.size());
        assertEquals(sha256(big), sha256(download("big/100m", 0, () -> { })), "committed blobs keep their chunks");
    }

    @Test
    @Order(6)
    void theHealerRebuildsTheStripeShardsOfAKilledNode() throws Exception {
        String victim = meta("big/100m").stripes().get(0).shards().get(0).nodeId();
        long affected = meta("big/100m").stripes().stream()
                .filter(s -> s.shards().stream().anyMatch(l -> l.nodeId().equals(victim))).count();
        long writtenAt = meta("big/100m").updatedAt();
        String lastModified = range("gateway-2", "big/100m", 0, 0).headers().firstValue("Last-Modified").orElseThrow();
        cluster.kill(victim);
        try {
            waitUntil("every stripe of big/100m on 6 distinct live nodes, state CLEAN", Duration.ofSeconds(120), () -> {
                ObjectMetadata m = meta("big/100m");
                return m.state() == ObjectState.CLEAN && m.stripes().size() == 25 && m.stripes().stream().allMatch(s ->
                        s.shards().stream().allMatch(l -> l.stored() && !l.nodeId().equals(victim))
                                && s.shards().stream().map(ChunkLocation::nodeId).distinct().count() == 6);
            });
            assertTrue(affected > 0, victim + " held shards of " + affected + " stripes");
            assertEquals(sha256(big), sha256(download("big/100m", 0, () -> { })), "the rebuilt shards decode to the blob");
            // Rebuilding shards is no modification of the blob: a sync tool comparing times must not fetch it again.
            assertEquals(writtenAt, meta("big/100m").updatedAt(), "the record keeps the blob's modification time");
            assertEquals(lastModified, range("gateway-2", "big/100m", 0, 0).headers().firstValue("Last-Modified").orElseThrow());
        } finally {
            cluster.start(victim);
            cluster.awaitHealthy(Duration.ofSeconds(120));
        }
    }

    @Test
    @Order(7)
    void twoGatewaysWritingOneKeyEndAtItsHighestVersionAndServeTheSameBytes() throws Exception {
        Map<String, String> bodies = new ConcurrentHashMap<>(); // version -> writer
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 24; i++) {
                int writer = i;
                String gw = cluster.gatewayNames().get(i % 2);
                pool.submit(() -> {
                    try {
                        String doc = "{\"key\":\"shared-key\",\"value\":{\"writer\":" + writer + ",\"pad\":\"" + "p".repeat(400) + "\"}}";
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url(gw) + "/write"))
                                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(doc)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 && r.statusCode() != 202) { // 202: committed, a node was slow
                            failures.add(gw + ": " + r.statusCode() + " " + r.body());
                            return;
                        }
                        bodies.put(r.headers().firstValue("ETag").orElseThrow().replace("\"", ""), Integer.toString(writer));
                    } catch (IOException | InterruptedException e) {
                        failures.add(gw + ": " + e);
                    }
                });
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(24, bodies.size(), "24 distinct versions");
        String highest = bodies.keySet().stream().map(io.hybridstore.common.model.Version::parse).max(Comparator.naturalOrder())
                .orElseThrow().toString();
        for (String gw : cluster.gatewayNames()) {
            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url(gw) + "/read/shared-key"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode());
            assertEquals("\"" + highest + "\"", read.headers().firstValue("ETag").orElse(""), gw + " serves the highest version");
            assertTrue(read.body().contains("\"writer\":" + bodies.get(highest) + ","), read.body());
        }
        // A blob written through one gateway is the same bytes through the other.
        HttpResponse<byte[]> other = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url("gateway-2") + "/blobs/big/100m"))
                .header("Range", "bytes=1000-1999").timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, other.statusCode());
        assertArrayEquals(Arrays.copyOfRange(big, 1000, 2000), other.body());
    }

    /**
     * gateway-1 keeps the records of blobs it served (its record cache): a PUT or DELETE through
     * gateway-2 that has returned is seen by gateway-1's next ranged read all the same.
     */
    @Test
    @Order(8)
    void aRangeReadAfterAPutOrDeleteThroughTheOtherGatewayIsOfTheNewBlob() throws Exception {
        Random random = new Random(8);
        byte[] old = new byte[3 * STRIPE];
        byte[] now = new byte[3 * STRIPE];
        random.nextBytes(old);
        random.nextBytes(now);
        assertEquals(200, put("cached/k", old).statusCode());
        double hitsBefore = cacheHits();
        int first = STRIPE - 10;
        int last = 2 * STRIPE + 10;
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Arrays.copyOfRange(old, first, last + 1), range("gateway-1", "cached/k", first, last).body(), "read " + i);
        }
        assertTrue(cacheHits() >= hitsBefore + 2, "the second and third reads were served from the cache");
        HttpResponse<String> replaced = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url("gateway-2") + "/blobs/cached/k"))
                .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(now)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertArrayEquals(Arrays.copyOfRange(now, first, last + 1), range("gateway-1", "cached/k", first, last).body(), "the PUT's bytes");
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url("gateway-2") + "/blobs/cached/k"))
                .timeout(Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(deleted.statusCode() / 100 == 2, deleted.statusCode() + " " + deleted.body());
        assertEquals(404, range("gateway-1", "cached/k", first, last).statusCode(), "gone after the DELETE");
    }

    private static HttpResponse<byte[]> range(String gateway, String name, int first, int last) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url(gateway) + "/blobs/" + encode(name)))
                .header("Range", "bytes=" + first + "-" + last).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** gateway-1's record cache hits so far ({@code hybridstore_gateway_read_record_cache_total{result="hit"}}). */
    private static double cacheHits() throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url("gateway-1") + "/q/metrics")).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("hybridstore_gateway_read_record_cache_total{") && l.contains("result=\"hit\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpResponse<String> put(String name, byte[] data) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url("/blobs/" + encode(name))).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder get(String name) {
        return HttpRequest.newBuilder(url("/blobs/" + encode(name))).timeout(Duration.ofSeconds(120)).GET();
    }

    /** The whole blob, read slowly enough that {@code midway} runs while most of it is still to come. */
    private static byte[] download(String name, int midwayAt, Runnable midway) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(get(name).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream in = response.body()) {
            byte[] head = in.readNBytes(midwayAt);
            midway.run();
            byte[] rest = in.readAllBytes();
            byte[] all = Arrays.copyOf(head, head.length + rest.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            return all;
        }
    }

    private static ObjectMetadata meta(String name) {
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(url("/admin/objects/" + encode(name)))
                    .header("Authorization", "Bearer " + cluster.clusterToken())
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            return ModelJson.fromBytes(r.body(), ObjectMetadata.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern STRIPE_SHARD = Pattern.compile("s-[0-9a-f-]{36}-[0-9]+-4-2-[0-5]");

    /** The ids of every blob stripe shard on any node's disk. */
    private static Set<String> stripeShardIds() {
        return chunkFiles(name -> STRIPE_SHARD.matcher(name).matches());
    }

    /** Which of {@code ids} some node holds on its disk (quarantined and temporary files aside). */
    private static Set<String> present(Set<String> ids) {
        return chunkFiles(ids::contains);
    }

    /** The names {@code wanted} accepts among the files under every node's chunks directory. */
    private static Set<String> chunkFiles(Predicate<String> wanted) {
        Set<String> found = new HashSet<>();
        for (String node : cluster.nodeNames()) {
            Path chunks = cluster.dataDir(node).resolve("chunks");
            if (!Files.isDirectory(chunks)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(chunks)) {
                walk.map(p -> p.getFileName().toString()).filter(wanted).forEach(found::add);
            } catch (IOException | UncheckedIOException e) {
                // A file renamed or deleted while walking: the next poll sees the settled state.
            }
        }
        return found;
    }

    private static URI url(String path) {
        return URI.create(cluster.url("gateway-1") + path);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
