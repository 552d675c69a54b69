package io.hybridstore.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** deploy/k8s as typed fabric8 objects: the kustomization, every resource it lists, the workloads' pods. */
final class Kube {
    static final Path DIR = Repo.path("deploy/k8s");

    /** The only kinds the base may hold; anything else fails the load instead of passing unchecked. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Service", Service.class,
            "v1/Secret", Secret.class,
            "v1/ConfigMap", ConfigMap.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/Job", Job.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Manifest(Path file, HasMetadata object) {
        String describe() {
            return file.getFileName() + ":" + object.getKind() + "/" + object.getMetadata().getName();
        }
    }

    /** A pod-running object: its pods' template and how many it wants. */
    record Workload(String kind, String name, int replicas, LabelSelector selector, PodTemplateSpec template) {
        Map<String, String> podLabels() {
            return Optional.ofNullable(template.getMetadata().getLabels()).orElse(Map.of());
        }

        List<Container> containers() {
            return template.getSpec().getContainers();
        }
    }

    final JsonNode kustomization;
    final List<String> resources;
    final List<Manifest> manifests;

    private Kube(JsonNode kustomization, List<String> resources, List<Manifest> manifests) {
        this.kustomization = kustomization;
        this.resources = resources;
        this.manifests = manifests;
    }

    static Kube load() {
        JsonNode kustomization = read(DIR.resolve("kustomization.yaml")).get(0);
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        List<Manifest> manifests = new ArrayList<>();
        for (String resource : resources) {
            Path file = DIR.resolve(resource);
            for (JsonNode doc : read(file)) {
                String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(key);
                if (type == null) {
                    throw new IllegalStateException(file + ": no typed check for " + key + "; add it to Kube.KINDS");
                }
                try {
                    manifests.add(new Manifest(file, YAML.treeToValue(doc, type)));
                } catch (IOException e) {
                    throw new UncheckedIOException(file + ": " + key + " does not parse", e);
                }
            }
        }
        return new Kube(kustomization, List.copyOf(resources), List.copyOf(manifests));
    }

    private static List<JsonNode> read(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return manifests.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        for (StatefulSet s : all(StatefulSet.class)) {
            out.add(new Workload("StatefulSet", s.getMetadata().getName(), Objects.requireNonNullElse(s.getSpec().getReplicas(), 1),
                    s.getSpec().getSelector(), s.getSpec().getTemplate()));
        }
        for (Deployment d : all(Deployment.class)) {
            out.add(new Workload("Deployment", d.getMetadata().getName(), Objects.requireNonNullElse(d.getSpec().getReplicas(), 1),
                    d.getSpec().getSelector(), d.getSpec().getTemplate()));
        }
        for (Job j : all(Job.class)) {
            out.add(new Workload("Job", j.getMetadata().getName(), Objects.requireNonNullElse(j.getSpec().getParallelism(), 1),
                    j.getSpec().getSelector(), j.getSpec().getTemplate()));
        }
        return out;
    }

    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + name));
    }

    /** Workloads whose pods a selector picks. */
    List<Workload> selected(LabelSelector selector) {
        return workloads().stream().filter(w -> matches(selector, w.podLabels())).toList();
    }

    List<Workload> selected(Map<String, String> serviceSelector) {
        return workloads().stream().filter(w -> matchesLabels(serviceSelector, w.podLabels())).toList();
    }

    /**
     * Secret name -> keys: Secret objects and the kustomization's secretGenerator (whose env files are
     * git-ignored; each has a committed {@code .example} naming its keys).
     */
    Map<String, Set<String>> secrets() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Secret s : all(Secret.class)) {
            Set<String> keys = new TreeSet<>();
            Optional.ofNullable(s.getData()).ifPresent(d -> keys.addAll(d.keySet()));
            Optional.ofNullable(s.getStringData()).ifPresent(d -> keys.addAll(d.keySet()));
            out.put(s.getMetadata().getName(), keys);
        }
        for (JsonNode generator : kustomization.path("secretGenerator")) {
            Set<String> keys = new TreeSet<>();
            generator.path("literals").forEach(l -> keys.add(l.asText().split("=", 2)[0]));
            generator.path("files").forEach(f -> keys.add(f.asText().contains("=") ? f.asText().split("=", 2)[0]
                    : Path.of(f.asText()).getFileName().toString()));
            for (JsonNode env : generator.path("envs")) {
                keys.addAll(envFileKeys(DIR.resolve(env.asText() + ".example")));
            }
            out.put(generator.path("name").asText(), keys);
        }
        return out;
    }

    static Set<String> envFileKeys(Path file) {
        try {
            Set<String> keys = new TreeSet<>();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    keys.add(trimmed.split("=", 2)[0]);
                }
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(file + " (the committed example of a git-ignored secret file)", e);
        }
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        boolean empty = (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
        if (empty) {
            return false; // selects everything: never what these manifests mean
        }
        if (selector.getMatchLabels() != null && !matchesLabels(selector.getMatchLabels(), labels)) {
            return false;
        }
        for (LabelSelectorRequirement r : Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalStateException("operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean matchesLabels(Map<String, String> wanted, Map<String, String> labels) {
        return wanted != null && !wanted.isEmpty() && wanted.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** A port given by number or by name, resolved against a container's ports. */
    static Optional<Integer> resolve(IntOrString port, List<Container> containers) {
        if (port == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            Integer number = port.getIntVal();
            return containers.stream().flatMap(c -> c.getPorts().stream()).map(ContainerPort::getContainerPort)
                    .filter(number::equals).findFirst();
        }
        return containers.stream().flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                .filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst();
    }
}
