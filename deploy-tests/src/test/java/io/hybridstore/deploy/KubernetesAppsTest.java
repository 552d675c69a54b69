package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Our three app containers in deploy/k8s, against the apps' real configuration. */
class KubernetesAppsTest {
    private static final Pattern REFERENCE = Pattern.compile("(?<!\\$)\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private final Kube kube = Kube.load();

    record AppContainer(App app, Kube.Workload workload, Container container) {
        String where() {
            return workload.kind() + "/" + workload.name() + "/" + container.getName();
        }

        Map<String, String> literals() {
            Map<String, String> out = new LinkedHashMap<>();
            env().stream().filter(e -> e.getValue() != null).forEach(e -> out.put(e.getName(), e.getValue()));
            return out;
        }

        List<EnvVar> env() {
            return Optional.ofNullable(container.getEnv()).orElse(List.of());
        }

        EnvVar env(String name) {
            return env().stream().filter(e -> e.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(where() + ": no " + name));
        }
    }

    private List<AppContainer> appContainers() {
        List<AppContainer> out = new ArrayList<>();
        for (Kube.Workload w : kube.workloads()) {
            for (Container c : w.containers()) {
                App.byImage(c.getImage()).ifPresent(app -> out.add(new AppContainer(app, w, c)));
            }
        }
        return out;
    }

    @Test
    void eachAppRunsOnceUnderItsImageName() {
        List<AppContainer> apps = appContainers();
        assertEquals(3, apps.size(), "app containers: " + apps.stream().map(AppContainer::where).toList());
        for (App app : App.values()) {
            AppContainer c = apps.stream().filter(a -> a.app() == app).findFirst().orElseThrow(() -> new AssertionError("no " + app.module));
            assertEquals(app.image(), c.container().getImage(), c.where() + ": the image compose builds");
            assertEquals(app.module, c.workload().name(), c.where());
            assertEquals("IfNotPresent", c.container().getImagePullPolicy(), c.where() + ": a fixed tag needs no Always");
        }
    }

    @Test
    void everyEnvVarIsOneTheAppReadsAndTheRequiredOnesAreSet() {
        int checked = 0;
        int declared = 0;
        for (AppContainer c : appContainers()) {
            List<String> names = c.env().stream().map(EnvVar::getName).toList();
            declared += names.size();
            checked += EnvRules.checkNames(c.app(), names, c.where());
            assertEquals(List.of(), c.container().getEnvFrom(), c.where() + ": envFrom would set names nobody checks");
        }
        assertEquals(declared, checked, "every env entry checked");
        assertEquals(21, checked, "env entries on the 3 app containers (node 8, gateway 8, healer 5)");
    }

    @Test
    void referencesToOtherEnvVarsAreDefinedFirst() {
        int references = 0;
        for (Kube.Workload w : kube.workloads()) {
            for (Container c : w.containers()) {
                List<String> defined = new ArrayList<>();
                for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    references += checkReferences(e.getValue(), defined, w.name() + "/" + c.getName() + " env " + e.getName());
                    defined.add(e.getName());
                }
                List<String> words = new ArrayList<>(Optional.ofNullable(c.getCommand()).orElse(List.of()));
                words.addAll(Optional.ofNullable(c.getArgs()).orElse(List.of()));
                for (String word : words) {
                    references += checkReferences(word, defined, w.name() + "/" + c.getName() + " command");
                }
            }
        }
        // NODE_URL -> NODE_ID; etcd name, 2 advertised URLs; redpanda's 2 advertised addresses.
        assertEquals(6, references, "$(VAR) references checked");
    }

