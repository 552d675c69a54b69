package io.hybridstore.common.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The known-answer files, copied from {@code shared/vectors/reed-solomon} into this module's test
 * resources ({@code vectors/reed-solomon}, with the README that says how they were made) so a bare
 * clone of the repository tests itself. They are named here, not listed from the directory: a
 * classpath directory cannot be listed reliably, and naming them is what makes a missing file fail
 * the tests instead of quietly running fewer vectors.
 */
final class TestVectors {

    static final String RESOURCE_DIR = "/vectors/reed-solomon/";

    /** (data, parity) shard counts and shard sizes of the 20 files, as the vectors' README lists them. */
    private static final int[][] CODES = {{2, 1}, {4, 2}, {6, 3}, {10, 4}};
    private static final int[] SIZES = {1, 7, 64, 1000, 4096};

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

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int[] code : CODES) {
            for (int size : SIZES) {
                names.add("rs-" + code[0] + "-" + code[1] + "-" + size + ".json");
            }
        }
        return names;
    }

    /** Every vector; a missing or unreadable file fails (the tests must not skip what they cannot find). */
    static List<Vector> all() {
        List<Vector> vectors = new ArrayList<>();
        for (String name : names()) {
            vectors.add(read(name));
        }
        return vectors;
    }

    static Vector read(String name) {
        try (InputStream in = TestVectors.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("Reed-Solomon test vector missing from the test classpath: " + RESOURCE_DIR + name
                        + " (common/src/test/resources" + RESOURCE_DIR + ")");
            }
            JsonNode root = JSON.readTree(in);
            return new Vector(name, root.get("dataShards").asInt(), root.get("parityShards").asInt(),
                    root.get("shardSize").asInt(), decode(root.get("data")), decode(root.get("parity")));
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    private static byte[][] decode(JsonNode array) {
        byte[][] result = new byte[array.size()][];
        for (int i = 0; i < array.size(); i++) {
            result[i] = Base64.getDecoder().decode(array.get(i).asText());
        }
        return result;
    }
}
