package io.hybridstore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local cluster's {@code .run/cluster.env} ({@code export NAME=value} lines, written by the
 * launcher) and where to find it: {@code HYBRIDSTORE_RUN_DIR}, else the first {@code .run} holding a
 * {@code cluster.env} in the working directory or above it.
 */
final class ClusterEnvFile {
    static final String FILE = "cluster.env";
    static final String RUN_DIR = ".run";

    private ClusterEnvFile() {
    }

    /** The variables of a cluster.env text; lines that are not {@code [export ]NAME=value} are skipped. */
    static Map<String, String> parse(String text) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                vars.put(line.substring(0, eq), unquote(line.substring(eq + 1)));
            }
        }
        return vars;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** The run dir: the one named (it must hold cluster.env), else {@code .run} in {@code cwd} or a parent. */
    static Optional<Path> findRunDir(Optional<String> named, Path cwd) {
        if (named.isPresent() && !named.get().isBlank()) {
            return Optional.of(Path.of(named.get()).toAbsolutePath());
        }
        for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(RUN_DIR).resolve(FILE))) {
                return Optional.of(dir.resolve(RUN_DIR));
            }
        }
        return Optional.empty();
    }

    static Map<String, String> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw CliFailure.unreachable("no local cluster: cannot read " + file + " (make up starts one; or set HYBRIDSTORE_GATEWAY)");
        }
    }
}
