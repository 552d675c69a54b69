package io.hybridstore.node.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.ChunkBatchFraming;
import io.hybridstore.io.http.ChunkOutcomeFraming;
import io.hybridstore.node.NodeConfig;
import io.hybridstore.node.testing.Corruption;
import io.hybridstore.node.testing.Profiles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The HTTP API's wiring: status codes, headers, problem+json, auth, path safety, limits, metrics. */
@QuarkusTest
@TestProfile(Profiles.Standalone.class)
class ChunkApiTest {
    private static final String PROBLEM = "urn:hybridstore:problem:";

    @Inject
    NodeConfig.Node nodeConfig;

    @Inject
    BatchRoute route;

    @TestHTTPResource("/")
    URL base;

    private static RequestSpecification authed() {
        return given().header("Authorization", "Bearer " + Profiles.TOKEN);
    }

    @Test
    void putGetHeadDeleteRoundTrip() throws Exception {
        byte[] data = random(100_000, 1);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        String crc = authed().header(ChunkApi.SHA256_HEADER, sha).contentType(ContentType.BINARY).body(data)
                .put("/chunks/api-rt").then().statusCode(200)
                .body("chunkId", equalTo("api-rt"), "size", equalTo(100_000)).extract().path("checksum");

        byte[] got = authed().get("/chunks/api-rt").then().statusCode(200)
                .header("Content-Length", "100000").header(ChunkApi.CRC32C_HEADER, crc)
                .extract().asByteArray();
        assertArrayEquals(data, got);

        authed().head("/chunks/api-rt").then().statusCode(200)
                .header(ChunkApi.SIZE_HEADER, "100000").header(ChunkApi.CRC32C_HEADER, crc).header(ChunkApi.SHA256_HEADER, sha)
                .header(ChunkApi.MODIFIED_HEADER, not(emptyString()));

        authed().contentType(ContentType.BINARY).body(data).put("/chunks/api-rt").then().statusCode(200); // idempotent
        authed().delete("/chunks/api-rt").then().statusCode(204);
        authed().delete("/chunks/api-rt").then().statusCode(204);
        authed().head("/chunks/api-rt").then().statusCode(404);
    }

    @Test
    void errorsAreProblemDetailsWithoutStackTraces() {
        authed().get("/chunks/api-missing").then().statusCode(404).contentType(ChunkApi.PROBLEM_JSON)
                .body("type", equalTo(PROBLEM + "not-found"), "title", equalTo("Not found"), "status", equalTo(404),
                        "detail", containsString("api-missing"))
                .body(not(containsString("at io.")));
        authed().contentType(ContentType.BINARY).header(ChunkApi.SHA256_HEADER, "00".repeat(32)).body(new byte[] {1, 2})
                .put("/chunks/api-badsha").then().statusCode(400).contentType(ChunkApi.PROBLEM_JSON)
                .body("type", equalTo(PROBLEM + "bad-request"), "detail", containsString("X-Content-SHA256"));
        authed().head("/chunks/api-badsha").then().statusCode(404);
        authed().contentType(ContentType.BINARY).header(ChunkApi.CRC32C_HEADER, "1").body(new byte[] {1, 2})
                .put("/chunks/api-badcrc").then().statusCode(400).contentType(ChunkApi.PROBLEM_JSON)
                .body("type", equalTo(PROBLEM + "bad-request"), "detail", containsString("X-Chunk-CRC32C"));
        authed().head("/chunks/api-badcrc").then().statusCode(404);
        authed().contentType(ContentType.JSON).body("{not json").post("/chunks/_exists").then().statusCode(400)
                .contentType(ChunkApi.PROBLEM_JSON);
        authed().post("/chunks/api-x").then().statusCode(405).contentType(ChunkApi.PROBLEM_JSON).body("status", equalTo(405));
    }

