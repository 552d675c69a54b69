package io.hybridstore.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Private copies of the app builds for a test that runs its own cluster: other modules may be
 * rebuilt in this checkout while it runs, and a jar replaced under a running JVM breaks it.
 */
public final class AppCopies {
    private AppCopies() {
    }

    /** Copies {@code <repo>/<module>/target/quarkus-app} to {@code dest}; the copy's run jar, if the module is built. */
    public static Optional<Path> privateCopy(String module, Path dest) throws IOException {
        Path repo = Path.of("").toAbsolutePath();
        while (repo != null && !Files.isRegularFile(repo.resolve("mvnw"))) {
            repo = repo.getParent();
        }
        Path app = repo == null ? null : repo.resolve(module).resolve("target").resolve("quarkus-app");
        if (app == null || !Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(app)) {
            for (Path source : files.toList()) {
                Path target = dest.resolve(app.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return Optional.of(dest.resolve("quarkus-run.jar"));
    }

    /** Deletes the copies under {@code apps} (logs and data stay for a post-mortem). */
    public static void deleteCopies(Path apps) throws IOException {
        if (Files.isDirectory(apps)) {
            try (Stream<Path> files = Files.walk(apps)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
