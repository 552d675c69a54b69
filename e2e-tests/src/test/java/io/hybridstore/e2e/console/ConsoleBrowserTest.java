package io.hybridstore.e2e.console;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator console in headless Chromium (Debian's chromium, driven by Playwright from npm:
 * {@code src/test/js/console-test.mjs}) against real processes: etcd, Kafka, 8 storage nodes, a
 * gateway and a healer with the console's actions on. The page must show 8 live nodes; a node is
 * SIGKILLed with the page's kill button; the page must show it dead with objects degraded within 5 s
 * of its lease expiring, then none degraded once the healer has repaired. Screenshots of the three
 * states go to {@code target/console-screenshots/}. Without chromium or Playwright (scripts/env.sh
 * ensure_browser installs both) it fails under make test / CI and is skipped elsewhere.
 */
class ConsoleBrowserTest {

    private static final int OBJECTS = 20;
    /** Short node leases, so the test shows liveness at work without waiting the 10 s default. */
    private static final Duration NODE_LEASE = Duration.ofSeconds(4);
    /** What the issue asks: dead and degraded on the page within 5 s of the lease expiring. */
    private static final Duration DEAD_WITHIN = NODE_LEASE.plusSeconds(5);
    private static final Duration HEALED_WITHIN = Duration.ofSeconds(120);
    /** Bytes per second the healer may repair: the degraded state lasts ~8 s instead of ~0.4 s. */
    private static final String REPAIR_BUDGET = "64K";
    private static final String VICTIM = "node-3";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path playwright;
    private static LocalCluster cluster;
    private static AppCopies apps;

    @BeforeAll
    static void startCluster() throws Exception {
        playwright = Path.of(System.getProperty("hybridstore.browserDir", "../target/browser"), "node_modules");
        MissingApps.check(Files.isRegularFile(playwright.resolve("playwright-core/package.json")) && onPath("node")
                        && Files.isExecutable(Path.of("/usr/bin/chromium")),
                "needs /usr/bin/chromium, node and playwright-core in " + playwright + " (. scripts/env.sh && ensure_browser)");
        Path base = Path.of("target", "console-e2e", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        apps = AppCopies.of(base.resolve("apps"), List.of("storage-node", "api-gateway", "healer"));
        MissingApps.check(apps.missing().isEmpty(), "needs the storage-node, api-gateway and healer jars; not built: " + apps.missing());
        cluster = apps.useIn(LocalCluster.builder().baseDir(base))
                .healers(1)
                .consoleActions(true)
                .appEnv("NODE_TIMEOUT", NODE_LEASE.toSeconds() + "s")
                .appEnv("NODE_HEARTBEAT_INTERVAL", "1s")
                .appEnv("HEALER_INTERVAL", "2s")
                .appEnv("HEALER_NODE_CACHE", "300ms")
                // The healer repairs a page within ~0.4 s of a lease expiring: too fast for a page
                // that polls to be sure of catching the degraded state it must show. A small repair
                // budget (the 20 objects' repair reads and writes ~0.5 MB) holds that state for
                // several seconds; no scrub, so that the budget is whole when the node dies.
                .appEnv("HEALER_BYTES_PER_SECOND", REPAIR_BUDGET)
                .appEnv("HEALER_SCRUB_PER_PASS", "0")
                .startTimeout(Duration.ofSeconds(180)) // 2 shared cores: a dozen JVMs start slowly
                .start();
        Random random = new Random(17);
        for (int i = 0; i < OBJECTS; i++) {
            byte[] blob = new byte[16 * 1024];
            random.nextBytes(blob);
            String body = JSON.writeValueAsString(Map.of("key", "console-" + i, "value",
                    Map.of("name", "object " + i, "blob", Base64.getEncoder().encodeToString(blob))));
            waitUntil("the gateway to accept object " + i, Duration.ofSeconds(60), () -> {
                int status = send(HttpRequest.newBuilder(url(cluster.gatewayNames().get(0), "/write"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))).statusCode();
                return status == 200 || status == 202;
            });
        }
        waitUntil("the console to count every object at full redundancy", Duration.ofSeconds(60), () -> {
            JsonNode s = snapshot();
            return s.path("redundancy").path("overall").path("full").asInt() == OBJECTS;
        });
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Teardown.close(cluster, apps);
    }

    @Test
    void thePageShowsANodeKilledFromItDeadThenTheClusterHealed() throws Exception {
        assertTrue(snapshot().path("redundancy").path("hot").path("full").asInt() == OBJECTS, "every object has hot replicas");
        Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
        Path log = Path.of("target", "console-test.log").toAbsolutePath();
        ProcessBuilder script = new ProcessBuilder("node", Path.of("src", "test", "js", "console-test.mjs").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        script.environment().putAll(Map.of(
                "CONSOLE_URL", url(cluster.healerNames().get(0), "/console/").toString(),
                "NODE", VICTIM,
                "TOKEN", cluster.clusterToken(),
                "NODES", Integer.toString(cluster.nodeNames().size()),
                "SHOTS", shots.toString(),
                "PLAYWRIGHT_DIR", playwright.toAbsolutePath().toString(),
                "CHROMIUM", "/usr/bin/chromium",
                "DEAD_WITHIN_MS", Long.toString(DEAD_WITHIN.toMillis()),
                "HEALED_WITHIN_MS", Long.toString(HEALED_WITHIN.toMillis())));
        Process run = script.start();
        boolean ended = run.waitFor(HEALED_WITHIN.toSeconds() + 120, TimeUnit.SECONDS);
        if (!ended) {
            run.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println("console-test.mjs: " + output.strip());
        assertTrue(ended, "the browser script did not end: " + output);
        assertEquals(0, run.exitValue(), "the browser script failed:\n" + output);
        assertFalse(cluster.isRunning(VICTIM), VICTIM + " was SIGKILLed by the page's action");
        for (String shot : List.of("1-all-live.png", "2-node-dead.png", "3-healed.png")) {
            assertTrue(Files.size(shots.resolve(shot)) > 10_000, shot + " saved");
        }
        JsonNode timings = JSON.readTree(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        assertTrue(timings.path("degradedSeen").asInt() > 0, output);
        JsonNode after = snapshot();
        assertEquals(0, after.path("redundancy").path("overall").path("degraded").asInt());
        assertEquals(OBJECTS, after.path("redundancy").path("overall").path("full").asInt());
    }

    private static JsonNode snapshot() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(cluster.healerNames().get(0), "/console/api/snapshot")).GET());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static URI url(String process, String path) {
        return cluster.url(process).resolve(path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, command)));
    }

    /** Polls {@code condition} until it holds or the deadline passes; a poll that throws counts as not yet. */
    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the process is still starting or busy: ask again
            }
            Thread.sleep(200); // polling interval, not a fixed delay
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }

}
