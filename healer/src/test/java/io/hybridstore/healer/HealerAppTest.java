package io.hybridstore.healer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.erasure.ReedSolomon;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.placement.RendezvousPlacement;
import io.hybridstore.common.spi.DeadLetterStore;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.common.write.ChunkIds;
import io.hybridstore.healer.infra.Backend;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Wiring: the leader loop, /status, metrics and health on the in-memory backend (no etcd, no Docker). */
@QuarkusTest
class HealerAppTest {

    @Inject
    Backend backend;

    @Test
    void theOnlyCandidateLeadsAndReportsItsPasses() {
        waitUntil(() -> given().get("/status").jsonPath().getLong("pass.number") > 0, "a pass ran");
        given().get("/status").then().statusCode(200)
                .body("healerId", equalTo("healer-test"))
                .body("leader", equalTo(true))
                .body("objects.lost", equalTo(0))
                .body("errors.objects", equalTo(0))
                .body("errors.phases", equalTo(0))
                .body("scrub.unchecked", equalTo(0));
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'etcd' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("hybridstore_healer_leader 1.0"))
                .body(containsString("hybridstore_healer_repairs_total"))
                .body(containsString("hybridstore_healer_object_errors_total 0.0"))
                .body(containsString("hybridstore_healer_phase_errors_total 0.0"))
                .body(containsString("hybridstore_healer_scrub_unchecked_total 0.0"))
                .body(containsString("hybridstore_healer_objects{condition=\"lost\"}"));
    }

    @Test
    void deadLettersWaitingShowInStatusAndReadiness() {
        given().get("/status").then().statusCode(200).body("deadLetters.waiting", equalTo(0));
        Version version = new Version(0, 42);
        backend.deadLetters().put(new DeadLetterStore.DeadLetter(version, "k", "UNEXPECTED", "a bug", 5, 1, "gateway-1", 3),
                new byte[] {1, 2, 3});
        try {
            given().get("/status").then().statusCode(200).body("deadLetters.waiting", equalTo(1));
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'replay-dead-letters' }.data.waiting", equalTo(1));
        } finally {
            backend.deadLetters().remove(version);
        }
    }

    @Test
    void aKilledNodesCopiesAreRebuiltAndStatusCountsThem() throws Exception {
        ObjectMetadata object = write("wired-1");
        String dead = object.hot().replicas().get(0).nodeId();
        ((StaticNodeDirectory) backend.nodes()).remove(dead);
        ((InMemoryChunkStore) backend.chunks()).setDown(dead, true);
        try {
            waitUntil(() -> backend.metadata().get("wired-1").map(MetadataStore.Stored::metadata)
                    .map(m -> m.hot().replicas().stream().noneMatch(r -> r.nodeId().equals(dead))).orElse(false), "replica moved");
            ObjectMetadata healed = backend.metadata().get("wired-1").orElseThrow().metadata();
            assertEquals(ObjectState.CLEAN, healed.state());
            assertTrue(given().get("/status").jsonPath().getLong("repairs.done") >= 1);
            assertTrue(given().get("/status").jsonPath().getLong("repairs.bytes") > 0);
        } finally {
            ((StaticNodeDirectory) backend.nodes()).add(new NodeInfo(dead, "mem://" + dead, "", 1L << 40, 0, 0, 0, "test"));
            ((InMemoryChunkStore) backend.chunks()).setDown(dead, false);
        }
    }

    @Test
    void healOneKeyNowOnTheLeaderBehindTheToken() throws Exception {
        write("heal-now-1");
        given().post("/admin/heal/heal-now-1").then().statusCode(401).contentType("application/problem+json");
        waitUntil(() -> given().get("/status").jsonPath().getBoolean("leader"), "this healer leads");
        given().auth().oauth2("healer-test-token").post("/admin/heal/heal-now-1").then().statusCode(200)
                .body("leader", equalTo(true))
                .body("condition", equalTo("HEALTHY"))
                .body("state", equalTo("CLEAN"));
        given().auth().oauth2("healer-test-token").post("/admin/heal/never-written").then().statusCode(404);
        write("heal/café;1%41/");
        given().auth().oauth2("healer-test-token").urlEncodingEnabled(false).post("/admin/heal/heal%2Fcaf%C3%A9;1%2541/").then().statusCode(200)
                .body("key", equalTo("heal/café;1%41/")); // the key decoded once, ';' and the trailing '/' its own
        given().auth().oauth2("healer-test-token").urlEncodingEnabled(false).post("/admin/heal/a%C3").then().statusCode(400); // not UTF-8
    }

    /** The REST layer's own refusals read as problems too: no such route, a method the route does not take. */
    @Test
    void refusalsAreProblems() {
        given().get("/admin/nothing").then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2("healer-test-token").put("/admin/heal/some-key").then().statusCode(405)
                .contentType("application/problem+json").body("status", equalTo(405));
    }

    /** Writes an object the way a gateway does: 3 replicas, RS(4,2) shards, rendezvous placement. */
    private ObjectMetadata write(String key) throws Exception {
        return write(backend, key);
    }

    /** Also the console's wiring test's way to store an object. */
    static ObjectMetadata write(Backend backend, String key) throws Exception {
        RendezvousPlacement placement = new RendezvousPlacement();
        List<NodeInfo> live = backend.nodes().liveNodes();
        byte[] hot = ("{\"k\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] cold = new byte[1000];
        new java.util.Random(7).nextBytes(cold);
        String hotSha = sha256(hot);
        String coldSha = sha256(cold);
        long now = System.currentTimeMillis();
        List<ChunkLocation> replicas = new ArrayList<>();
        String hotId = ChunkIds.hot(hotSha);
        List<NodeInfo> hotNodes = placement.choose(hotId, live, 3);
        for (int i = 0; i < 3; i++) {
            backend.chunks().put(hotNodes.get(i), hotId, hot, hotSha);
            replicas.add(new ChunkLocation(i, hotNodes.get(i).id(), hotId, now));
        }
        byte[][] shards = ReedSolomon.create(4, 2).encode(cold);
        List<NodeInfo> coldNodes = placement.choose(ChunkIds.coldBase(coldSha, 4, 2), live, 6);
        List<ChunkLocation> locations = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = ChunkIds.coldShard(coldSha, 4, 2, i);
            backend.chunks().put(coldNodes.get(i), id, shards[i], sha256(shards[i]));
            locations.add(new ChunkLocation(i, coldNodes.get(i).id(), id, now));
        }
        ObjectMetadata object = new ObjectMetadata(key, new Version(0, 1), ObjectState.CLEAN, List.of("k", "blob"),
                new HotPart(hotSha, hot.length, replicas), new ColdPart(coldSha, cold.length, 4, 2, shards[0].length, locations),
                List.of(), List.of(), now, now);
        backend.metadata().commitIfNewer(object);
        return object;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50); // polling interval of the wait, not a fixed delay
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
