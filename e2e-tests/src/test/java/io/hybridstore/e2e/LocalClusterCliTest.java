package io.hybridstore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.RequiredApps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI behind make up/status/kill-node/start-node/down, each command its own JVM as with make:
 * a later JVM finds the processes an earlier one started through their pid files.
 */
class LocalClusterCliTest {
    @TempDir
    Path dir;

    @Test
    void upStatusKillStartDownAcrossJvms() throws Exception {
        // etcd and one storage node when its jar is built: seconds, not the full cluster.
        Path nodeJar = repoRoot().resolve("storage-node/target/quarkus-app/quarkus-run.jar");
        boolean withNode = Files.isRegularFile(nodeJar);
        // Locally etcd alone will do; under make test / CI the node jar must be there.
        assertTrue(withNode || !RequiredApps.required(), "storage-node jar " + nodeJar + " missing under " + RequiredApps.reason());
        String target = withNode ? "node-1" : "etcd";
        try {
            cli("--nodes", "1", "--gateways", "0", "--healers", "0", "--no-kafka", "--free-ports", "up");
            String status = awaitHealthy(withNode ? 2 : 1);

            long pid = pidOf(status, target);
            assertTrue(cli("kill", target).contains("killed " + target + " (SIGKILL, pid " + pid + ")"));
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "SIGKILLed process still alive");
            assertTrue(cli("status").matches("(?s).*\\n" + target + " +- +down .*"), "status after kill");

            cli("start", target);
            awaitHealthy(withNode ? 2 : 1);
        } finally {
            String down = cli("down");
            assertTrue(down.startsWith("stopped etcd"), down);
        }
        assertEquals(0, count(cli("status"), "healthy"));
    }

    /** Status probes with a short timeout; on a loaded machine one may miss, so ask again until a deadline. */
    private String awaitHealthy(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String status = cli("status");
        while (count(status, "healthy") != expected && System.nanoTime() < deadline) {
            status = cli("status");
        }
        assertEquals(expected, count(status, "healthy"), status);
        return status;
    }

    private String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.hybridstore.cluster.LocalClusterMain", "--dir", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read before waiting: a full pipe would block the CLI.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "CLI " + List.of(args) + " did not exit");
        assertEquals(0, process.exitValue(), "CLI " + List.of(args) + " failed:\n" + output);
        return output;
    }

    private static long pidOf(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " +(\\d+) ").matcher(status);
        assertTrue(m.find(), name + " has no pid in\n" + status);
        return Long.parseLong(m.group(1));
    }

    private static int count(String text, String word) {
        return text.split("\\b" + word + "\\b", -1).length - 1;
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("local-cluster"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
