package io.hybridstore.cluster;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A storage node, gateway or healer: {@code java -jar <module>/target/quarkus-app/quarkus-run.jar}. */
final class QuarkusApp extends OneProcessMember {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Layout.Slot slot;
    private final Path jar;
    private final Path dir;
    private final Map<String, String> env;
    private final List<String> javaOpts;
    private final ManagedProcess process;

    QuarkusApp(Layout.Slot slot, Path jar, Path dir, Map<String, String> env, List<String> javaOpts, Path logFile, Path pidFile) {
        this.slot = slot;
        this.jar = jar;
        this.dir = dir.toAbsolutePath();
        this.env = Map.copyOf(env);
        this.javaOpts = List.copyOf(javaOpts);
        this.process = new ManagedProcess(slot.name(), logFile, pidFile, marker());
    }

    @Override
    public String name() {
        return slot.name();
    }

    @Override
    public void start(Duration timeout) {
        if (!process.isRunning()) {
            if (jar == null) {
                throw new LocalClusterException("cannot start " + name() + ": no " + slot.role().module() + " jar known; run "
                        + "from the hybridstore checkout or set " + RepoRoot.ENV);
            }
            if (!Files.isRegularFile(jar)) {
                throw new LocalClusterException("cannot start " + name() + ": " + jar + " does not exist; build it with "
                        + "./mvnw -pl " + slot.role().module() + " -am package -DskipTests");
            }
            createDataDir();
            process.launch(command(), env, e -> { }, dir);
        }
        process.awaitReady("ready at " + url() + "/q/health/ready", timeout, this::isHealthy);
    }

    /** As a mounted volume would be: a node may refuse a missing data dir rather than invent one. */
    private void createDataDir() {
        try {
            Files.createDirectories(dataDir());
        } catch (java.io.IOException e) {
            throw new LocalClusterException("cannot create " + dataDir(), e);
        }
    }

    List<String> command() {
        // The marker makes a recorded pid count only while its command line is ours; early, as /proc cuts long ones.
        List<String> command = new ArrayList<>(List.of(Binaries.java().toString(), "-Dhybridstore.member.dir=" + marker(),
                "--add-modules=jdk.incubator.vector", "-Xmx256m",
                // A dozen JVMs share a few cores here: one GC thread each, not a G1 pool each.
                "-XX:+UseSerialGC"));
        if (slot.role() == Role.STORAGE_NODE) {
            // C1 only, for the storage nodes of a local cluster: eight node JVMs each C2-compiling the
            // same request path on a shared 2-core machine still cost 1-2 CPU-s per GiB uploaded after
            // six rounds of 1 GiB (bench/run-blob-bench.sh), while a node's own Java work is small
            // (copies and the CRC32C intrinsic, which C1 has too). Measured, C1 nodes took the warm
            // upload from 4.3-5.7 s to 4.6-5.0 s and the compile time per round from 3-9 s to under 2.
            // Measured again on small documents (session 16, bench-small, docs/benchmarks.md): C2 nodes
            // spend half the CPU per request once compiled, but the eight of them were still compiling
            // 2-4 CPU-s of every 20-s phase four minutes in, so writes came out slower (196/s against
            // 225/s) and reads faster (668/s against 535/s); and a 256 MiB blob went up in 3.62 s
            // against 2.75 s and down in 1.77 s against 1.47 s, the nodes using 3.0-5.3 CPU-s per
            // upload against 2.1-2.9. So C1 stays (issue 14, item 5: blobs must not regress).
            // A node on a machine of its own (deploy/) keeps the default tiered JIT. javaOpts after
            // this can undo it (the last -XX flag wins).
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(javaOpts);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private String marker() {
        return dir + "/";
    }

    @Override
    public boolean isHealthy() {
        return HttpProbe.ok(URI.create(url() + "/q/health/ready"));
    }

    @Override
    ManagedProcess process() {
        return process;
    }

    @Override
    Duration stopGrace() {
        return STOP_GRACE;
    }

    @Override
    public URI url() {
        return URI.create("http://127.0.0.1:" + slot.port());
    }

    @Override
    public Path dataDir() {
        return dir.resolve("data");
    }

}
