package io.hybridstore.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kill-node N} and {@code start-node N}: the local cluster's own launcher does it
 * ({@code LocalClusterMain --dir RUN_DIR kill|start node-N}, as {@code make kill-node} does), so the
 * pid files and the layout stay the launcher's business.
 */
abstract class NodeProcessCommand implements Callable<Integer> {
    /** The launcher waits for a started node to be healthy; this bounds the whole command. */
    private static final long LAUNCHER_TIMEOUT_SECONDS = 120;

    @Mixin
    ClusterOptions options;

    @Parameters(index = "0", paramLabel = "N", description = "Node number (3) or name (node-3).")
    String node;

    abstract String action();

    record Done(String node, String action, String output) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Target target = options.target();
        if (target.runDir() == null) {
            throw new CliFailure(ExitCode.USAGE, action() + "-node works on the local cluster only (its .run dir); none found");
        }
        String name = node.matches("\\d+") ? "node-" + node : node;
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", launcherClasspath(),
                "io.hybridstore.cluster.LocalClusterMain", "--dir", target.runDir().toString(), action(), name);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(LAUNCHER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw CliFailure.failed("the launcher did not finish " + action() + " " + name + " within " + LAUNCHER_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw output.contains("not running") || output.contains("unknown") || output.contains("no process")
                    ? CliFailure.notFound(output) : CliFailure.failed(output);
        }
        if (options.json) {
            options.printJson(System.out, new Done(name, action(), output));
        } else {
            System.out.println(output);
        }
        return ExitCode.OK;
    }

    /** local-cluster's classes and the classpath file its build writes, under the checkout bin/hybridstore runs from. */
    private static String launcherClasspath() throws IOException {
        String home = System.getProperty("hybridstore.home");
        if (home == null) {
            throw CliFailure.failed("run through bin/hybridstore: it tells where the checkout (and its launcher) is");
        }
        Path classes = Path.of(home, "local-cluster", "target", "classes");
        Path file = classes.resolve("io/hybridstore/cluster/launcher.classpath");
        if (!Files.isRegularFile(file)) {
            throw CliFailure.failed("the launcher is not built (" + file + "): make build");
        }
        return classes + java.io.File.pathSeparator + Files.readString(file).strip();
    }

    @Command(name = "kill-node", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
            description = "SIGKILL storage node N of the local cluster (as make kill-node N=...). Exits 3 when it is not running.")
    static final class Kill extends NodeProcessCommand {
        @Override
        String action() {
            return "kill";
        }
    }

    @Command(name = "start-node", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
            description = "Start storage node N of the local cluster again, with its data (as make start-node N=...).")
    static final class Start extends NodeProcessCommand {
        @Override
        String action() {
            return "start";
        }
    }
}
