package io.hybridstore.bench.small;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run measured: the JSON file under bench/target/small-bench/ and, through
 * {@link MarkdownTables}, the tables on stdout. {@code heal} is null in a small run; {@code phases}
 * and {@code floors} are empty in a heal run.
 */
record SmallBenchReport(String mode, String startedAt, int cores, String loadAverageStart, String loadAverageEnd,
                        Map<String, String> settings, List<PhaseReport> phases, List<Floor> floors, Ratios ratios,
                        HealReport heal, List<String> notes) {

    static final String KAFKA_APPEND = "kafka append";
    static final String ETCD_COMMIT = "etcd commit";
    static final String ETCD_GET = "etcd get";
    static final String NODE_PUT = "node chunk PUT";
    static final String NODE_GET = "node chunk GET";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One floor at one client (its latency) and at many (its throughput). */
    record Floor(String name, PhaseReport single, PhaseReport concurrent) {
    }

    /**
     * The ratios at one client: write p50 ÷ (Kafka append + etcd commit + node PUT) p50, and
     * read p50 ÷ (etcd get + chunk GET) p50. Null when a figure is missing (JSON has no NaN).
     */
    record Ratios(Double writeP50Ms, Double writeFloorsP50Ms, Double write, Double readP50Ms, Double readFloorsP50Ms, Double read) {

        static Ratios of(List<PhaseReport> phases, List<Floor> floors) {
            double write = p50(phases, "write", 1);
            double read = p50(phases, "read", 1);
            double writeFloors = floor(floors, KAFKA_APPEND) + floor(floors, ETCD_COMMIT) + floor(floors, NODE_PUT);
            double readFloors = floor(floors, ETCD_GET) + floor(floors, NODE_GET);
            return new Ratios(known(write), known(writeFloors), known(write / writeFloors), known(read), known(readFloors),
                    known(read / readFloors));
        }

        private static Double known(double value) {
            return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
        }

        private static double p50(List<PhaseReport> phases, String name, int clients) {
            return phases.stream().filter(p -> p.name().equals(name) && p.clients() == clients).findFirst()
                    .map(p -> p.latencyMs().p50()).orElse(Double.NaN);
        }

        private static double floor(List<Floor> floors, String name) {
            Optional<Floor> floor = floors.stream().filter(f -> f.name().equals(name)).findFirst();
            return floor.map(f -> f.single().latencyMs().p50()).orElse(Double.NaN);
        }
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("report not serializable", e);
        }
    }

    /** Writes {@code <dir>/<mode>-<startedAt>.json} and returns its path. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(mode + "-" + startedAt.replace(":", "") + ".json");
        Files.writeString(file, json());
        return file;
    }
}
