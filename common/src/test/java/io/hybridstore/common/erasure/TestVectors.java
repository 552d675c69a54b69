package io.hybridstore.common.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The known-answer files in {@code shared/vectors/reed-solomon}, which sits beside the repository
 * ({@code ../shared} from the repo root). Found by walking up from the working directory, so it works
 * from the module directory (surefire) and from the repo root alike. A missing directory fails the
 * tests: skipping them would hide a broken checkout.
 */
final class TestVectors {

    static final String RELATIVE_DIR = "shared/vectors/reed-solomon";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One {@code rs-D-P-SIZE.json} file. */
    record Vector(String name, int dataShards, int parityShards, int shardSize, byte[][] data, byte[][] parity) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TestVectors() {
    }

    static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_DIR);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Reed-Solomon test vectors not found: no " + RELATIVE_DIR
                + " in " + start + " or any parent directory (a checkout needs shared/ beside the repository)");
    }

    static List<Vector> all() {
        try (Stream<Path> files = Files.list(directory())) {
            List<Vector> vectors = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().matches("rs-\\d+-\\d+-\\d+\\.json"))
                    .sorted().toList()) {
                vectors.add(read(file));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Vector read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        return new Vector(file.getFileName().toString(),
                root.get("dataShards").asInt(), root.get("parityShards").asInt(), root.get("shardSize").asInt(),
                decode(root.get("data")), decode(root.get("parity")));
    }

    private static byte[][] decode(JsonNode array) {
        byte[][] result = new byte[array.size()][];
        for (int i = 0; i < array.size(); i++) {
            result[i] = Base64.getDecoder().decode(array.get(i).asText());
        }
        return result;
    }
}
