package io.hybridstore.e2e.gateway;

import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.cluster.Ports;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second gateway process with the {@code halt-after-wal} crash point: it appends a write to the
 * WAL, gets the broker's ack, and halts like {@code kill -9} before any node write or metadata
 * commit. It takes no part in the replay (so only the surviving gateway can finish its write).
 */
final class CrashingGateway implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String clusterToken;

    private CrashingGateway(Process process, int port, String clusterToken) {
        this.process = process;
        this.port = port;
        this.clusterToken = clusterToken;
    }

    static CrashingGateway start(LocalCluster cluster) throws Exception {
        Path jar = Path.of("..", "api-gateway", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("gateway jar not built: " + jar);
        }
        int port = Ports.free();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-jar", jar.toString());
        Path log = cluster.baseDir().resolve("logs").resolve("crashing-gateway-" + port + ".log");
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(jar.getParent().toString()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("ETCD_ENDPOINTS", cluster.etcdEndpoints());
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.kafkaBootstrap());
        env.put("CLUSTER_TOKEN", cluster.clusterToken());
        env.put("GATEWAY_ID", "crashing-gateway");
        env.put("GATEWAY_FAILPOINT", "halt-after-wal");
        env.put("GATEWAY_REPLAY_ENABLED", "false");
        CrashingGateway gateway = new CrashingGateway(builder.start(), port, cluster.clusterToken());
        gateway.awaitReady(Duration.ofSeconds(60));
        return gateway;
    }

    GatewayClient client() {
        return new GatewayClient(URI.create("http://127.0.0.1:" + port), clusterToken);
    }

    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("crashing gateway exited during start-up: " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("crashing gateway not ready within " + timeout);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