    private static int checkReferences(String text, List<String> defined, String where) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            count++;
            // Kubernetes leaves an undefined $(VAR) as literal text: the process would see "$(VAR)".
            assertTrue(defined.contains(m.group(1)), where + ": $(" + m.group(1) + ") is not defined before it");
        }
        return count;
    }

    @Test
    void portsAndProbesAreTheAppsHttpPort() {
        int probes = 0;
        for (AppContainer c : appContainers()) {
            int port = EnvRules.httpPort(c.literals(), c.where());
            Optional<Integer> s3 = EnvRules.s3Port(c.literals());
            assertEquals(s3.isPresent() ? 2 : 1, c.container().getPorts().size(), c.where() + ": the HTTP port, and the S3 port if set");
            assertEquals(port, c.container().getPorts().get(0).getContainerPort(), c.where() + ": container port = QUARKUS_HTTP_PORT");
            s3.ifPresent(p -> assertEquals(p, c.container().getPorts().get(1).getContainerPort(), c.where() + ": = GATEWAY_S3_PORT"));
            probes += checkProbe(c, c.container().getLivenessProbe(), "/q/health/live", port);
            probes += checkProbe(c, c.container().getReadinessProbe(), "/q/health/ready", port);
            Probe startup = c.container().getStartupProbe();
            if (startup != null) {
                probes += checkProbe(c, startup, startup.getHttpGet().getPath().endsWith("/ready") ? "/q/health/ready" : "/q/health/live", port);
            }
        }
        assertEquals(9, probes, "3 probes (startup, liveness, readiness) on 3 apps");
    }

    private static int checkProbe(AppContainer c, Probe probe, String path, int port) {
        assertNotNull(probe, c.where() + ": probe for " + path);
        assertNotNull(probe.getHttpGet(), c.where() + ": HTTP probe for " + path);
        assertEquals(path, probe.getHttpGet().getPath(), c.where());
        assertEquals(Optional.of(port), Kube.resolve(probe.getHttpGet().getPort(), List.of(c.container())),
                c.where() + ": probe port " + probe.getHttpGet().getPort());
        return 1;
    }

    @Test
    void theClusterTokenComesFromAnExistingSecret() {
        Map<String, Set<String>> secrets = kube.secrets();
        int refs = 0;
        for (AppContainer c : appContainers()) {
            EnvVar token = c.env("CLUSTER_TOKEN");
            assertNull(token.getValue(), c.where() + ": CLUSTER_TOKEN inline");
            SecretKeySelector ref = token.getValueFrom().getSecretKeyRef();
            assertNotNull(ref, c.where() + ": CLUSTER_TOKEN must come from a secretKeyRef");
            assertTrue(secrets.containsKey(ref.getName()), c.where() + ": no secret " + ref.getName() + " in " + secrets.keySet());
            assertTrue(secrets.get(ref.getName()).contains(ref.getKey()), c.where() + ": secret " + ref.getName() + " has no key " + ref.getKey());
            refs++;
        }
        for (AppContainer c : appContainers()) {
            for (EnvVar e : c.env()) {
                if (e.getName().contains("TOKEN") || e.getName().contains("PASSWORD")) {
                    assertNull(e.getValue(), c.where() + ": " + e.getName() + " inline");
                }
            }
        }
        assertEquals(3, refs, "secret references checked");
    }

    @Test
    void resourcesAndHeapFitTogether() {
        int checked = 0;
        for (AppContainer c : appContainers()) {
            Map<String, Quantity> limits = c.container().getResources().getLimits();
            Map<String, Quantity> requests = c.container().getResources().getRequests();
            assertNotNull(limits.get("memory"), c.where() + ": memory limit (the heap is a share of it)");
            assertNotNull(requests.get("cpu"), c.where() + ": cpu request");
            assertEquals(requests.get("memory"), limits.get("memory"), c.where() + ": a JVM's memory request = its limit (no overcommit)");
            long limit = Quantity.getAmountInBytes(limits.get("memory")).longValueExact();
            EnvRules.checkJvm(c.literals(), limit, c.where());
            checked++;
        }
        assertEquals(3, checked);
    }

    @Test
    void podsRunAsNonRootWithWritableTmp() {
        int checked = 0;
        for (AppContainer c : appContainers()) {
            var pod = c.workload().template().getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), c.where());
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), c.where() + ": the apps never call the Kubernetes API");
            var security = c.container().getSecurityContext();
            assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), c.where());
            assertTrue(security.getCapabilities().getDrop().contains("ALL"), c.where());
            if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                assertTrue(mountPaths(c.container()).contains("/tmp"), c.where() + ": read-only root needs a /tmp volume (JVM, Vert.x cache)");
            }
            checked++;
        }
        assertEquals(3, checked);
    }

    @Test
    void storageNodesKnowTheirIdDataDirZoneAndUrl() {
        AppContainer node = appContainers().stream().filter(c -> c.app() == App.STORAGE_NODE).findFirst().orElseThrow();
        assertEquals("metadata.name", node.env("NODE_ID").getValueFrom().getFieldRef().getFieldPath(), "NODE_ID = the pod name");
        assertEquals("metadata.labels['topology.kubernetes.io/zone']",
                node.env("NODE_ZONE").getValueFrom().getFieldRef().getFieldPath(), "NODE_ZONE = the pod's zone label");
        var set = kube.one(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "storage-node");
        int port = EnvRules.httpPort(node.literals(), node.where());
        assertEquals("http://$(NODE_ID)." + set.getSpec().getServiceName() + ":" + port, node.env("NODE_URL").getValue(),
                "NODE_URL = the pod's name under the headless Service");
        String dataDir = node.env("NODE_DATA_DIR").getValue();
        VolumeMount mount = node.container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(dataDir))
                .findFirst().orElseThrow(() -> new AssertionError("NODE_DATA_DIR " + dataDir + " is not a mounted volume"));
        assertTrue(set.getSpec().getVolumeClaimTemplates().stream().anyMatch(t -> t.getMetadata().getName().equals(mount.getName())),
                "NODE_DATA_DIR is a PersistentVolumeClaim per pod");
        assertNotNull(node.workload().template().getSpec().getSecurityContext().getFsGroup(), "fsGroup makes the volume writable");
        var affinity = node.workload().template().getSpec().getAffinity().getPodAntiAffinity();
        var term = affinity.getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm();
        assertEquals("kubernetes.io/hostname", term.getTopologyKey());
        assertEquals(List.of(node.workload()), kube.selected(term.getLabelSelector()), "anti-affinity against the other nodes");
    }

    @Test
    void clientsPointAtEveryEtcdAndRedpandaMember() {
        List<String> etcd = members("etcd", "client");
        List<String> redpanda = members("redpanda", "kafka");
        int checked = 0;
        for (AppContainer c : appContainers()) {
            EnvRules.assertSameMembers(etcd, c.env("ETCD_ENDPOINTS").getValue(), c.where() + ": ETCD_ENDPOINTS");
            checked++;
            if (c.app() == App.API_GATEWAY) {
                EnvRules.assertSameMembers(redpanda, c.env("KAFKA_BOOTSTRAP_SERVERS").getValue(), c.where() + ": KAFKA_BOOTSTRAP_SERVERS");
                checked++;
            }
        }
        assertEquals(4, checked);
    }

    /** pod-i.service:port for every replica of a StatefulSet, the port by its container port name. */
    private List<String> members(String statefulSet, String portName) {
        Kube.Workload w = kube.workload(statefulSet);
        var set = kube.one(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, statefulSet);
        int port = Kube.resolve(new io.fabric8.kubernetes.api.model.IntOrString(portName), w.containers()).orElseThrow();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < w.replicas(); i++) {
            out.add(statefulSet + "-" + i + "." + set.getSpec().getServiceName() + ":" + port);
        }
        return out;
    }

    private static List<String> mountPaths(Container c) {
        return Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream().map(VolumeMount::getMountPath).toList();
    }
}
