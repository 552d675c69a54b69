package io.hybridstore.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Private copies of the app builds ({@code <module>/target/quarkus-app}) for one run: other modules
 * are rebuilt in this checkout while a run is going, and a restarted process must run the same
 * build as before. Deleted on close; logs and data stay.
 */
final class AppCopies implements AutoCloseable {
    static final List<String> MODULES = List.of("storage-node", "api-gateway", "healer");

    private final Path dir;
    private final Map<String, Path> jars = new LinkedHashMap<>();

    AppCopies(Path repoRoot, Path dir) {
        this.dir = dir;
        for (String module : MODULES) {
            Path app = repoRoot.resolve(module).resolve("target").resolve("quarkus-app");
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(module + " is not built (" + app + "): ./mvnw -pl " + module + " -am package -DskipTests");
            }
            jars.put(module, copy(app, dir.resolve(module)).resolve("quarkus-run.jar"));
        }
    }

    /** Module name to the copied run jar. */
    Map<String, Path> jars() {
        return jars;
    }

    /** The checkout: the nearest directory up from the working dir that holds {@code mvnw}. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the hybridstore checkout (no mvnw above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    private static Path copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    @Override
    public void close() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete the app copies in " + dir + ": " + e);
        }
    }
}
