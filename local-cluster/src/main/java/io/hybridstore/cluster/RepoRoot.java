package io.hybridstore.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the hybridstore checkout, whose modules' target/ dirs hold the app jars. */
final class RepoRoot {
    static final String PROPERTY = "hybridstore.repo.root";
    static final String ENV = "HYBRIDSTORE_REPO_ROOT";

    private RepoRoot() {
    }

    /** System property {@value #PROPERTY}, env {@value #ENV}, or the nearest parent of the working dir holding the parent pom. */
    static Path find() {
        String explicit = Optional.ofNullable(System.getProperty(PROPERTY)).orElse(System.getenv(ENV));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new LocalClusterException("no hybridstore checkout above " + start + " (a pom.xml listing module local-cluster); "
                + "set -D" + PROPERTY + " or " + ENV);
    }

    static boolean isRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<module>local-cluster</module>");
        } catch (IOException e) {
            return false;
        }
    }

    static Path appJar(Path root, Role role) {
        return root.resolve(role.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
