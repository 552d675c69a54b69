package io.hybridstore.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One OS process of the cluster: launched with its output appended to a log file, its pid recorded,
 * stopped with SIGTERM then SIGKILL, or killed outright.
 *
 * <p>A process started by another JVM (`make up`, then `make kill-node`) is found again through its pid
 * file; the pid counts only while that process's command line still contains {@code marker}, so a pid
 * reused by an unrelated process is never signalled.
 */
final class ManagedProcess {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);
    private static final Optional<Path> SETSID = findSetsid();

    private final String name;
    private final Path logFile;
    private final Path pidFile;
    private final String marker;
    private Process process;
    private ProcessHandle handle;

    ManagedProcess(String name, Path logFile, Path pidFile, String marker) {
        this.name = name;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.marker = marker;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    synchronized void launch(List<String> command, Map<String, String> env, Consumer<Map<String, String>> envEditor, Path workDir) {
        if (isRunning()) {
            throw new LocalClusterException(name + " is already running (pid " + handle.pid() + ")");
        }
        List<String> full = new ArrayList<>();
        // Its own session: Ctrl-C in the terminal reaches only the launcher, which then stops
        // everything in order. setsid execs in place (the launcher's child is no group leader), so the
        // pid we record is the real JVM's or etcd's.
        SETSID.ifPresent(setsid -> full.add(setsid.toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        envEditor.accept(builder.environment());
        builder.environment().putAll(env);
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(workDir);
            Files.writeString(logFile, "=== " + Instant.now() + " starting " + name + ": " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
            handle = process.toHandle();
            if (pidFile != null) {
                Files.createDirectories(pidFile.getParent());
                Files.writeString(pidFile, handle.pid() + "\n");
            }
        } catch (IOException e) {
            throw new LocalClusterException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** Waits until {@code ready} holds; fails fast, with the log tail, if the process exits meanwhile. */
    void awaitReady(String what, Duration timeout, Wait.Condition ready) {
        Wait.until(name + " to be " + what, timeout, () -> {
            if (!isRunning()) {
                throw new LocalClusterException(name + " exited" + exitCode() + " while starting" + logTail());
            }
            return ready.met();
        }, this::logTail);
    }

    synchronized boolean isRunning() {
        if (handle == null || !handle.isAlive()) {
            // Another JVM may have started it since (`make start-node` while a test or `make run` holds this object).
            handle = adopt().orElse(handle);
        }
        return handle != null && handle.isAlive();
    }

    synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(handle.pid()) : OptionalLong.empty();
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process has exited. */
    void stop(Duration grace) {
        ProcessHandle target;
        synchronized (this) {
            if (!isRunning()) {
                return;
            }
            target = handle;
        }
        List<ProcessHandle> descendants = target.descendants().toList();
        target.destroy();
        if (!awaitExit(target, grace)) {
            System.getLogger(ManagedProcess.class.getName()).log(System.Logger.Level.WARNING,
                    name + " did not stop within " + grace.toMillis() + " ms of SIGTERM: sending SIGKILL");
        }
        killAndWait(target, descendants);
    }

    /** SIGKILL to the process and its descendants; returns once the process has exited. */
    void kill() {
        ProcessHandle target;
        synchronized (this) {
            if (!isRunning()) {
                return;
            }
            target = handle;
        }
        killAndWait(target, target.descendants().toList());
    }

    private void killAndWait(ProcessHandle target, List<ProcessHandle> descendants) {
        target.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        // A restart on the same port or data dir fails while the old process lingers (etcd does).
        if (!awaitExit(target, EXIT_WAIT)) {
            throw new LocalClusterException(name + " (pid " + target.pid() + ") still alive " + EXIT_WAIT.toSeconds() + " s after SIGKILL");
        }
        descendants.forEach(d -> awaitExit(d, EXIT_WAIT));
        deletePidFile();
    }

    private static boolean awaitExit(ProcessHandle target, Duration timeout) {
        try {
            target.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !target.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while waiting for pid " + target.pid() + " to exit", e);
        }
    }

    private Optional<ProcessHandle> adopt() {
        if (pidFile == null || !Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean isOurs(ProcessHandle candidate) {
        return candidate.info().commandLine().map(line -> line.contains(marker)).orElse(false);
    }

    private void deletePidFile() {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // A stale pid file is harmless: adopt() checks the command line.
            }
        }
    }

    /**
     * " with code N" once the process has exited. Waits for it briefly: its handle can see it gone (a
     * zombie) before the JVM's reaper thread has collected its exit status, and the code is what tells
     * an operator why it died.
     */
    private String exitCode() {
        Process launched;
        synchronized (this) {
            launched = process;
        }
        if (launched == null) {
            return "";
        }
        try {
            return launched.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) ? " with code " + launched.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The last lines of the log, for error messages. */
    String logTail() {
        return "\n--- last lines of " + logFile + " ---\n" + String.join("\n", tail(logFile, 40));
    }

    static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    private static Optional<Path> findSetsid() {
        return java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
