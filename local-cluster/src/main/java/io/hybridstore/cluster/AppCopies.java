package io.hybridstore.cluster;

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
 * Private copies of the app builds ({@code <module>/target/quarkus-app}) for a cluster that must
 * outlive changes to the checkout: other modules may be rebuilt while a long test or a chaos run
 * goes on, and a jar replaced under a running (or restarted) JVM breaks it. Closing deletes the
 * copies; logs and data stay for a post-mortem.
 */
public final class AppCopies implements AutoCloseable {

    /** The app modules, in {@link Role} order. */
    public static final List<String> MODULES = List.of(Role.STORAGE_NODE.module(), Role.GATEWAY.module(), Role.HEALER.module());

    private final Path dir;
    private final List<String> wanted;
    private final Map<String, Path> jars = new LinkedHashMap<>();

    private AppCopies(Path dir, List<String> wanted) {
        this.dir = dir;
        this.wanted = List.copyOf(wanted);
    }

    /** Copies every app module that is built in the checkout into {@code dir}; see {@link #missing}. */
    public static AppCopies of(Path dir) {
        return of(dir, MODULES);
    }

    /** Copies those of {@code modules} that are built in the checkout into {@code dir}. */
    public static AppCopies of(Path dir, List<String> modules) {
        Path root = RepoRoot.find();
        AppCopies copies = new AppCopies(dir, modules);
        for (String module : modules) {
            Path app = root.resolve(module).resolve("target").resolve("quarkus-app");
            if (Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                copies.jars.put(module, copy(app, dir.resolve(module)).resolve("quarkus-run.jar"));
            }
        }
        return copies;
    }

    /** The app modules that have no build in the checkout (nothing would be copied for them). */
    public static List<String> notBuilt() {
        Path root = RepoRoot.find();
        return MODULES.stream().filter(m -> !Files.isRegularFile(root.resolve(m).resolve("target/quarkus-app/quarkus-run.jar"))).toList();
    }

    /** Module name to its copied run jar, for the modules that were built. */
    public Map<String, Path> jars() {
        return Map.copyOf(jars);
    }

    /** The modules asked for that were not built, so have no copy. */
    public List<String> missing() {
        return wanted.stream().filter(m -> !jars.containsKey(m)).toList();
    }

    /** Makes {@code builder} start the copies. */
    public LocalClusterBuilder useIn(LocalClusterBuilder builder) {
        jars.forEach(builder::jar);
        return builder;
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
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the app copies in " + dir + ": " + e);
        }
    }
}
