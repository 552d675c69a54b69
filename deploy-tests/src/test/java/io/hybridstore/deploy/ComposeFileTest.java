package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** deploy/compose/docker-compose.yml under the same rules as the Kubernetes manifests. */
class ComposeFileTest {
    private static final Pattern HEALTH_URL = Pattern.compile("http://(?:127\\.0\\.0\\.1|localhost):(\\d+)(/\\S*)");
    private static final Pattern TOKEN_FROM_ENV_FILE = Pattern.compile("\\$\\{CLUSTER_TOKEN(:?\\?[^}]*)?}");
    private final Compose compose = Compose.load();

    private List<Compose.Service> etcds() {
        return compose.services.stream().filter(s -> s.image().contains("/etcd:")).toList();
    }

    private List<Compose.Service> appServices() {
        return compose.services.stream().filter(s -> s.app().isPresent()).toList();
    }

    @Test
    void servicesAreAsSpecified() {
        assertEquals(3, etcds().size(), "etcd members");
        assertEquals(8, compose.apps(App.STORAGE_NODE).size(), "storage nodes");
        assertEquals(2, compose.apps(App.API_GATEWAY).size(), "gateways");
        assertEquals(2, compose.apps(App.HEALER).size(), "healers");
        assertEquals(Set.of("redpanda", "redpanda-init"), compose.services.stream().filter(s -> s.image().contains("/redpanda:"))
                .map(Compose.Service::name).collect(Collectors.toSet()));
        assertEquals(19, compose.services.size(), "services in all");
    }

    @Test
    void appImagesAreBuiltFromTheAppsDockerfiles() {
        int built = 0;
        for (Compose.Service s : appServices()) {
            App app = s.app().orElseThrow();
            assertEquals(app.image(), s.image(), s.name());
            Map<String, Object> build = s.map("build");
            Path context = Compose.DIR.resolve(String.valueOf(build.get("context"))).normalize();
            assertEquals(Repo.path(app.module), context, s.name() + ": build context");
            assertEquals("src/main/docker/Dockerfile.jvm", build.get("dockerfile"), s.name());
            assertTrue(Files.isRegularFile(context.resolve("src/main/docker/Dockerfile.jvm")), s.name() + ": Dockerfile exists");
            built++;
        }
        assertEquals(12, built);
        int thirdParty = 0;
        for (Compose.Service s : compose.services) {
            if (s.app().isEmpty()) {
                Images.assertPinned(s.image(), s.name());
                thirdParty++;
            }
        }
        assertEquals(7, thirdParty, "3 etcd, redpanda, redpanda-init, prometheus, grafana");
    }

    @Test
    void everyEnvVarIsOneTheAppReadsAndTheRequiredOnesAreSet() {
        int checked = 0;
        for (Compose.Service s : appServices()) {
            checked += EnvRules.checkNames(s.app().orElseThrow(), new ArrayList<>(s.environment().keySet()), "compose " + s.name());
        }
        assertEquals(8 * 8 + 2 * 8 + 2 * 5, checked, "env entries: 8 nodes x 8, 2 gateways x 8, 2 healers x 5");
    }

    @Test
    void healthchecksProbeReadinessOnTheAppsPort() {
        int checks = 0;
        for (Compose.Service s : compose.services) {
            if (s.name().equals("redpanda-init")) {
                assertEquals("no", s.raw().get("restart"), "a one-shot job is not restarted");
                continue;
            }
            Map<String, Object> health = s.map("healthcheck");
            assertNotNull(health.get("test"), s.name() + ": healthcheck");
            checks++;
            if (s.app().isPresent()) {
                Object test = health.get("test");
                String command = test instanceof List<?> words ? words.stream().map(String::valueOf).collect(Collectors.joining(" "))
                        : String.valueOf(test);
                Matcher url = HEALTH_URL.matcher(command);
                assertTrue(url.find(), s.name() + ": healthcheck is an HTTP probe: " + health.get("test"));
                assertEquals(EnvRules.httpPort(s.environment(), s.name()), Integer.parseInt(url.group(1)), s.name() + ": port");
                assertEquals("/q/health/ready", url.group(2), s.name() + ": path");
            }
        }
        assertEquals(18, checks);
    }

    @Test
    void theClusterTokenComesFromTheGitIgnoredEnvFile() throws IOException {
        int checked = 0;
        for (Compose.Service s : appServices()) {
            String token = s.environment().get("CLUSTER_TOKEN");
            assertTrue(TOKEN_FROM_ENV_FILE.matcher(token).matches(), s.name() + ": CLUSTER_TOKEN must be ${CLUSTER_TOKEN...}, not " + token);
            checked++;
        }
        assertEquals(12, checked);
        assertTrue(Files.readAllLines(Repo.path("deploy/.gitignore")).contains("compose/.env"), "deploy/compose/.env is git-ignored");
    }