    /** A query parameter that does not convert to its type is the client's 400 naming it, not JAX-RS's 404 ("no such route"). */
    @Test
    void aParameterThatDoesNotConvertIsA400ThatNamesIt() {
        List<String> values = List.of("abc", "1.5", "99999999999", "0x10");
        for (String value : values) {
            authed().urlEncodingEnabled(false).get("/chunks?limit=" + value).then().statusCode(400).contentType(ChunkApi.PROBLEM_JSON)
                    .body("type", equalTo(PROBLEM + "bad-request"), "status", equalTo(400),
                            "detail", containsString("limit=" + value), "detail", containsString("does not parse"))
                    .body(not(containsString("at io.")));
        }
        assertEquals(4, values.size());
        authed().get("/chunks?limit=5").then().statusCode(200);
    }

    @Test
    void everyRestCallNeedsTheClusterTokenButHealthAndMetricsDoNot() {
        given().get("/chunks/any").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .contentType(ChunkApi.PROBLEM_JSON).body("type", equalTo(PROBLEM + "unauthorized"));
        given().header("Authorization", "Bearer wrong-token").get("/chunks").then().statusCode(401);
        given().header("Authorization", "Bearer " + Profiles.TOKEN + "x").get("/chunks").then().statusCode(401);
        given().header("Authorization", "Basic " + Profiles.TOKEN).get("/chunks").then().statusCode(401);
        given().header("Authorization", "Bearer").put("/chunks/x").then().statusCode(401);
        given().get("/no/such/path").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body(containsString("disabled: ETCD_ENDPOINTS is not set"));
        given().get("/q/metrics").then().statusCode(200);
        authed().get("/chunks").then().statusCode(200);
    }

