package io.hybridstore.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Which jar each app runs: an explicit one, else {@code <checkout>/<module>/target/quarkus-app/quarkus-run.jar}.
 * Saved with the cluster, so that a later {@code make start-node} restarts the same jar.
 */
final class AppJars {
    private static final String FILE = "jars.properties";
    private final Map<Role, Path> explicit = new EnumMap<>(Role.class);
    private Path repoRoot;

    void set(Role role, Path jar) {
        explicit.put(role, jar.toAbsolutePath());
    }

    void repoRoot(Path root) {
        this.repoRoot = root;
    }

    /** The checkout is looked up only when a jar is not given explicitly. */
    Path jarFor(Role role) {
        if (explicit.containsKey(role)) {
            return explicit.get(role);
        }
        if (repoRoot == null) {
            repoRoot = RepoRoot.find();
        }
        return RepoRoot.appJar(repoRoot, role);
    }

    Map<Role, Path> forLayout(Layout layout) {
        Map<Role, Path> jars = new EnumMap<>(Role.class);
        layout.slots().stream().map(Layout.Slot::role).filter(Role::isApp).distinct().forEach(role -> jars.put(role, jarFor(role)));
        return jars;
    }

    static void save(Path baseDir, Map<Role, Path> jars) throws IOException {
        Properties saved = new Properties();
        jars.forEach((role, jar) -> saved.setProperty(role.module(), jar.toString()));
        try (Writer out = Files.newBufferedWriter(baseDir.resolve(FILE))) {
            saved.store(out, "the app jars this cluster runs");
        }
    }

    /** The jars a cluster was started with; failing that, the checkout's; failing that none (status and down need none). */
    static Map<Role, Path> savedOrFound(Path baseDir, Layout layout) throws IOException {
        Path file = baseDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            try {
                return new AppJars().forLayout(layout);
            } catch (LocalClusterException noCheckout) {
                return Map.of();
            }
        }
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            saved.load(in);
        }
        Map<Role, Path> jars = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            if (role.isApp() && saved.containsKey(role.module())) {
                jars.put(role, Path.of(saved.getProperty(role.module())));
            }
        }
        return jars;
    }
}
