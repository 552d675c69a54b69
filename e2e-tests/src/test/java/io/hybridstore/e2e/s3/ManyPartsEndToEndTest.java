package io.hybridstore.e2e.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.GetOption;
import io.hybridstore.cluster.AppCopies;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.e2e.Teardown;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An S3 object of more parts than one etcd record holds, on a real cluster: 600 parts of 64 KiB at
 * 32 KiB stripes (the test lowers the part minimum and the stripe size so it moves 38 MiB, not
 * gigabytes) make 1,200 stripes, above the 512 an object had and the 1,024 a record holds inline, so
 * the record is a head and 2 pages of stripes. Completed, read whole and across the pages' boundary,
 * repaired by the healer inside the second page, and deleted with its pages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyPartsEndToEndTest {

    private static final int PARTS = 600;
    private static final int PART = 64 << 10;
    private static final int STRIPE = 32 << 10;
    private static final String KEY = "many/parts.bin";
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalCluster cluster;
    private static AppCopies apps;
    private static S3Client s3;
    private static EtcdConnection etcd;
    private static byte[] whole;

    @BeforeAll
    static void startCluster() throws Exception {
        Path base = Path.of("target", "many-parts-e2e", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        apps = AppCopies.of(base.resolve("apps"), List.of("storage-node", "api-gateway", "healer"));
        MissingApps.check(apps.missing().isEmpty(), "needs the storage-node, api-gateway and healer jars; not built: " + apps.missing());
        // 7 nodes: a repaired shard gets a new home (6 would put it back on the node that lost it).
        cluster = apps.useIn(LocalCluster.builder().baseDir(base).storageNodes(7).gateways(1).healers(1))
                .appEnv("GATEWAY_S3_MIN_PART_SIZE", "64K")
                .appEnv("GATEWAY_BLOB_STRIPE_SIZE", "32K")
                .appEnv("GATEWAY_BLOB_SMALL_MAX_SIZE", "16K") // at most the stripe size
                .appEnv("HEALER_INTERVAL", "1s")
                .appEnv("HEALER_NODE_CACHE", "300ms")
                .javaOpts("-Xmx192m")
                .startTimeout(Duration.ofSeconds(180))
                .start();
        s3 = S3Client.builder().endpointOverride(cluster.s3Url("gateway-1")).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        cluster.accessKeyId().orElseThrow(), cluster.secretAccessKey().orElseThrow())))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60))).build();
        etcd = EtcdConnection.connect(List.of(cluster.etcdEndpoints().split(",")), ClusterKeys.DEFAULT_PREFIX, Duration.ofSeconds(5));
        whole = new byte[PARTS * PART];
        new Random(16).nextBytes(whole);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Teardown.close(etcd, s3, cluster, apps);
    }

    @Test
    @Order(1)
    void sixHundredPartsCompleteIntoOneObjectReadWholeAndAcrossItsPages() throws Exception {
        s3.createBucket(r -> r.bucket("many"));
        String id = s3.createMultipartUpload(r -> r.bucket("many").key("parts.bin")).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        for (int n = 1; n <= PARTS; n++) {
            int number = n;
            byte[] part = Arrays.copyOfRange(whole, (n - 1) * PART, n * PART);
            String etag = s3.uploadPart(r -> r.bucket("many").key("parts.bin").uploadId(id).partNumber(number), RequestBody.fromBytes(part))
                    .eTag();
            done.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        String etag = s3.completeMultipartUpload(r -> r.bucket("many").key("parts.bin").uploadId(id).multipartUpload(m -> m.parts(done)))
                .eTag();
        assertTrue(etag.endsWith("-600\""), etag);

        byte[] head = record();
        assertEquals(RecordCodec.PAGED_V1, head[0], "1,200 stripes: the record is a head naming pages");
        assertEquals(2, RecordCodec.pageIds(KEY, head).size());
        assertEquals(new TreeSet<>(RecordCodec.pageIds(KEY, head)), pages(), "the pages stored are the ones it names");
        ObjectMetadata meta = meta();
        assertEquals(2 * PARTS, meta.stripes().size());
        assertEquals(STRIPE, meta.stripes().get(1_100).size());

        assertArrayEquals(whole, s3.getObjectAsBytes(r -> r.bucket("many").key("parts.bin")).asByteArray());
        long boundary = 1_024L * STRIPE; // the first byte of the second page's first stripe (part 513)
        byte[] across = s3.getObjectAsBytes(r -> r.bucket("many").key("parts.bin").range("bytes=" + (boundary - 70_000) + "-"
                + (boundary + 69_999))).asByteArray();
        assertArrayEquals(Arrays.copyOfRange(whole, (int) boundary - 70_000, (int) boundary + 70_000), across,
                "140,000 bytes over 5 stripes of 3 parts and both pages");
    }

    @Test
    @Order(2)
    void aShardLostInsideTheSecondPageIsRepairedByTheHealer() {
        ObjectMetadata before = meta();
        ColdPart stripe = before.stripes().get(1_100);
        ChunkLocation lost = stripe.shards().get(2);
        List<String> pagesBefore = RecordCodec.pageIds(KEY, record());
        assertEquals(204, send(HttpRequest.newBuilder(URI.create(cluster.url(lost.nodeId()) + "/chunks/" + lost.chunkId()))
                .header("Authorization", "Bearer " + cluster.clusterToken()).DELETE()).statusCode(), "the node drops the shard");

        waitUntil("the healer to rebuild shard 2 of stripe 1,100 on another node", () -> {
            ObjectMetadata now = meta();
            ChunkLocation shard = now.stripes().get(1_100).shards().get(2);
            return now.state() == ObjectState.CLEAN && !shard.nodeId().equals(lost.nodeId()) && shard.stored();
        });
        List<String> pagesAfter = RecordCodec.pageIds(KEY, record());
        assertEquals(pagesBefore.get(0), pagesAfter.get(0), "the first page is untouched");
        assertNotEquals(pagesBefore.get(1), pagesAfter.get(1), "the repair rewrote the page holding the stripe");
        assertEquals(new TreeSet<>(pagesAfter), pages(), "the replaced page went in the repair's transaction");
        ObjectMetadata after = meta();
        for (int s = 0; s < after.stripes().size(); s++) {
            if (s != 1_100) {
                assertEquals(before.stripes().get(s), after.stripes().get(s), "stripe " + s + " unchanged");
            }
        }
        assertArrayEquals(whole, s3.getObjectAsBytes(r -> r.bucket("many").key("parts.bin")).asByteArray());
    }

    @Test
    @Order(3)
    void deletingTheObjectTakesItsPages() {
        s3.deleteObject(r -> r.bucket("many").key("parts.bin"));
        assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(r -> r.bucket("many").key("parts.bin")));
        assertEquals(Set.of(), pages());
        s3.deleteBucket(r -> r.bucket("many"));
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The record's bytes as etcd holds them. */
    private static byte[] record() {
        return get(etcd.keys().object(KEY), false).get(0);
    }

    /** The ids of the stripe pages stored for the key. */
    private static Set<String> pages() {
        String dir = etcd.keys().stripePagesOf(KEY);
        Set<String> ids = new TreeSet<>();
        for (byte[] key : get(dir, true)) {
            ids.add(new String(key, StandardCharsets.UTF_8).substring(dir.length()));
        }
        return ids;
    }

    /** Values of one key, or keys under a prefix. */
    private static List<byte[]> get(String key, boolean keysUnder) {
        GetOption option = keysUnder ? GetOption.builder().isPrefix(true).withKeysOnly(true).build() : GetOption.DEFAULT;
        try {
            var response = etcd.client().getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8), option).get();
            return response.getKvs().stream().map(kv -> keysUnder ? kv.getKey().getBytes() : kv.getValue().getBytes()).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record as the gateway reads it (its pages resolved). */
    private static ObjectMetadata meta() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(cluster.url("gateway-1") + "/admin/objects/" + KEY))
                .header("Authorization", "Bearer " + cluster.clusterToken()).GET());
        assertEquals(200, response.statusCode(), response.body());
        return ModelJson.fromBytes(response.body().getBytes(StandardCharsets.UTF_8), ObjectMetadata.class);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} until it holds or the deadline passes; a poll that throws counts as not yet. */
    private static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            try {
                Thread.sleep(500); // polling interval of the wait, not a delay the test depends on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + (last == null ? "" : ": " + last));
    }
}