    @Test
    void traversalAndBadIdsAre400() throws Exception {
        List<String> rawPaths = List.of(
                "/chunks/..%2F..%2Fetc%2Fpasswd", "/chunks/%2e%2e", "/chunks/%2E%2E%2Fx", "/chunks/%2e", "/chunks/a%2Fb",
                "/chunks/%2Fetc%2Fpasswd", "/chunks/..", "/chunks/../chunks/x", "/chunks/./x", "/chunks/a%5Cb",
                "/chunks/a%00b", "/chunks/" + "x".repeat(201), "/chunks/" + "y".repeat(1000), "/chunks/a:b", "/chunks/~tmp");
        HttpClient client = HttpClient.newHttpClient();
        List<String> checked = new ArrayList<>();
        for (String path : rawPaths) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                // The JDK client sends the path as given: no normalisation of dot-segments or encodings.
                HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                        .header("Authorization", "Bearer " + Profiles.TOKEN)
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(400, response.statusCode(), method + " " + path + " → " + response.body());
                assertTrue(response.body().contains(PROBLEM + "bad-request"), response.body());
                checked.add(method + " " + path);
            }
        }
        assertEquals(45, checked.size());
        authed().get("/chunks?after=../x").then().statusCode(400);
        authed().contentType(ContentType.JSON).body(Map.of("ids", List.of("ok", "../etc"))).post("/chunks/_exists").then().statusCode(400);
    }

    @Test
    void oversizedBodiesAre413WhetherDeclaredOrStreamed() throws Exception {
        long max = nodeConfig.maxChunkSize().asLongValue();
        authed().contentType(ContentType.BINARY).body(new byte[(int) max + 1]).put("/chunks/api-big").then().statusCode(413)
                .contentType(ChunkApi.PROBLEM_JSON).body("type", equalTo(PROBLEM + "payload-too-large"));
        // No Content-Length: chunked transfer, counted while streaming.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "chunks/api-big-chunked"))
                .header("Authorization", "Bearer " + Profiles.TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[(int) max + 10]))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        authed().head("/chunks/api-big").then().statusCode(404);
        authed().head("/chunks/api-big-chunked").then().statusCode(404);
        authed().contentType(ContentType.BINARY).body(new byte[(int) max]).put("/chunks/api-max").then().statusCode(200);
    }

    @Test
    void aFlippedByteIsAnsweredAsCorruptNeverAsData() throws Exception {
        byte[] data = random(50_000, 2);
        authed().contentType(ContentType.BINARY).body(data).put("/chunks/api-rot").then().statusCode(200);
        authed().contentType(ContentType.BINARY).body(data).put("/chunks/api-rot2").then().statusCode(200);
        Corruption.flipDataByte(nodeConfig.dataDir(), "api-rot", 777);
        Corruption.flipDataByte(nodeConfig.dataDir(), "api-rot2", 0);

        authed().head("/chunks/api-rot").then().statusCode(200); // HEAD does not read the data
        authed().get("/chunks/api-rot").then().statusCode(502).contentType(ChunkApi.PROBLEM_JSON)
                .body("type", equalTo(PROBLEM + "corrupt"), "detail", containsString("corrupt"));
        authed().get("/chunks/api-rot").then().statusCode(404); // quarantined
        authed().post("/chunks/api-rot2/_verify").then().statusCode(200).body("result", equalTo("CORRUPT"));
        authed().post("/chunks/api-rot2/_verify").then().statusCode(200).body("result", equalTo("MISSING"));
        authed().contentType(ContentType.BINARY).body(data).put("/chunks/api-rot3").then().statusCode(200);
        authed().post("/chunks/api-rot3/_verify").then().statusCode(200).body("result", equalTo("OK"), "chunkId", equalTo("api-rot3"));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("hybridstore_node_corrupt_chunks_total"), containsString("hybridstore_node_bytes_in_bytes_total"),
                        containsString("hybridstore_node_bytes_out_bytes_total"), containsString("hybridstore_node_chunks "),
                        containsString("hybridstore_node_fsync_seconds_count"));
    }

    @Test
    void aBatchedVerifyAnswersEachChunkInOrderWithItsCrcAndRefusesBadRequestsAsAWhole() throws Exception {
        byte[] data = random(20_000, 4);
        String crc = authed().contentType(ContentType.BINARY).body(data).put("/chunks/api-ver-ok").then().statusCode(200)
                .extract().path("checksum");
        authed().contentType(ContentType.BINARY).body(data).put("/chunks/api-ver-rot").then().statusCode(200);
        authed().contentType(ContentType.BINARY).body(new byte[0]).put("/chunks/api-ver-empty").then().statusCode(200);
        Corruption.flipDataByte(nodeConfig.dataDir(), "api-ver-rot", 9);
        long routed = route.taken();

        byte[] answer = authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE)
                .body("api-ver-ok\napi-ver-none\napi-ver-rot\napi-ver-rot\napi-ver-empty\n".getBytes())
                .post("/chunks/_verify").then().statusCode(200).contentType(ChunkApi.CHUNK_VERDICTS_MEDIA_TYPE).extract().asByteArray();
        assertEquals("api-ver-ok OK " + crc + "\napi-ver-none MISSING\napi-ver-rot CORRUPT\napi-ver-rot MISSING\napi-ver-empty OK 0\n",
                new String(answer, java.nio.charset.StandardCharsets.US_ASCII), "the corrupt one quarantined at once: MISSING the second time");
        authed().head("/chunks/api-ver-rot").then().statusCode(404);

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= ChunkApi.MAX_VERIFY_IDS; i++) {
            tooMany.add("i" + i);
        }
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body(ChunkOutcomeFraming.encodeIds(tooMany)).post("/chunks/_verify")
                .then().statusCode(413).contentType(ChunkApi.PROBLEM_JSON).body("type", equalTo(PROBLEM + "payload-too-large"));
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body(ChunkOutcomeFraming.encodeIds(tooMany.subList(0, ChunkApi.MAX_VERIFY_IDS)))
                .post("/chunks/_verify").then().statusCode(200);
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-ver-ok\n../etc\n".getBytes()).post("/chunks/_verify")
                .then().statusCode(400).contentType(ChunkApi.PROBLEM_JSON);
        given().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-ver-ok\n".getBytes()).post("/chunks/_verify").then().statusCode(401);
        assertEquals(routed + 4, route.taken(), "the four requests with the token, not the one without");
        // Any other body goes on to the REST resource, which has no batched verify: the 405 a node that
        // predates the route answers too, and on which HttpChunkStore falls back to a request per id.
        authed().contentType(ContentType.JSON).body(Map.of("ids", List.of("api-ver-ok"))).post("/chunks/_verify").then().statusCode(405);
        assertEquals(routed + 4, route.taken());
    }

    @Test
    void pagesAndExistsAnswerManyIds() {
        for (int i = 0; i < 12; i++) {
            authed().contentType(ContentType.BINARY).body(new byte[] {(byte) i}).put("/chunks/api-page-" + i).then().statusCode(200);
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            var page = authed().queryParam("limit", 5).queryParam("after", next == null ? "" : next).get("/chunks")
                    .then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("chunks.chunkId", String.class));
            next = page.getString("next");
            pages++;
        } while (next != null && pages < 1000);
        assertEquals(seen.size(), seen.stream().distinct().count(), "no id twice");
        for (int i = 0; i < 12; i++) {
            assertTrue(seen.contains("api-page-" + i));
        }
        authed().queryParam("limit", 0).get("/chunks").then().statusCode(400);
        authed().queryParam("limit", ChunkApi.MAX_LIST_LIMIT + 1).get("/chunks").then().statusCode(400);

        authed().contentType(ContentType.JSON).body(Map.of("ids", List.of("api-page-1", "api-nope", "api-page-11")))
                .post("/chunks/_exists").then().statusCode(200)
                .body("present", hasItems("api-page-1", "api-page-11"), "present.size()", equalTo(2));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= ChunkApi.MAX_EXISTS_IDS; i++) {
            tooMany.add("i" + i);
        }
        authed().contentType(ContentType.JSON).body(Map.of("ids", tooMany)).post("/chunks/_exists").then().statusCode(400);
        authed().get("/chunks?limit=10000").then().statusCode(200).body("next", nullValue());

        // The same with the ids one per line, as HttpChunkStore sends them (the healer's audit): the Vert.x route answers in kind.
        long routed = route.taken();
        byte[] present = authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-page-1\napi-nope\napi-page-11\n".getBytes())
                .post("/chunks/_exists").then().statusCode(200).contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).extract().asByteArray();
        assertEquals(List.of("api-page-1", "api-page-11"), ChunkOutcomeFraming.decodeIds(present));
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body(ChunkOutcomeFraming.encodeIds(tooMany)).post("/chunks/_exists")
                .then().statusCode(400).contentType(ChunkApi.PROBLEM_JSON);
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("../etc\n".getBytes()).post("/chunks/_exists").then().statusCode(400)
                .contentType(ChunkApi.PROBLEM_JSON);
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-page-1".getBytes()).post("/chunks/_exists").then().statusCode(400)
                .contentType(ChunkApi.PROBLEM_JSON);
        given().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-page-1\n".getBytes()).post("/chunks/_exists").then().statusCode(401);
        assertEquals(routed + 4, route.taken(), "the four requests with the token, not the one without");
    }

    @Test
    void aBatchStoresItsChunksAndAnswersForEachAChunkDamagedOnItsWayFailsAlone() throws Exception {
        long routed = route.taken();
        long loopWrites = route.writtenOnLoop();
        byte[] a = random(1000, 10);
        byte[] b = random(2000, 11);
        List<byte[]> pieces = new ArrayList<>(ChunkBatchFraming.encode(List.of(new ChunkStore.ChunkPut("api-b1", a, null),
                new ChunkStore.ChunkPut("api-b-damaged", b.clone(), null), new ChunkStore.ChunkPut("api-b3", b, null))));
        pieces.get(4)[7] ^= 1; // the second chunk's data, after its frame header: CRC32C in the frame no longer matches
        var outcomes = authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).body(join(pieces)).post("/chunks/_batch")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("api-b1", "api-b-damaged", "api-b3"), outcomes.getList("outcomes.chunkId", String.class));
        assertEquals(1000, outcomes.getInt("outcomes[0].stored.size"));
        assertEquals("BAD_REQUEST", outcomes.getString("outcomes[1].problem"));
        assertTrue(outcomes.getString("outcomes[1].detail").contains("nothing stored"));
        assertArrayEquals(a, authed().get("/chunks/api-b1").then().statusCode(200).extract().asByteArray());
        assertArrayEquals(b, authed().get("/chunks/api-b3").then().statusCode(200).extract().asByteArray());
        authed().head("/chunks/api-b-damaged").then().statusCode(404);
        assertEquals(routed, route.taken(), "a JSON caller is answered by the REST resource");

        // A caller that accepts the binary answer gets the same outcomes in it; the JSON above is for callers that do not.
        pieces.get(4)[7] ^= 1; // repaired: all three stored this time
        byte[] binary = authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).accept(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE + ", application/json;q=0.5")
                .body(join(pieces)).post("/chunks/_batch").then().statusCode(200).contentType(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE)
                .extract().asByteArray();
        assertEquals(List.of(new ChunkOutcomeFraming.Outcome("api-b1", null, null), new ChunkOutcomeFraming.Outcome("api-b-damaged", null, null),
                new ChunkOutcomeFraming.Outcome("api-b3", null, null)), ChunkOutcomeFraming.decode(binary, "test"));
        pieces.get(4)[7] ^= 1;
        var failed = ChunkOutcomeFraming.decode(authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).accept(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE)
                .body(join(pieces)).post("/chunks/_batch").then().statusCode(200).extract().asByteArray(), "test");
        assertEquals(io.hybridstore.common.error.ErrorCode.BAD_REQUEST, failed.get(1).problem());
        assertTrue(failed.get(1).detail().contains("nothing stored"), failed.get(1).detail());
        assertEquals(null, failed.get(2).problem());
        assertEquals(routed + 2, route.taken(), "small binary batches take the Vert.x route");
        assertEquals(loopWrites + 2, route.writtenOnLoop(), "with no fsync in flight, made durable and answered on the event loop");

        // Over what the event loop writes, the same route hands the batch to a worker.
        byte[] mid = random(BatchRoute.LOOP_WRITE_MAX + 1, 14);
        byte[] onWorker = authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).accept(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE)
                .body(join(ChunkBatchFraming.encode(List.of(new ChunkStore.ChunkPut("api-b-mid", mid, null)))))
                .post("/chunks/_batch").then().statusCode(200).extract().asByteArray();
        assertEquals(List.of(new ChunkOutcomeFraming.Outcome("api-b-mid", null, null)), ChunkOutcomeFraming.decode(onWorker, "test"));
        assertArrayEquals(mid, authed().get("/chunks/api-b-mid").then().statusCode(200).extract().asByteArray());
        assertEquals(routed + 3, route.taken());
        assertEquals(loopWrites + 2, route.writtenOnLoop(), "a batch over LOOP_WRITE_MAX is written on a worker");

        // A body over what the route holds streams through the resource, with the same binary answer.
        byte[] large = random((int) BatchRoute.BUFFERED_MAX + 1, 13);
        byte[] answer = authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).accept(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE)
                .body(join(ChunkBatchFraming.encode(List.of(new ChunkStore.ChunkPut("api-b-large", large, null)))))
                .post("/chunks/_batch").then().statusCode(200).contentType(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE).extract().asByteArray();
        assertEquals(List.of(new ChunkOutcomeFraming.Outcome("api-b-large", null, null)), ChunkOutcomeFraming.decode(answer, "test"));
        assertArrayEquals(large, authed().get("/chunks/api-b-large").then().statusCode(200).extract().asByteArray());
        assertEquals(routed + 3, route.taken());
    }

    @Test
    void aBatchOverTheCountOrWithBrokenFramingIsRefusedAsAWhole() {
        byte[] tooMany = java.nio.ByteBuffer.allocate(8).putInt(0x48534231).putInt(nodeConfig.batchMaxCount() + 1).array();
        authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).body(tooMany).post("/chunks/_batch").then().statusCode(413)
                .contentType(ChunkApi.PROBLEM_JSON).body("type", equalTo(PROBLEM + "payload-too-large"));
        byte[] cut = join(ChunkBatchFraming.encode(List.of(new ChunkStore.ChunkPut("api-b-cut", new byte[100], null))));
        authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).body(java.util.Arrays.copyOf(cut, cut.length - 1)).post("/chunks/_batch")
                .then().statusCode(400).contentType(ChunkApi.PROBLEM_JSON);
        authed().head("/chunks/api-b-cut").then().statusCode(404);
        authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).body("not a batch".getBytes()).post("/chunks/_batch").then().statusCode(400);
    }

    @Test
    void aBatchGetAnswersEachChunkInOrderAndRefusesBadRequestsAsAWhole() {
        byte[] a = random(1500, 12);
        authed().contentType(ContentType.BINARY).body(a).put("/chunks/api-g1").then().statusCode(200);
        byte[] reply = authed().contentType(ContentType.JSON).body("{\"ids\":[\"api-g1\",\"api-g-none\"]}")
                .post("/chunks/_batch-get").then().statusCode(200).contentType(ChunkApi.BATCH_GET_MEDIA_TYPE).extract().asByteArray();
        var outcomes = io.hybridstore.io.http.ChunkReadFraming.decode(reply, "test");
        assertArrayEquals(a, outcomes.get(0).data());
        assertEquals(io.hybridstore.common.error.ErrorCode.NOT_FOUND, outcomes.get(1).error());

        String tooMany = java.util.stream.IntStream.rangeClosed(0, nodeConfig.batchMaxCount())
                .mapToObj(i -> "\"c" + i + "\"").collect(java.util.stream.Collectors.joining(",", "{\"ids\":[", "]}"));
        authed().contentType(ContentType.JSON).body(tooMany).post("/chunks/_batch-get").then().statusCode(413)
                .contentType(ChunkApi.PROBLEM_JSON);
        authed().contentType(ContentType.JSON).body("{\"ids\":[\"../etc\"]}").post("/chunks/_batch-get").then().statusCode(400)
                .contentType(ChunkApi.PROBLEM_JSON);
        authed().contentType(ContentType.JSON).body("{}").post("/chunks/_batch-get").then().statusCode(400)
                .contentType(ChunkApi.PROBLEM_JSON);
        given().contentType(ContentType.JSON).body("{\"ids\":[\"api-g1\"]}").post("/chunks/_batch-get").then().statusCode(401);

        // The same with the ids one per line, as HttpChunkStore sends them: the Vert.x route answers.
        long routed = route.taken();
        long onLoop = route.answeredOnLoop();
        byte[] byLine = authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-g-none\napi-g1\n".getBytes())
                .post("/chunks/_batch-get").then().statusCode(200).contentType(ChunkApi.BATCH_GET_MEDIA_TYPE).extract().asByteArray();
        var lines = io.hybridstore.io.http.ChunkReadFraming.decode(byLine, "test");
        assertEquals(io.hybridstore.common.error.ErrorCode.NOT_FOUND, lines.get(0).error());
        assertArrayEquals(a, lines.get(1).data());
        String tooManyLines = java.util.stream.IntStream.rangeClosed(0, nodeConfig.batchMaxCount()).mapToObj(i -> "c" + i + "\n")
                .collect(java.util.stream.Collectors.joining());
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body(tooManyLines.getBytes()).post("/chunks/_batch-get").then().statusCode(413)
                .contentType(ChunkApi.PROBLEM_JSON);
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("../etc\n".getBytes()).post("/chunks/_batch-get").then().statusCode(400)
                .contentType(ChunkApi.PROBLEM_JSON);
        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-g1".getBytes()).post("/chunks/_batch-get").then().statusCode(400)
                .contentType(ChunkApi.PROBLEM_JSON);
        given().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-g1\n".getBytes()).post("/chunks/_batch-get").then().statusCode(401);
        assertEquals(routed + 4, route.taken(), "the four requests with the token, not the one without");

        // A reply larger than one piece goes out chunked, every frame whole.
        List<String> ids = new ArrayList<>();
        List<byte[]> datas = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] data = random(100_000, 20 + i);
            authed().contentType(ContentType.BINARY).body(data).put("/chunks/api-g-many" + i).then().statusCode(200);
            ids.add("api-g-many" + i);
            datas.add(data);
        }
        byte[] many = authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body(ChunkOutcomeFraming.encodeIds(ids)).post("/chunks/_batch-get")
                .then().statusCode(200).extract().asByteArray();
        var read = io.hybridstore.io.http.ChunkReadFraming.decode(many, "test");
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(datas.get(i), read.get(i).data(), "chunk " + i);
        }
        assertEquals(5, read.size());
        assertEquals(routed + 5, route.taken());
        assertEquals(onLoop, route.answeredOnLoop(), "a missing chunk, or 500 KB, go to the worker");
    }

    /**
     * Recent small chunks are read and answered on the event loop, with the bytes the resource's reply
     * (read on a worker) has; a request with a damaged chunk goes to the worker, whose read answers it
     * CORRUPT and quarantines it.
     */
    @Test
    void aBatchGetOfRecentSmallChunksIsAnsweredOnTheEventLoopWithTheWorkersBytes() throws Exception {
        byte[] a = random(3000, 31);
        byte[] b = random(800, 32);
        authed().contentType(ContentType.BINARY).body(a).put("/chunks/api-loop-a").then().statusCode(200);
        authed().contentType(ContentType.BINARY).body(b).put("/chunks/api-loop-b").then().statusCode(200);
        long onLoop = route.answeredOnLoop();
        byte[] loop = authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-loop-b\napi-loop-a\n".getBytes())
                .post("/chunks/_batch-get").then().statusCode(200).contentType(ChunkApi.BATCH_GET_MEDIA_TYPE)
                .header("Content-Length", String.valueOf(8 + 2 * (1 + 10 + 1 + 8 + 4) + 3800)).extract().asByteArray();
        assertEquals(onLoop + 1, route.answeredOnLoop(), "answered on the event loop");
        byte[] worker = authed().contentType(ContentType.JSON).body("{\"ids\":[\"api-loop-b\",\"api-loop-a\"]}").post("/chunks/_batch-get")
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(worker, loop, "the resource's reply, read on a worker");
        var frames = io.hybridstore.io.http.ChunkReadFraming.decode(loop, "test");
        assertArrayEquals(b, frames.get(0).data());
        assertArrayEquals(a, frames.get(1).data());

        byte[] rot = random(1000, 33);
        authed().contentType(ContentType.BINARY).body(rot).put("/chunks/api-loop-rot").then().statusCode(200);
        Corruption.flipDataByte(nodeConfig.dataDir(), "api-loop-rot", 10);
        byte[] damaged = authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-loop-a\napi-loop-rot\n".getBytes())
                .post("/chunks/_batch-get").then().statusCode(200).extract().asByteArray();
        var outcomes = io.hybridstore.io.http.ChunkReadFraming.decode(damaged, "test");
        assertArrayEquals(a, outcomes.get(0).data());
        assertEquals(io.hybridstore.common.error.ErrorCode.CORRUPT, outcomes.get(1).error());
        byte[] after = authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-loop-rot\n".getBytes())
                .post("/chunks/_batch-get").then().statusCode(200).extract().asByteArray();
        assertEquals(io.hybridstore.common.error.ErrorCode.NOT_FOUND, io.hybridstore.io.http.ChunkReadFraming.decode(after, "test").get(0).error(),
                "quarantined by the worker's read");
        assertEquals(onLoop + 1, route.answeredOnLoop(), "the damaged and the missing chunk's requests went to the worker");

        authed().contentType(ChunkApi.CHUNK_IDS_MEDIA_TYPE).body("api-loop-a\n../etc\n".getBytes()).post("/chunks/_batch-get").then()
                .statusCode(400).contentType(ChunkApi.PROBLEM_JSON).body("type", equalTo(PROBLEM + "bad-request"));
    }

    static byte[] join(List<byte[]> pieces) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        pieces.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
