package io.hybridstore.e2e.s3;

import static io.hybridstore.e2e.s3.CliClients.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.AppCopies;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.e2e.Teardown;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 API of a real cluster (etcd, Kafka, 6 storage nodes, one gateway) through real clients:
 * the AWS SDK for Java v2, and the aws-cli, rclone and s3cmd command-line clients, each signing
 * with the access key the local cluster made (SigV4, verified by the gateway as it streams).
 * Objects written through S3 are read back through the blob API and the other way round.
 */
class S3EndToEndTest {

    private static final int MIB = 1 << 20;
    private static final List<String> AWKWARD = List.of("plain.txt", "with space.txt", "amp&plus+dash-é\"quote.txt", "100% sure.txt",
            "日本語 ключ.txt");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalCluster cluster;
    private static AppCopies apps;
    private static S3Client s3;
    private static String endpoint;
    private static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        Path base = Path.of("target", "s3-e2e", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        apps = AppCopies.of(base.resolve("apps"), List.of("storage-node", "api-gateway"));
        MissingApps.check(apps.missing().isEmpty(), "needs the storage-node and api-gateway jars; not built: " + apps.missing());
        cluster = apps.useIn(LocalCluster.builder().baseDir(base).storageNodes(6).gateways(1).healers(0))
                .javaOpts("-Xmx192m")
                .startTimeout(Duration.ofSeconds(180))
                .start();
        endpoint = cluster.s3Url("gateway-1").toString();
        s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId(), secret())))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60))).build();
        work = Files.createDirectories(base.resolve("work"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Teardown.close(s3, cluster, apps);
    }

    /** The access key the local cluster made at its start: every client signs with it (SigV4, checked by the gateway). */
    private static String keyId() {
        return cluster.accessKeyId().orElseThrow(() -> new AssertionError("the local cluster made no access key"));
    }

    private static String secret() {
        return cluster.secretAccessKey().orElseThrow(() -> new AssertionError("the local cluster made no access key"));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void sdkObjectsAreBlobsAndBlobsAreObjects() throws Exception {
        s3.createBucket(r -> r.bucket("sdk"));
        byte[] big = bytes(9 * MIB + 5); // striped: 3 stripes of RS(4,2) on the nodes
        String etag = s3.putObject(r -> r.bucket("sdk").key("big/one.bin").metadata(Map.of("k", "v")), RequestBody.fromBytes(big)).eTag();
        assertEquals("\"" + md5Hex(big) + "\"", etag);
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("sdk").key("big/one.bin"));
        assertArrayEquals(big, got.asByteArray());
        assertEquals(Map.of("k", "v"), got.response().metadata());

        HttpResponse<byte[]> asBlob = HTTP.send(HttpRequest.newBuilder(cluster.url("gateway-1").resolve("/blobs/sdk/big/one.bin"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, asBlob.statusCode());
        assertArrayEquals(big, asBlob.body());

        byte[] small = bytes(1000);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(cluster.url("gateway-1").resolve("/blobs/sdk/from-blob-api.bin"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(small)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        assertArrayEquals(small, s3.getObjectAsBytes(r -> r.bucket("sdk").key("from-blob-api.bin")).asByteArray());

        // multipart with 8 MiB parts: the object is the parts' stripes, read back whole and across a part boundary
        byte[] p1 = bytes(8 * MIB);
        byte[] p2 = bytes(8 * MIB + 1);
        byte[] p3 = bytes(MIB / 2);
        String id = s3.createMultipartUpload(r -> r.bucket("sdk").key("parts.bin")).uploadId();
        List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new java.util.ArrayList<>();
        int number = 1;
        for (byte[] part : List.of(p1, p2, p3)) {
            int n = number++;
            String partEtag = s3.uploadPart(r -> r.bucket("sdk").key("parts.bin").uploadId(id).partNumber(n), RequestBody.fromBytes(part))
                    .eTag();
            done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(partEtag).build());
        }
        String multipartEtag = s3.completeMultipartUpload(r -> r.bucket("sdk").key("parts.bin").uploadId(id)
                .multipartUpload(m -> m.parts(done))).eTag();
        assertTrue(multipartEtag.endsWith("-3\""), multipartEtag);
        byte[] whole = new byte[p1.length + p2.length + p3.length];
        System.arraycopy(p1, 0, whole, 0, p1.length);
        System.arraycopy(p2, 0, whole, p1.length, p2.length);
        System.arraycopy(p3, 0, whole, p1.length + p2.length, p3.length);
        assertArrayEquals(whole, s3.getObjectAsBytes(r -> r.bucket("sdk").key("parts.bin")).asByteArray());
        byte[] across = s3.getObjectAsBytes(r -> r.bucket("sdk").key("parts.bin").range("bytes=" + (8 * MIB - 5) + "-" + (8 * MIB + 4)))
                .asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 8 * MIB - 5, 8 * MIB + 5), across);
        // one part by its number: its range, from the part sizes the record in etcd keeps
        ResponseBytes<GetObjectResponse> second = s3.getObjectAsBytes(r -> r.bucket("sdk").key("parts.bin").partNumber(2));
        assertArrayEquals(p2, second.asByteArray());
        assertEquals(3, second.response().partsCount());
        assertEquals(416, assertThrows(S3Exception.class, () -> s3.headObject(r -> r.bucket("sdk").key("parts.bin").partNumber(4)))
                .statusCode());
        s3.deleteObject(r -> r.bucket("sdk").key("parts.bin"));

        // uploads in progress listed page by page from the key-ordered index in etcd
        List<String> open = new java.util.ArrayList<>();
        for (String key : List.of("up/c", "up/a", "up/b")) {
            open.add(s3.createMultipartUpload(r -> r.bucket("sdk").key(key)).uploadId());
        }
        List<String> listedKeys = new java.util.ArrayList<>();
        int[] pages = {0};
        s3.listMultipartUploadsPaginator(r -> r.bucket("sdk").prefix("up/").maxUploads(2)).forEach(page -> {
            pages[0]++;
            page.uploads().forEach(u -> listedKeys.add(u.key()));
        });
        assertEquals(List.of("up/a", "up/b", "up/c"), listedKeys);
        assertEquals(2, pages[0]);
        List<String> keys = List.of("up/c", "up/a", "up/b");
        for (int i = 0; i < open.size(); i++) {
            String key = keys.get(i);
            String uploadId = open.get(i);
            s3.abortMultipartUpload(r -> r.bucket("sdk").key(key).uploadId(uploadId));
        }
        assertTrue(s3.listMultipartUploads(r -> r.bucket("sdk")).uploads().isEmpty(), "aborted uploads leave the index");

        s3.copyObject(r -> r.sourceBucket("sdk").sourceKey("big/one.bin").destinationBucket("sdk").destinationKey("big/two.bin"));
        assertEquals(List.of("big/one.bin", "big/two.bin", "from-blob-api.bin"),
                s3.listObjectsV2Paginator(r -> r.bucket("sdk").maxKeys(2)).contents().stream().map(S3Object::key).toList());
        s3.deleteObjects(r -> r.bucket("sdk").delete(Delete.builder().objects(ObjectIdentifier.builder().key("big/one.bin").build(),
                ObjectIdentifier.builder().key("big/two.bin").build(), ObjectIdentifier.builder().key("from-blob-api.bin").build()).build()));
        assertEquals(0, s3.listObjectsV2(r -> r.bucket("sdk")).keyCount());
        s3.deleteBucket(r -> r.bucket("sdk"));
        S3Exception gone = assertThrows(S3Exception.class, () -> s3.listObjectsV2(r -> r.bucket("sdk")));
        assertEquals("NoSuchBucket", gone.awsErrorDetails().errorCode());
    }

    @Test
    void awsCliCopiesListsSyncsAndRemovesAwkwardKeys() throws Exception {
        CliClients.require("aws");
        CliClients cli = new CliClients(endpoint, work, keyId(), secret());
        ok(cli.aws("s3", "mb", "s3://awscli"));
        Path local = Files.createDirectories(work.resolve("aws-src"));
        Map<String, byte[]> files = writeAwkwardFiles(local);
        Path first = local.resolve(AWKWARD.get(0));
        ok(cli.aws("s3", "cp", first.toString(), "s3://awscli/single/" + AWKWARD.get(0)));
        ok(cli.aws("s3", "sync", local.toString(), "s3://awscli/synced/"));
        String listing = ok(cli.aws("s3", "ls", "s3://awscli/synced/")).out();
        for (String name : AWKWARD) {
            assertTrue(listing.contains(name), name + " listed: " + listing);
        }
        String head = ok(cli.aws("s3api", "head-object", "--bucket", "awscli", "--key", "synced/" + AWKWARD.get(2))).out();
        assertTrue(head.contains(md5Hex(files.get(AWKWARD.get(2)))), "ETag is the MD5: " + head);
        Path back = Files.createDirectories(work.resolve("aws-back"));
        ok(cli.aws("s3", "sync", "s3://awscli/synced/", back.toString()));
        for (String name : AWKWARD) {
            assertArrayEquals(files.get(name), Files.readAllBytes(back.resolve(name)), name);
        }
        // A second sync finds nothing to do: sizes and times compare equal.
        assertEquals("", ok(cli.aws("s3", "sync", local.toString(), "s3://awscli/synced/")).out().strip());
        // 20 MiB: aws-cli uploads it in 8 MiB parts (multipart) and downloads it in ranges
        Path large = work.resolve("large.bin");
        byte[] largeBytes = bytes(20 * MIB + 3);
        Files.write(large, largeBytes);
        ok(cli.aws("s3", "cp", large.toString(), "s3://awscli/large.bin"));
        String largeHead = ok(cli.aws("s3api", "head-object", "--bucket", "awscli", "--key", "large.bin")).out();
        assertTrue(largeHead.contains("-3"), "a multipart ETag of 3 parts: " + largeHead);
        Path largeBack = work.resolve("large-back.bin");
        ok(cli.aws("s3", "cp", "s3://awscli/large.bin", largeBack.toString()));
        assertArrayEquals(largeBytes, Files.readAllBytes(largeBack));
        ok(cli.aws("s3", "rm", "--recursive", "s3://awscli/"));
        ok(cli.aws("s3", "rb", "s3://awscli"));
    }

    @Test
    void rcloneCopiesSyncsAndChecksByMd5() throws Exception {
        CliClients.require("rclone");
        CliClients cli = new CliClients(endpoint, work, keyId(), secret());
        ok(cli.rclone("mkdir", "hs:rclone"));
        Path local = Files.createDirectories(work.resolve("rclone-src"));
        Map<String, byte[]> files = writeAwkwardFiles(local);
        ok(cli.rclone("copy", local.toString(), "hs:rclone/copied"));
        ok(cli.rclone("check", local.toString(), "hs:rclone/copied")); // sizes and MD5 (the ETag) of every file
        Files.delete(local.resolve(AWKWARD.get(1)));
        ok(cli.rclone("sync", local.toString(), "hs:rclone/copied"));
        String listed = ok(cli.rclone("lsf", "hs:rclone/copied")).out();
        assertTrue(!listed.contains(AWKWARD.get(1)) && listed.contains(AWKWARD.get(2)), listed);
        ok(cli.rclone("check", local.toString(), "hs:rclone/copied"));
        assertNotEquals(0, files.size());
        ok(cli.rclone("purge", "hs:rclone"));
    }

    @Test
    void s3cmdPutsListsGetsAndDeletes() throws Exception {
        CliClients.require("s3cmd");
        CliClients cli = new CliClients(endpoint, work, keyId(), secret());
        ok(cli.s3cmd("mb", "s3://s3cmd"));
        Path local = Files.createDirectories(work.resolve("s3cmd-src"));
        Map<String, byte[]> files = writeAwkwardFiles(local);
        String name = AWKWARD.get(2);
        ok(cli.s3cmd("put", local.resolve(name).toString(), "s3://s3cmd/dir/" + name));
        assertTrue(ok(cli.s3cmd("ls", "s3://s3cmd/dir/")).out().contains(name));
        Path back = work.resolve("s3cmd-back.bin");
        ok(cli.s3cmd("get", "--force", "s3://s3cmd/dir/" + name, back.toString()));
        assertArrayEquals(files.get(name), Files.readAllBytes(back));
        ok(cli.s3cmd("del", "s3://s3cmd/dir/" + name));
        ok(cli.s3cmd("rb", "s3://s3cmd"));
    }

    /** The awkward names as files of distinct sizes (up to 2 MiB: replicated and striped blobs). */
    private static Map<String, byte[]> writeAwkwardFiles(Path dir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        int i = 0;
        for (String name : AWKWARD) {
            byte[] data = bytes(i++ == 3 ? 2 * MIB + 11 : 100 + i);
            Files.write(dir.resolve(name), data);
            files.put(name, data);
        }
        return files;
    }
}
