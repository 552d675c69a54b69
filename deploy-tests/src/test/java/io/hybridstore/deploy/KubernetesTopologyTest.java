package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/k8s as a whole: what it lists, replica counts, and that every selector and reference lands on real pods. */
class KubernetesTopologyTest {
    private final Kube kube = Kube.load();

    @Test
    void theKustomizationListsEveryManifestAndEachParsesStrictly() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(Kube.DIR)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(kube.resources), "kustomization resources = the manifests in deploy/k8s");
        Map<String, Long> kinds = kube.manifests.stream()
                .collect(Collectors.groupingBy(m -> m.object().getKind(), TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("Deployment", 2L, "Job", 1L, "NetworkPolicy", 1L, "PodDisruptionBudget", 5L, "Service", 4L,
                "StatefulSet", 3L), kinds);
        int visited = 0;
        for (Kube.Manifest m : kube.manifests) {
            StrictModel walk = StrictModel.walk(m.object(), m.describe());
            assertEquals(List.of(), walk.unknownFields(), "fields Kubernetes does not know (typos?)");
            visited += walk.visitedObjects();
        }
        assertTrue(visited > 300, "model objects walked: " + visited);
    }

    @Test
    void replicaCountsAreAsSpecified() {
        Map<String, Integer> replicas = new TreeMap<>();
        kube.workloads().stream().filter(w -> !w.kind().equals("Job")).forEach(w -> replicas.put(w.name(), w.replicas()));
        assertEquals(Map.of("etcd", 3, "redpanda", 3, "storage-node", 8, "api-gateway", 2, "healer", 2), replicas);
    }

    @Test
    void thirdPartyImagesArePinnedAndProbed() {
        int thirdParty = 0;
        for (Kube.Workload w : kube.workloads()) {
            for (Container c : w.containers()) {
                if (App.byImage(c.getImage()).isPresent()) {
                    continue;
                }
                thirdParty++;
                Images.assertPinned(c.getImage(), w.name() + "/" + c.getName());
                assertNotNull(c.getResources().getRequests().get("memory"), w.name() + ": memory request");
                assertNotNull(c.getResources().getLimits().get("memory"), w.name() + ": memory limit");
                if (!w.kind().equals("Job")) {
                    assertNotNull(c.getLivenessProbe(), w.name() + ": liveness probe");
                    assertNotNull(c.getReadinessProbe(), w.name() + ": readiness probe");
                }
            }
        }
        assertEquals(3, thirdParty, "etcd, redpanda, the rpk topic job");
    }

    @Test
    void workloadSelectorsMatchTheirOwnPodsOnly() {
        int checked = 0;
        for (Kube.Workload w : kube.workloads()) {
            if (w.kind().equals("Job")) {
                continue; // Kubernetes generates a Job's selector
            }
            assertEquals(List.of(w), kube.selected(w.selector()), w.name() + ": its selector picks exactly its own pods");
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void servicesSelectRealPodsAndTargetRealPorts() {
        int ports = 0;
        for (Service s : kube.all(Service.class)) {
            List<Kube.Workload> selected = kube.selected(s.getSpec().getSelector());
            assertEquals(1, selected.size(), s.getMetadata().getName() + " selects " + selected);
            for (ServicePort p : s.getSpec().getPorts()) {
                IntOrString target = p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
                assertTrue(Kube.resolve(target, selected.get(0).containers()).isPresent(),
                        s.getMetadata().getName() + ": targetPort " + target + " is no container port");
                ports++;
            }
        }
        for (StatefulSet set : kube.all(StatefulSet.class)) {
            Service governing = kube.one(Service.class, set.getSpec().getServiceName());
            assertEquals("None", governing.getSpec().getClusterIP(), set.getMetadata().getName() + ": governing Service is headless");
            assertTrue(governing.getSpec().getPublishNotReadyAddresses(), set.getMetadata().getName()
                    + ": members are reached by name before they are ready");
            assertEquals(List.of(kube.workload(set.getMetadata().getName())), kube.selected(governing.getSpec().getSelector()));
        }
        assertEquals(8, ports, "service ports: etcd 2, redpanda 3, storage-node 1, api-gateway 2 (HTTP, S3)");
    }

    @Test
    void disruptionBudgetsCoverEveryLongRunningWorkloadAndAllowADrain() {
        Set<String> covered = new TreeSet<>();
        for (PodDisruptionBudget pdb : kube.all(PodDisruptionBudget.class)) {
            List<Kube.Workload> selected = kube.selected(pdb.getSpec().getSelector());
            assertEquals(1, selected.size(), pdb.getMetadata().getName() + " selects " + selected);
            Kube.Workload w = selected.get(0);
            IntOrString max = pdb.getSpec().getMaxUnavailable();
            IntOrString min = pdb.getSpec().getMinAvailable();
            assertTrue((max == null) != (min == null), pdb.getMetadata().getName() + ": exactly one of maxUnavailable, minAvailable");
            IntOrString given = max != null ? max : min;
            assertNotNull(given.getIntVal(), pdb.getMetadata().getName() + ": a count, not a percentage (checked against replicas)");
            int unavailable = max != null ? max.getIntVal() : w.replicas() - min.getIntVal();
            assertTrue(unavailable >= 1, w.name() + ": a budget of 0 blocks every node drain");
            assertTrue(w.replicas() - unavailable >= 1, w.name() + ": the budget lets every pod go");
            if (w.name().equals("etcd") || w.name().equals("redpanda")) {
                assertTrue(w.replicas() - unavailable >= w.replicas() / 2 + 1, w.name() + ": a drain must keep quorum");
            }
            if (w.name().equals("storage-node")) {
                assertEquals(1, unavailable, "objects survive 2 lost nodes: a drain takes at most one");
            }
            covered.add(w.name());
        }
        assertEquals(Set.of("etcd", "redpanda", "storage-node", "api-gateway", "healer"), covered);
    }

    @Test
    void onlyGatewaysAndHealersReachStorageNodes() {
        NetworkPolicy policy = kube.one(NetworkPolicy.class, "storage-node");
        Kube.Workload nodes = kube.workload("storage-node");
        assertEquals(List.of(nodes), kube.selected(policy.getSpec().getPodSelector()), "the policy guards the storage nodes");
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        assertEquals(1, policy.getSpec().getIngress().size(), "one allow rule");
        var rule = policy.getSpec().getIngress().get(0);
        Set<String> allowed = new TreeSet<>();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
            assertEquals(null, peer.getIpBlock(), "no address ranges");
            assertEquals(null, peer.getNamespaceSelector(), "no other namespaces");
            List<Kube.Workload> selected = kube.selected(peer.getPodSelector());
            assertFalse(selected.isEmpty(), "a peer selector that matches no pod: " + peer.getPodSelector());
            selected.forEach(w -> allowed.add(w.name()));
        }
        assertEquals(Set.of("api-gateway", "healer"), allowed);
        List<Integer> ports = new ArrayList<>();
        for (NetworkPolicyPort p : rule.getPorts()) {
            ports.add(Kube.resolve(p.getPort(), nodes.containers()).orElseThrow(() -> new AssertionError("port " + p.getPort())));
        }
        assertEquals(List.of(8080), ports, "the nodes' HTTP port only");
    }

    @Test
    void etcdAndRedpandaListEveryMemberAsPeer() {
        Kube.Workload etcd = kube.workload("etcd");
        String initial = flag(etcd.containers().get(0), "--initial-cluster=");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < etcd.replicas(); i++) {
            expected.add("etcd-" + i + "=http://etcd-" + i + ".etcd:2380");
        }
        assertEquals(String.join(",", expected), initial, "etcd --initial-cluster");
        Kube.Workload redpanda = kube.workload("redpanda");
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < redpanda.replicas(); i++) {
            seeds.add("redpanda-" + i + ".redpanda:33145");
        }
        assertEquals(String.join(",", seeds), flag(redpanda.containers().get(0), "--seeds="), "redpanda --seeds");
        for (String set : List.of("etcd", "redpanda")) {
            assertEquals("Parallel", kube.one(StatefulSet.class, set).getSpec().getPodManagementPolicy(),
                    set + ": members must start together to form a quorum");
        }
    }

    @Test
    void theTopicJobAdmitsTheGatewaysLargestRecord() {
        Job job = kube.one(Job.class, "redpanda-create-wal-topic");
        Container rpk = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        WalTopic topic = WalTopic.parse(String.join("\n", rpk.getArgs()), "job");
        AppGateway gateway = gatewayEnv();
        topic.checkAgainstGateway(gateway.literals(), kube.workload("redpanda").replicas(), "k8s topic job");
        String brokers = rpk.getEnv().stream().filter(e -> e.getName().equals("RPK_BROKERS")).findFirst().orElseThrow().getValue();
        assertEquals(gateway.literals().get("KAFKA_BOOTSTRAP_SERVERS"), brokers, "the job talks to the brokers the gateways use");
    }

    private record AppGateway(Map<String, String> literals) {
    }

    private AppGateway gatewayEnv() {
        Container c = kube.workload("api-gateway").containers().get(0);
        Map<String, String> literals = new TreeMap<>();
        c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> literals.put(e.getName(), e.getValue()));
        return new AppGateway(literals);
    }

    private static String flag(Container c, String prefix) {
        List<String> words = new ArrayList<>(c.getCommand() == null ? List.of() : c.getCommand());
        words.addAll(c.getArgs() == null ? List.of() : c.getArgs());
        return words.stream().filter(w -> w.startsWith(prefix)).map(w -> w.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + ": no " + prefix));
    }
}
