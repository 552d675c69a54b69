package io.hybridstore.e2e.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridstore.cluster.AppCopies;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.e2e.Teardown;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real {@code bin/hybridstore}, each call its own process, against a real local cluster (etcd,
 * Kafka, 8 nodes, a gateway, 2 healers) found through {@code HYBRIDSTORE_RUN_DIR}: output, {@code --json}
 * shapes and exit codes, healthy and with a SIGKILLed node.
 *
 * <p>So that {@code heal KEY} is what repairs the object, the healer scans one record per pass and
 * rests 40 s after a completed cycle: the node is killed right after a cycle over every record
 * completed, so the scan its lease expiry starts begins again at the first key, and the object healed
 * is the last key of {@value #FILLERS} + 2, at least 41 s of passes (0.5 s apart) away; the steps from
 * the lease expiry to {@code heal} take about 10 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {
    private static final int FILLERS = 80;
    private static final String TARGET = "zz-cli-doc";
    private static final String BLOB = "cli/blob-20m.bin";
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalCluster cluster;
    private static AppCopies apps;
    private static Path work;
    private static Path cli;
    private static String killed;

    record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON (exit " + code + "):\n" + out + "\nstderr:\n" + err, e);
            }
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Path root = repoRoot();
        cli = root.resolve("bin/hybridstore");
        Path base = Path.of("target", "cli-e2e", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        apps = AppCopies.of(base.resolve("apps"), List.of("storage-node", "api-gateway", "healer"));
        MissingApps.check(apps.missing().isEmpty() && Files.isRegularFile(root.resolve("cli/target/hybridstore-cli.jar")),
                "needs the storage-node, api-gateway, healer and cli jars; not built: " + apps.missing());
        work = Files.createDirectories(base.resolve("files"));
        cluster = apps.useIn(LocalCluster.builder().baseDir(base.resolve("cluster")))
                .appEnv("HEALER_INTERVAL", "40s") // the first cycle completes on an empty store; the next one must come
                .appEnv("HEALER_SCAN_PER_PASS", "1")
                .appEnv("HEALER_SCAN_PAGE_SIZE", "1")
                .appEnv("HEALER_SCRUB_PER_PASS", "0")
                .appEnv("HEALER_LEASE_TTL", "8s")
                .startTimeout(Duration.ofSeconds(180))
                .start();
        String cold = "x".repeat(2000);
        for (int i = 0; i < FILLERS; i++) {
            String body = "{\"key\":\"fill-" + String.format("%02d", i) + "\",\"value\":{\"n\":" + i + ",\"text\":\"" + cold + "\"}}";
            awaitTrue("the gateway to take filler " + i, () -> {
                int status = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url("gateway-1") + "/write"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                return status == 200 || status == 202;
            });
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        // A node start-node restarted belongs to the launcher's JVM: stop it through the pid files too.
        Teardown.close(cluster == null ? null : LocalCluster.attach(cluster.baseDir()), cluster, apps);
    }

    @Test
    @Order(1)
    void statusAndNodesShowAHealthyClusterAsTextAndJson() throws Exception {
        Run status = awaitRun("status to say full redundancy", r -> r.code() == 0, "status");
        assertTrue(status.out().contains("8 live, 0 dead of 8"), status.out());
        assertTrue(status.out().matches("(?s).*healer leader +healer-[12] at http://127\\.0\\.0\\.1:\\d+ \\(2 of 2 answer\\).*"), status.out());
        assertTrue(status.out().contains("redundancy     FULL"), status.out());

        JsonNode json = hybridstore("status", "--json").json();
        assertEquals(List.of("target", "nodes", "healer", "objects", "repairs", "lastPass", "redundancy"), names(json));
        assertEquals(8, json.at("/nodes/live").asInt());
        assertEquals(0, json.at("/nodes/dead").asInt());
        assertEquals("full", json.get("redundancy").asText());
        assertTrue(json.at("/healer/leader").asText().startsWith("healer-"));

        Run nodes = hybridstore("nodes");
        assertEquals(0, nodes.code());
        assertTrue(nodes.out().startsWith("NODE    STATE  ZONE    USED"), nodes.out());
        assertEquals(8, nodes.out().lines().filter(l -> l.matches("node-\\d +live +zone-[abc] .*")).count(), nodes.out());
        JsonNode nodesJson = hybridstore("nodes", "--json").json();
        assertEquals(8, nodesJson.get("nodes").size());
        assertEquals(List.of("id", "live", "zone", "url", "usedBytes", "capacityBytes", "chunkCount", "startedAt"),
                names(nodesJson.at("/nodes/0")));
    }

    @Test
    @Order(2)
    void aDocumentAndA20MiBBlobGoUpAndComeBackAndRmDeletes() throws Exception {
        Path doc = Files.writeString(work.resolve("doc.json"), "{\"name\":\"Ada\",\"score\":1.10,\"bio\":\"" + "b".repeat(3000) + "\"}");
        Run put = hybridstore("put", "--document", TARGET, doc.toString());
        assertEquals(0, put.code(), put.err());
        assertTrue(put.out().startsWith("stored document " + TARGET), put.out());
        Run text = hybridstore("get", TARGET);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("\"score\":1.10"), "the document as written: " + text.out());
        JsonNode got = hybridstore("get", TARGET, "--json").json();
        assertEquals("document", got.get("kind").asText());
        assertEquals("1.10", got.at("/value/score").decimalValue().toPlainString(), "the number as written");
        assertEquals("Ada", got.at("/value/name").asText());

        byte[] data = new byte[20 << 20];
        new Random(17).nextBytes(data);
        Path blob = Files.write(work.resolve("blob.bin"), data);
        JsonNode stored = hybridstore("put", BLOB, blob.toString(), "--json").json();
        assertEquals("blob", stored.get("kind").asText());
        assertEquals(20 << 20, stored.get("bytes").asLong());
        Path back = work.resolve("back.bin");
        Run get = hybridstore("get", BLOB, "-o", back.toString());
        assertEquals(0, get.code(), get.err());
        assertTrue(get.err().isEmpty(), "no progress bar off a terminal: " + get.err());
        assertArrayEquals(sha256(data), sha256(Files.readAllBytes(back)));

        assertEquals(0, hybridstore("put", "-d", "cli-gone", doc.toString()).code());
        assertEquals(0, hybridstore("rm", "cli-gone").code());
        assertEquals(3, hybridstore("get", "cli-gone").code(), "deleted: not found");
        assertEquals(3, hybridstore("rm", "cli-gone").code());
        assertEquals(3, hybridstore("get", "cli-never-written").code());
        assertEquals(3, hybridstore("inspect", "cli-never-written").code());

        // ls pages through GET /objects?prefix= (the catalogue's listing).
        Run ls = hybridstore("ls", "zz-");
        assertEquals(0, ls.code(), ls.out() + ls.err());
        assertTrue(ls.out().contains(TARGET), ls.out());
        Run lsJson = hybridstore("ls", "zz-", "--json");
        assertEquals(0, lsJson.code(), lsJson.err());
        assertTrue(lsJson.out().trim().startsWith("{") && lsJson.out().contains("\"items\"") && lsJson.out().contains(TARGET),
                lsJson.out());
    }

    @Test
    @Order(3)
    void inspectShowsEveryCopyPresent() {
        Run text = hybridstore("inspect", TARGET);
        assertEquals(0, text.code(), text.out() + text.err());
        assertTrue(text.out().endsWith("9 of 9 copies healthy, 0 missing, 0 corrupt, 0 unknown\n"), text.out());
        JsonNode json = hybridstore("inspect", TARGET, "--json").json();
        assertEquals(9, json.get("copies").size(), "3 replicas and 6 shards");
        json.get("copies").forEach(c -> assertTrue(c.get("present").asBoolean() && c.get("checksumOk").asBoolean(), c.toString()));
        JsonNode blob = hybridstore("inspect", BLOB, "--json").json();
        assertEquals(30, blob.get("copies").size(), "5 stripes of 4 MiB, 6 shards each");
        assertEquals(30, blob.at("/summary/healthy").asInt());
    }

    @Test
    @Order(4)
    void aKilledNodeShowsDeadItsCopiesMissingAndHealRepairsThem() throws Exception {
        // Right after a cycle over every record completed, the healer rests until the kill or its interval.
        awaitTrue("the first scan cycle to complete", Duration.ofSeconds(300), () -> {
            JsonNode s = hybridstore("status", "--json").json();
            return s.at("/objects/total").asLong() >= FILLERS + 2 && s.at("/objects/scanned").asLong() == s.at("/objects/total").asLong();
        });
        JsonNode before = hybridstore("inspect", TARGET, "--json").json();
        killed = before.at("/copies/0/nodeId").asText(); // a node holding a hot replica
        Run kill = hybridstore("kill-node", killed.substring("node-".length()));
        assertEquals(0, kill.code(), kill.out() + kill.err());
        assertTrue(kill.out().startsWith("killed " + killed + " (SIGKILL"), kill.out());

        Run degraded = awaitRun("status to show " + killed + " dead", r -> r.code() == 5, "status");
        assertTrue(degraded.out().contains("7 live, 1 dead (" + killed + ") of 8"), degraded.out());
        assertTrue(degraded.out().contains("DEGRADED"));
        JsonNode nodes = hybridstore("nodes", "--json").json();
        assertEquals(1, nodes.get("dead").asInt());

        Run inspect = hybridstore("inspect", TARGET, "--json");
        assertEquals(1, inspect.code(), "a copy is missing");
        int onKilled = 0;
        for (JsonNode c : inspect.json().get("copies")) {
            if (c.get("nodeId").asText().equals(killed)) {
                onKilled++;
                assertFalse(c.get("nodeLive").asBoolean());
                assertFalse(c.get("present").asBoolean(), c.toString());
            } else {
                assertTrue(c.get("present").asBoolean(), c.toString());
            }
        }
        assertTrue(onKilled >= 1);
        assertEquals(onKilled, inspect.json().at("/summary/missing").asInt());

        Run heal = hybridstore("heal", TARGET, "--json");
        assertEquals(0, heal.code(), heal.out() + heal.err());
        assertEquals("HEALTHY", heal.json().get("condition").asText());
        assertEquals("CLEAN", heal.json().get("state").asText());

        JsonNode after = hybridstore("inspect", TARGET, "--json").json();
        assertEquals(9, after.at("/summary/healthy").asInt(), after.toString());
        after.get("copies").forEach(c -> assertFalse(c.get("nodeId").asText().equals(killed), c.toString()));
        assertEquals(5, hybridstore("status").code(), "the node is still dead");
    }

    @Test
    @Order(5)
    void watchStreamsJsonLinesAndStartNodeBringsTheNodeBack() throws Exception {
        Run watch = hybridstore("watch", "--json", "--max-time", "2s");
        assertEquals(5, watch.code(), "not healed within 2 s: a node is dead and no cycle completed\n" + watch.out() + watch.err());
        List<String> lines = watch.out().lines().toList();
        assertTrue(lines.size() >= 2, "a line per refresh (≤ 1 s): " + lines);
        for (String line : lines) {
            JsonNode frame = JSON.readTree(line);
            assertEquals(List.of("at", "nodes", "leader", "scan", "repairs", "objects", "redundancy", "cycleCompletedSinceStart", "healthy"),
                    names(frame));
            assertEquals(killed, frame.at("/nodes/deadIds/0").asText());
        }

        Run text = hybridstore("watch", "--max-time", "1s");
        assertEquals(5, text.code());
        assertFalse(text.out().contains("\u001b"), "no escape codes into a pipe");
        assertTrue(text.out().contains("dead (" + killed + ")") && text.out().contains("scan      ["), text.out());

        Run start = hybridstore("start-node", killed);
        assertEquals(0, start.code(), start.out() + start.err());
        assertEquals(0, awaitRun("status with every node live", r -> r.code() == 0, "status").code());
    }

    @Test
    @Order(6)
    void aClusterThatDoesNotAnswerExitsFour() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        Run run = hybridstore("status", "--gateway", url, "--healers", url, "--etcd", url, "--json");
        assertEquals(4, run.code(), run.out() + run.err());
        assertEquals(4, run.json().at("/error/exitCode").asInt());
        assertEquals(4, hybridstore("get", TARGET, "--gateway", url).code());
    }

    @Test
    @Order(7)
    void accessKeysAreCreatedListedUsedAndRevoked() throws Exception {
        Run created = hybridstore("keys", "create", "--owner", "cli-e2e", "--json");
        assertEquals(0, created.code(), created.out() + created.err());
        String id = created.json().get("id").asText();
        String secret = created.json().get("secret").asText();
        assertFalse(secret.isBlank(), "create shows the secret: " + created.out());
        Run listed = hybridstore("keys", "list");
        assertEquals(0, listed.code(), listed.err());
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("cli-e2e")), listed.out());
        assertFalse(listed.out().contains(secret), "a listing never shows a secret");
        assertEquals(200, readWith(id + ":" + secret), "the new key authenticates the JSON API");

        Run revoked = hybridstore("keys", "revoke", id);
        assertEquals(0, revoked.code(), revoked.err());
        assertEquals("revoked " + id + "\n", revoked.out());
        assertEquals(401, readWith(id + ":" + secret), "revoked: refused at once by the gateway that revoked it");
        assertEquals(3, hybridstore("keys", "revoke", id).code(), "revoking it again: no such key");
        assertFalse(hybridstore("keys", "list").out().contains(id));
    }

    private static int readWith(String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url("gateway-1") + "/read/fill-00"))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Runs bin/hybridstore from an unrelated directory, with only HYBRIDSTORE_RUN_DIR naming the cluster. */
    static Run hybridstore(String... args) {
        List<String> command = new ArrayList<>(List.of(cli.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("HYBRIDSTORE_") || k.equals("CLUSTER_TOKEN") || k.equals("ETCD_PREFIX"));
            env.put("HYBRIDSTORE_RUN_DIR", cluster.baseDir().toString());
            Path err = Files.createTempFile(work, "stderr", ".txt");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "hybridstore " + List.of(args) + " did not exit");
            String errText = Files.readString(err);
            Files.delete(err);
            return new Run(p.exitValue(), out, errText);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Run awaitRun(String what, Predicate<Run> done, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Run last = hybridstore(args);
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last: exit " + last.code() + "\n" + last.out() + last.err());
            }
            Thread.sleep(500); // the polling interval, not a fixed wait for an effect
            last = hybridstore(args);
        }
        return last;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        awaitTrue(what, DEADLINE, check);
    }

    private static void awaitTrue(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(dir.resolve("bin/hybridstore"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
