package io.hybridstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a command's cluster comes from: flags, then the environment, then the local cluster's cluster.env. */
class TargetTest {

    private static final String CLUSTER_ENV = """
            # hybridstore local cluster. Use: . .run/cluster.env
            export ETCD_ENDPOINTS=http://127.0.0.1:2379
            export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092
            export CLUSTER_TOKEN=file-token
            export GATEWAY_URL=http://127.0.0.1:8080
            export NODE_URLS=http://127.0.0.1:8081,http://127.0.0.1:8082
            export NODE_IDS=node-1,node-2
            export HEALER_URLS=http://127.0.0.1:8091,http://127.0.0.1:8092
            export HYBRIDSTORE_RUN_DIR=/x/.run
            """;

    private final AtomicInteger fileReads = new AtomicInteger();

    private Optional<Map.Entry<Path, Map<String, String>>> localFile() {
        fileReads.incrementAndGet();
        return Optional.of(Map.entry(Path.of("/x/.run"), ClusterEnvFile.parse(CLUSTER_ENV)));
    }

    @Test
    void withNothingNamedTheLocalClusterGivesEverything() {
        Target t = Target.resolve(Target.Flags.none(), Map.of(), this::localFile);

        assertEquals(URI.create("http://127.0.0.1:8080"), t.gateway());
        assertEquals(List.of(URI.create("http://127.0.0.1:8091"), URI.create("http://127.0.0.1:8092")), t.healers());
        assertEquals(List.of(URI.create("http://127.0.0.1:2379")), t.etcd());
        assertEquals("file-token", t.token());
        assertEquals(List.of("node-1", "node-2"), t.expectedNodes());
        assertEquals(Path.of("/x/.run"), t.runDir());
        assertEquals("/hybridstore", t.prefix());
    }

    @Test
    void anEndpointFromTheEnvironmentMeansARealClusterAndTheLocalFileIsNotRead() {
        Map<String, String> env = Map.of("HYBRIDSTORE_GATEWAY", "gw.example:8080", "HYBRIDSTORE_HEALERS", "http://h1:8091, http://h2:8091",
                "HYBRIDSTORE_ETCD", "http://e1:2379", "CLUSTER_TOKEN", "env-token", "HYBRIDSTORE_NODES", "a,b,c", "ETCD_PREFIX", "/other");

        Target t = Target.resolve(Target.Flags.none(), env, this::localFile);

        assertEquals(0, fileReads.get());
        assertEquals(URI.create("http://gw.example:8080"), t.gateway(), "host:port means http");
        assertEquals(List.of(URI.create("http://h1:8091"), URI.create("http://h2:8091")), t.healers());
        assertEquals("env-token", t.token());
        assertEquals(List.of("a", "b", "c"), t.expectedNodes());
        assertEquals("/other", t.prefix());
        assertNull(t.runDir(), "kill-node refuses a real cluster");
    }

    @Test
    void flagsWinOverTheEnvironment() {
        Map<String, String> env = Map.of("HYBRIDSTORE_GATEWAY", "http://env:1", "CLUSTER_TOKEN", "env-token");
        Target.Flags flags = new Target.Flags("http://flag:2/", null, null, "flag-token", "n1", null);

        Target t = Target.resolve(flags, env, this::localFile);

        assertEquals(URI.create("http://flag:2"), t.gateway(), "a trailing slash is dropped");
        assertEquals("flag-token", t.token());
        assertEquals(List.of("n1"), t.expectedNodes());
    }

    @Test
    void theTokenFromTheEnvironmentWinsOverTheLocalFile() {
        Target t = Target.resolve(Target.Flags.none(), Map.of("CLUSTER_TOKEN", "env-token"), this::localFile);

        assertEquals("env-token", t.token());
        assertEquals(URI.create("http://127.0.0.1:8080"), t.gateway());
    }

    @Test
    void noClusterAnywhereIsUnreachableWithAHint() {
        Target t = Target.resolve(Target.Flags.none(), Map.of(), Optional::empty);

        CliFailure f = assertThrows(CliFailure.class, t::requireGateway);
        assertEquals(ExitCode.UNREACHABLE, f.exitCode());
        assertEquals(ExitCode.UNREACHABLE, assertThrows(CliFailure.class, t::requireHealers).exitCode());
        assertEquals(ExitCode.UNREACHABLE, assertThrows(CliFailure.class, t::requireEtcd).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(CliFailure.class, t::requireToken).exitCode());
    }

    @Test
    void aBadUrlIsAUsageError() {
        CliFailure f = assertThrows(CliFailure.class, () -> Target.resolve(new Target.Flags("http://", null, null, null, null, null),
                Map.of(), Optional::empty));
        assertEquals(ExitCode.USAGE, f.exitCode());
    }

    @Test
    void theRunDirIsFoundFromTheWorkingDirectoryUpwardsOrNamed(@TempDir Path repo) throws Exception {
        Path run = Files.createDirectories(repo.resolve(".run"));
        Files.writeString(run.resolve("cluster.env"), CLUSTER_ENV);
        Path deep = Files.createDirectories(repo.resolve("a/b/c"));

        assertEquals(Optional.of(run), ClusterEnvFile.findRunDir(Optional.empty(), deep));
        assertEquals(Optional.of(Path.of("/elsewhere")), ClusterEnvFile.findRunDir(Optional.of("/elsewhere"), deep));
        assertEquals(Optional.empty(), ClusterEnvFile.findRunDir(Optional.empty(), Files.createTempDirectory("no-run")));
        assertEquals("http://127.0.0.1:8080", ClusterEnvFile.read(run).get("GATEWAY_URL"));
    }

    @Test
    void clusterEnvLinesParseWithOrWithoutExportAndQuotes() {
        Map<String, String> vars = ClusterEnvFile.parse("# comment\nexport A=1\nB='two'\n  export C=\"3\"\nnot a line\n=x\n");
        assertEquals(Map.of("A", "1", "B", "two", "C", "3"), vars);
    }
}
