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
                "--add-modules=jdk.incubator.vector",
                // A dozen JVMs share a few cores here: one GC thread each, not a G1 pool each.
                "-XX:+UseSerialGC"));
        command.addAll(javaOpts); // the role's heap (AppHeap) and JIT (NodeJit) first, then the cluster's own
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
