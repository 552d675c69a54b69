package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/hybridstore.json against what it reads: every panel queries the provisioned
 * Prometheus datasource, every hybridstore metric it names is one an app registers (by its meter
 * name in the apps' sources, Prometheus suffixes taken off), and every job it filters on is scraped.
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern METRIC = Pattern.compile("\\b(hybridstore_[a-z0-9_]+|http_server_requests_seconds_[a-z]+|up)\\b");
    private static final Pattern JOB = Pattern.compile("job=~?\"([^\"]+)\"");
    /** What Micrometer's Prometheus naming appends: counter _total, a base unit, timer/summary series. */
    private static final List<String> SUFFIXES = List.of("_total", "_count", "_sum", "_max", "_bucket", "_seconds", "_bytes", "");
    /** Quarkus' own HTTP server timer, present in every app with micrometer, and Prometheus' scrape health. */
    private static final Set<String> NOT_OURS = Set.of("http_server_requests_seconds_count", "http_server_requests_seconds_sum", "up");

    private final JsonNode dashboard = read(JSON, Repo.path("deploy/grafana/hybridstore.json"));

    @Test
    void everyPanelQueriesTheProvisionedPrometheus() {
        JsonNode datasource = read(YAML, Repo.path("deploy/compose/grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0);
        String uid = datasource.path("uid").asText();
        assertEquals("http://prometheus:9090", datasource.path("url").asText());
        int panels = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertEquals(uid, panel.path("datasource").path("uid").asText(), panel.path("title").asText());
            assertFalse(panel.path("targets").isEmpty(), panel.path("title") + ": no query");
            for (JsonNode target : panel.path("targets")) {
                assertFalse(target.path("expr").asText().isBlank(), panel.path("title") + ": empty query");
            }
            panels++;
        }
        assertEquals(16, panels, "panels besides rows");
    }

    @Test
    void everyMetricItNamesIsOneAnAppExports() throws IOException {
        String sources = appSources();
        Set<String> metrics = new TreeSet<>();
        for (String expr : exprs()) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                metrics.add(m.group(1));
            }
        }
        int ours = 0;
        for (String metric : metrics) {
            if (NOT_OURS.contains(metric)) {
                continue;
            }
            assertTrue(meterNames(metric).stream().anyMatch(name -> sources.contains('"' + name + '"')),
                    metric + " is registered by no app (looked for " + meterNames(metric) + ")");
            ours++;
        }
        assertTrue(ours >= 12, "hybridstore metrics checked: " + metrics);
    }

    @Test
    void everyJobItFiltersOnIsScrapedAndTheComposeMountsMatch() throws IOException {
        Set<String> jobs = new TreeSet<>();
        for (JsonNode job : read(YAML, Repo.path("deploy/compose/prometheus/prometheus.yml")).path("scrape_configs")) {
            jobs.add(job.path("job_name").asText());
            assertEquals("/q/metrics", job.path("metrics_path").asText());
        }
        assertEquals(Set.of("storage-node", "api-gateway", "healer"), jobs);
        for (String expr : exprs()) {
            Matcher m = JOB.matcher(expr);
            while (m.find()) {
                for (String job : m.group(1).split("\\|")) {
                    assertTrue(jobs.contains(job), "job " + job + " in " + expr);
                }
            }
        }
        String compose = Files.readString(Repo.path("deploy/compose/docker-compose.yml"));
        String provider = read(YAML, Repo.path("deploy/compose/grafana/provisioning/dashboards/hybridstore.yml"))
                .path("providers").get(0).path("options").path("path").asText();
        assertTrue(compose.contains("../grafana:" + provider + ":ro"), "compose mounts deploy/grafana where the provider looks");
        assertTrue(compose.contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
    }

    private List<String> exprs() {
        return dashboard.path("panels").findValues("expr").stream().map(JsonNode::asText).toList();
    }

    /** The dotted meter names a Prometheus name can come from: hybridstore_healer_repairs_total → hybridstore.healer.repairs. */
    private static List<String> meterNames(String metric) {
        return SUFFIXES.stream().flatMap(first -> SUFFIXES.stream().map(second -> strip(strip(metric, first), second)))
                .map(base -> base.replace('_', '.')).distinct().toList();
    }

    private static String strip(String name, String suffix) {
        return !suffix.isEmpty() && name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }

    private static String appSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : List.of("storage-node", "api-gateway", "healer")) {
            try (Stream<Path> files = Files.walk(Repo.path(module + "/src/main/java"))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                    all.append(Files.readString(file));
                }
            }
        }
        return all.toString();
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