    @Test
    void nodesHaveTheirOwnIdUrlZoneAndVolume() {
        Set<String> volumes = new HashSet<>();
        Set<String> zones = new TreeSet<>();
        for (Compose.Service node : compose.apps(App.STORAGE_NODE)) {
            Map<String, String> env = node.environment();
            int port = EnvRules.httpPort(env, node.name());
            assertEquals(node.name(), env.get("NODE_ID"), "NODE_ID = the service name");
            assertEquals("http://" + node.name() + ":" + port, env.get("NODE_URL"), node.name() + ": URL the others reach it by");
            String mount = node.list("volumes").stream().filter(v -> v.endsWith(":" + env.get("NODE_DATA_DIR"))).findFirst()
                    .orElseThrow(() -> new AssertionError(node.name() + ": NODE_DATA_DIR is not a mounted volume"));
            String volume = mount.substring(0, mount.indexOf(':'));
            assertTrue(compose.volumes().containsKey(volume), node.name() + ": named volume " + volume + " is declared");
            assertTrue(volumes.add(volume), node.name() + ": shares volume " + volume);
            zones.add(env.get("NODE_ZONE"));
        }
        assertEquals(8, volumes.size());
        assertEquals(Set.of("zone-a", "zone-b", "zone-c"), zones, "zones as local-cluster spreads them");
        for (App app : List.of(App.API_GATEWAY, App.HEALER)) {
            String idVar = app == App.API_GATEWAY ? "GATEWAY_ID" : "HEALER_ID";
            List<String> ids = compose.apps(app).stream().map(s -> s.environment().get(idVar)).toList();
            assertEquals(compose.apps(app).stream().map(Compose.Service::name).toList(), ids, idVar + " = the service name");
        }
    }

    @Test
    void clientsPointAtEveryEtcdMemberAndTheBroker() {
        List<String> members = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        for (Compose.Service etcd : etcds()) {
            Map<String, String> env = etcd.environment();
            assertEquals(etcd.name(), env.get("ETCD_NAME"));
            assertEquals("http://" + etcd.name() + ":2379", env.get("ETCD_ADVERTISE_CLIENT_URLS"));
            assertEquals("http://" + etcd.name() + ":2380", env.get("ETCD_INITIAL_ADVERTISE_PEER_URLS"));
            members.add(etcd.name() + ":2379");
            peers.add(etcd.name() + "=http://" + etcd.name() + ":2380");
        }
        for (Compose.Service etcd : etcds()) {
            assertEquals(String.join(",", peers), etcd.environment().get("ETCD_INITIAL_CLUSTER"), etcd.name());
        }
        String broker = flag(compose.service("redpanda"), "--advertise-kafka-addr=");
        int checked = 0;
        for (Compose.Service s : appServices()) {
            EnvRules.assertSameMembers(members, s.environment().get("ETCD_ENDPOINTS"), s.name() + ": ETCD_ENDPOINTS");
            checked++;
            if (s.app().orElseThrow() == App.API_GATEWAY) {
                assertEquals(broker, s.environment().get("KAFKA_BOOTSTRAP_SERVERS"), s.name());
                checked++;
            }
        }
        assertEquals(broker, compose.service("redpanda-init").environment().get("RPK_BROKERS"));
        assertEquals(14, checked);
    }

    @Test
    void servicesStartAfterWhatTheyNeed() {
        Set<String> names = compose.services.stream().map(Compose.Service::name).collect(Collectors.toSet());
        int edges = 0;
        for (Compose.Service s : compose.services) {
            for (String target : s.dependsOn().keySet()) {
                assertTrue(names.contains(target), s.name() + " depends on unknown " + target);
                edges++;
            }
        }
        for (Compose.Service s : appServices()) {
            for (Compose.Service etcd : etcds()) {
                assertEquals("service_healthy", s.dependsOn().get(etcd.name()), s.name() + " waits for " + etcd.name());
            }
        }
        for (Compose.Service gateway : compose.apps(App.API_GATEWAY)) {
            assertEquals("service_completed_successfully", gateway.dependsOn().get("redpanda-init"),
                    gateway.name() + " starts once the WAL topic exists");
        }
        assertEquals("service_healthy", compose.service("redpanda-init").dependsOn().get("redpanda"));
        assertEquals(12 * 3 + 2 + 1 + 1, edges, "depends_on edges (the last: grafana on prometheus)");
    }

