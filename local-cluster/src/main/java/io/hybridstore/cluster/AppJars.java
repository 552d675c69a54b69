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
    private static final System.Logger LOG = System.getLogger(LocalCluster.class.getName());
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

    /** How many of {@code wanted} processes of an app the cluster gets: all, or with its jar not built none (or a failure). */
    int included(Role role, int wanted, boolean skipMissing) {
        if (wanted == 0 || Files.isRegularFile(jarFor(role))) {
            return wanted;
        }
        if (!skipMissing) {
            throw new LocalClusterException(role.module() + " jar " + jarFor(role) + " does not exist: build it "
                    + "(./mvnw -pl " + role.module() + " -am package -DskipTests) or ask for " + role.module() + " count 0");
        }
        LOG.log(System.Logger.Level.WARNING, "skipping " + role.module() + ": " + jarFor(role) + " is not built");
        return 0;
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
