package io.hybridstore.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked files are: the repository root and the project version, both handed over by the pom. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("hybridstore.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy"))) {
            throw new IllegalStateException("no deploy/ under " + root + " (set -Dhybridstore.repo.root)");
        }
        return root;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    /** The image tag of our apps: the Maven project version, as compose and the manifests name it. */
    static String version() {
        String version = System.getProperty("hybridstore.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("-Dhybridstore.version is not set (the pom passes ${project.version})");
        }
        return version;
    }
}