    @Test
    void theInitServiceCreatesAWalTopicForTheLargestRecord() {
        WalTopic topic = WalTopic.parse(compose.service("redpanda-init").commandText(), "compose redpanda-init");
        for (Compose.Service gateway : compose.apps(App.API_GATEWAY)) {
            topic.checkAgainstGateway(gateway.environment(), 1, "compose " + gateway.name());
        }
    }

    @Test
    void memoryLimitsAndHeapFitTogether() {
        int checked = 0;
        for (Compose.Service s : appServices()) {
            Object limit = s.raw().get("mem_limit");
            assertNotNull(limit, s.name() + ": mem_limit (the heap is a share of it; without one, of the host's memory)");
            EnvRules.checkJvm(s.environment(), Compose.bytes(String.valueOf(limit)), "compose " + s.name());
            checked++;
        }
        assertEquals(12, checked);
    }

    @Test
    void publishedPortsStayOnLoopback() {
        Set<String> hostPorts = new HashSet<>();
        int published = 0;
        for (Compose.Service s : compose.services) {
            for (String port : s.list("ports")) {
                String[] parts = port.split(":");
                assertEquals(3, parts.length, s.name() + ": " + port + " needs host-ip:host-port:container-port");
                assertEquals("127.0.0.1", parts[0], s.name() + ": " + port + " would be reachable from the network");
                assertTrue(hostPorts.add(parts[1]), s.name() + ": host port " + parts[1] + " twice");
                if (s.app().isPresent()) {
                    Set<Integer> served = new HashSet<>(List.of(EnvRules.httpPort(s.environment(), s.name())));
                    EnvRules.s3Port(s.environment()).ifPresent(served::add);
                    assertTrue(served.contains(Integer.parseInt(parts[2])), s.name() + ": " + port + " publishes none of " + served);
                }
                published++;
            }
        }
        assertEquals(9, published, "etcd-1, 2 gateways (HTTP and S3 each), 2 healers, prometheus, grafana");
    }

    @Test
    void everyGatewayPublishesItsS3Port() {
        int gateways = 0;
        for (Compose.Service s : compose.services) {
            if (s.app().filter(App.API_GATEWAY::equals).isEmpty()) {
                continue;
            }
            int s3 = EnvRules.s3Port(s.environment()).orElseThrow(() -> new AssertionError(s.name() + ": GATEWAY_S3_PORT needs a literal"));
            assertTrue(s.list("ports").stream().anyMatch(p -> p.endsWith(":" + s3)), s.name() + ": S3 port " + s3 + " not published");
            gateways++;
        }
        assertEquals(2, gateways);
    }

    @Test
    void makeComposeUpBuildsTheJarsThenThisFile() throws IOException {
        String up = recipe("compose-up");
        assertTrue(up.contains("-pl storage-node,api-gateway,healer -am package"), "compose-up builds the fast-jars first:\n" + up);
        assertTrue(up.contains("CLUSTER_TOKEN=") && up.contains("deploy/compose/.env"), "compose-up writes the token file");
        assertTrue(up.indexOf("package") < up.indexOf("docker compose -f deploy/compose/docker-compose.yml up -d --build"),
                "then builds the images and starts this file:\n" + up);
        assertTrue(recipe("compose-down").contains("docker compose -f deploy/compose/docker-compose.yml down"));
    }

    /** A Makefile rule's recipe lines (tab-indented, after "target:"), with simple ":=" variables expanded. */
    private static String recipe(String target) throws IOException {
        List<String> lines = Files.readAllLines(Repo.path("Makefile"));
        int start = lines.indexOf(target + ":");
        assertTrue(start >= 0, "Makefile has no " + target + " rule");
        StringBuilder out = new StringBuilder();
        for (int i = start + 1; i < lines.size() && lines.get(i).startsWith("\t"); i++) {
            out.append(lines.get(i).substring(1)).append('\n');
        }
        String recipe = out.toString();
        for (String line : lines) {
            Matcher variable = Pattern.compile("^([A-Z_]+) := (.*)$").matcher(line);
            if (variable.matches()) {
                recipe = recipe.replace("$(" + variable.group(1) + ")", variable.group(2));
            }
        }
        return recipe;
    }

    private static String flag(Compose.Service s, String prefix) {
        return s.list("command").stream().filter(w -> w.startsWith(prefix)).map(w -> w.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError(s.name() + ": no " + prefix));
    }
}
