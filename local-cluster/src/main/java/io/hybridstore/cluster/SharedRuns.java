package io.hybridstore.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Base dirs of {@link LocalCluster#shared()} clusters: one per test JVM, named by its pid. A test JVM
 * that was SIGKILLed could not stop its processes; the next one finds its dir, kills what it recorded
 * and deletes the dir.
 */
final class SharedRuns {
    static final String PROPERTY = "hybridstore.local-cluster.dir";
    private static final System.Logger LOG = System.getLogger(SharedRuns.class.getName());

    private SharedRuns() {
    }

    /** {@code <dir>/<pid>} where dir is {@value #PROPERTY}, else ./target/local-cluster, else a temp dir. */
    static Path newRunDir() {
        Path root = Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of).orElseGet(() -> {
            Path target = Path.of("target").toAbsolutePath();
            return Files.isDirectory(target) ? target.resolve("local-cluster")
                    : Path.of(System.getProperty("java.io.tmpdir"), "hybridstore-local-cluster");
        }).toAbsolutePath();
        reapAbandoned(root);
        return root.resolve(Long.toString(ProcessHandle.current().pid()));
    }

    static void reapAbandoned(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> runs = Files.list(root)) {
            for (Path run : runs.filter(SharedRuns::ownerIsDead).toList()) {
                killRecorded(run);
                deleteRecursively(run);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clean abandoned clusters under " + root + ": " + e);
        }
    }

    private static boolean ownerIsDead(Path run) {
        String name = run.getFileName().toString();
        if (!Files.isDirectory(run) || !name.matches("\\d+")) {
            return false;
        }
        long owner = Long.parseLong(name);
        return owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).filter(ProcessHandle::isAlive).isEmpty();
    }

    private static void killRecorded(Path run) throws IOException {
        Path pids = run.resolve(LocalCluster.PIDS_DIR);
        if (!Files.isDirectory(pids)) {
            return;
        }
        try (Stream<Path> files = Files.list(pids)) {
            for (Path file : files.toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(file).trim());
                    ProcessHandle.of(pid).filter(p -> p.info().commandLine().map(c -> c.contains(run.toString())).orElse(false))
                            .ifPresent(p -> {
                                LOG.log(System.Logger.Level.WARNING, "killing " + file.getFileName() + " (pid " + pid
                                        + ") left running by a test JVM that died: " + run);
                                p.descendants().forEach(ProcessHandle::destroyForcibly);
                                p.destroyForcibly();
                                p.onExit().join();
                            });
                } catch (NumberFormatException | IOException ignored) {
                    // Not a pid file we wrote.
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        }
    }
}
