package io.hybridstore.cluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The command line behind {@code make run|up|down|status|kill-node|start-node}:
 * <pre>
 * LocalClusterMain [--dir DIR] [--nodes N] [--gateways N] [--healers N] [--free-ports] [--no-kafka] [--console-actions]
 *                  [--node-jit c1|tiered|tiered-early] [--gateway-jit c1|tiered|tiered-early] [--healer-jit c1|tiered|tiered-early]
 *                  [--node-heap small|large-young|small-no-survivor] [--gateway-heap small|large-young|small-no-survivor]
 *                  [--healer-heap small|large-young|small-no-survivor]
 *                  run|up|down|status|kill NAME|stop NAME|start NAME
 * </pre>
 * Fixed ports and base dir {@code <repo>/.run} unless told otherwise; apps whose jar is not built are skipped.
 * Storage nodes run {@link NodeJit#SERVING} (tiered-early) unless told {@code --node-jit c1} or {@code tiered}; a node
 * started again ({@code start NAME}) runs what that command is told, the same default unless told. Gateways
 * run {@link NodeJit#GATEWAY} (tiered, the JVM's own) unless told {@code --gateway-jit}, healers {@link NodeJit#HEALER}
 * (the same) unless told {@code --healer-jit}. Storage nodes and gateways run the heap {@link AppHeap#SERVING} unless told
 * {@code --node-heap} or {@code --gateway-heap}, healers {@link AppHeap#HEALER} unless told {@code --healer-heap} (A/B
 * switches; a restarted app takes what its {@code start} is told).
 */
public final class LocalClusterMain {
    private static final PrintStream OUT = System.out;

    private LocalClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        // The admin client logs through SLF4J; without a binding, SLF4J warns once on every command.
        System.setProperty("slf4j.provider", System.getProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider"));
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "WARN"));
        try {
            System.exit(run(new ArrayDeque<>(List.of(args))));
        } catch (LocalClusterException | IllegalArgumentException e) {
            System.err.println("local-cluster: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int run(Deque<String> args) throws InterruptedException {
        Path dir = null;
        NodeJit nodeJit = NodeJit.SERVING; // not the builder's: that one is for a test's cluster
        NodeJit gatewayJit = NodeJit.GATEWAY;
        NodeJit healerJit = NodeJit.HEALER;
        AppHeap nodeHeap = AppHeap.SERVING; // not the builder's: that one is for a test's cluster
        AppHeap gatewayHeap = AppHeap.SERVING;
        AppHeap healerHeap = AppHeap.HEALER;
        LocalClusterBuilder builder = LocalCluster.builder().fixedPorts(true).skipMissingApps(true);
        while (!args.isEmpty() && args.peek().startsWith("--")) {
            String option = args.pop();
            switch (option) {
                case "--free-ports" -> builder.fixedPorts(false);
                case "--no-kafka" -> builder.kafka(false);
                case "--console-actions" -> builder.consoleActions(true);
                case "--dir" -> dir = Path.of(value(option, args));
                case "--nodes" -> builder.storageNodes(Integer.parseInt(value(option, args)));
                case "--gateways" -> builder.gateways(Integer.parseInt(value(option, args)));
                case "--healers" -> builder.healers(Integer.parseInt(value(option, args)));
                case "--node-jit" -> nodeJit = choice(option, args, NodeJit.class);
                case "--gateway-jit" -> gatewayJit = choice(option, args, NodeJit.class);
                case "--healer-jit" -> healerJit = choice(option, args, NodeJit.class);
                case "--node-heap" -> nodeHeap = choice(option, args, AppHeap.class);
                case "--gateway-heap" -> gatewayHeap = choice(option, args, AppHeap.class);
                case "--healer-heap" -> healerHeap = choice(option, args, AppHeap.class);
                default -> usage("unknown option " + option);
            }
        }
        builder.nodeJit(nodeJit).gatewayJit(gatewayJit).healerJit(healerJit).nodeHeap(nodeHeap).gatewayHeap(gatewayHeap)
                .healerHeap(healerHeap);
        Path baseDir = (dir != null ? dir : RepoRoot.find().resolve(".run")).toAbsolutePath();
        String command = args.isEmpty() ? usage("no command") : args.pop();
        switch (command) {
            case "run" -> {
                LocalCluster cluster = builder.baseDir(baseDir).build();
                cluster.start();
                printSummary(cluster, nodeJit);
                OUT.println("Ctrl-C stops the cluster.");
                new CountDownLatch(1).await(); // The shutdown hook stops every process, in reverse order.
            }
            case "up" -> {
                LocalCluster cluster = builder.baseDir(baseDir).detached(true).build();
                cluster.start();
                printSummary(cluster, nodeJit);
                OUT.println("Running in the background: make status | make logs | make down");
            }
            case "down" -> {
                if (noCluster(baseDir)) {
                    return 0;
                }
                LocalCluster cluster = LocalCluster.attach(baseDir);
                List<String> running = cluster.processNames().stream().filter(cluster::isRunning).toList();
                cluster.close();
                OUT.println(running.isEmpty() ? "nothing was running" : "stopped " + String.join(", ", running));
            }
            case "status" -> {
                if (!noCluster(baseDir)) {
                    printStatus(LocalCluster.attach(baseDir));
                }
            }
            case "kill" -> {
                LocalCluster cluster = LocalCluster.attach(baseDir);
                String name = processName(args);
                long pid = cluster.pid(name).orElseThrow(() -> new LocalClusterException(name + " is not running"));
                cluster.kill(name);
                OUT.println("killed " + name + " (SIGKILL, pid " + pid + ")");
            }
            case "stop" -> {
                String name = processName(args);
                LocalCluster.attach(baseDir).stop(name);
                OUT.println("stopped " + name);
            }
            case "start" -> {
                LocalCluster cluster = LocalCluster.attach(baseDir, builder);
                String name = processName(args);
                cluster.start(name);
                OUT.println("started " + name + " (pid " + cluster.pid(name).orElse(-1) + ") at " + cluster.url(name));
            }
            default -> usage("unknown command " + command);
        }
        return 0;
    }

    private static boolean noCluster(Path baseDir) {
        if (Files.exists(baseDir.resolve("layout.properties"))) {
            return false;
        }
        OUT.println("no cluster in " + baseDir + " (make run / make up start one)");
        return true;
    }

    private static String value(String option, Deque<String> args) {
        return args.isEmpty() ? usage("missing value for " + option) : args.pop();
    }

    /** The value of a choice option ({@code --node-jit c1}), its error naming the option. */
    private static <E extends Enum<E>> E choice(String option, Deque<String> args, Class<E> type) {
        try {
            return OptionChoice.parse(type, value(option, args));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** "3" is short for "node-3". */
    private static String processName(Deque<String> args) {
        String name = args.isEmpty() ? usage("which process? e.g. node-3") : args.pop();
        return name.matches("\\d+") ? Role.STORAGE_NODE.memberName(Integer.parseInt(name)) : name;
    }

    private static void printSummary(LocalCluster cluster, NodeJit nodeJit) {
        OUT.println();
        OUT.println("hybridstore local cluster is up; logs in " + cluster.baseDir().resolve(LocalCluster.LOGS_DIR)
                + ", endpoints and token in " + cluster.baseDir().resolve(ClusterEnv.FILE));
        for (String name : cluster.processNames()) {
            OUT.printf("  %-10s %s%n", name, cluster.url(name));
        }
        OUT.println("  (" + cluster.nodeNames().size() + " storage nodes, " + cluster.gatewayNames().size() + " gateway(s), "
                + cluster.healerNames().size() + " healer(s): an app whose jar is not built is left out)");
        if (nodeJit != NodeJit.C1 && !cluster.nodeNames().isEmpty()) {
            OUT.println("  The storage nodes compile their request paths through the first minutes of load (--node-jit "
                    + OptionChoice.name(nodeJit) + "); --node-jit c1 starts lighter for a short session.");
        }
        cluster.healerNames().stream().findFirst().map(cluster::url)
                .ifPresent(healer -> OUT.println("Console (live nodes, redundancy, healing): " + healer.resolve("/console/")));
        cluster.gatewayNames().stream().findFirst().map(cluster::url).ifPresentOrElse(gateway -> {
            String base = "localhost:" + gateway.getPort();
            OUT.println("Try:");
            OUT.println("  curl -s -X POST " + base + "/write -H 'Content-Type: application/json' "
                    + "-d '{\"key\":\"user:1\",\"value\":{\"name\":\"Ada\",\"bio\":\"...\"}}'");
            OUT.println("  curl -s " + base + "/read/user:1");
            cluster.accessKeyId().ifPresent(id -> OUT.println("Access key " + id + " (secret in " + ClusterEnv.FILE
                    + "): . .run/cluster.env, then aws/rclone/s3cmd, or curl -H \"Authorization: Bearer $AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\""));
            OUT.println("  aws --endpoint-url " + cluster.s3Url(cluster.gatewayNames().get(0)) + " s3 mb s3://photos"
                    + "   # the S3 API (keys from .run/cluster.env)");
        }, () -> OUT.println("No gateway yet: build api-gateway to get the /write and /read API."));
        OUT.println();
    }

    private static void printStatus(LocalCluster cluster) {
        OUT.printf("%-10s %-8s %-9s %s%n", "NAME", "PID", "STATE", "URL");
        for (String name : cluster.processNames()) {
            String pid = cluster.pid(name).isPresent() ? Long.toString(cluster.pid(name).getAsLong()) : "-";
            String state = !cluster.isRunning(name) ? "down" : cluster.isHealthy(name) ? "healthy" : "starting";
            OUT.printf("%-10s %-8s %-9s %s%n", name, pid, state, cluster.url(name));
        }
    }

    private static <T> T usage(String problem) {
        throw new IllegalArgumentException(problem + "\nusage: LocalClusterMain [--dir DIR] [--nodes N] [--gateways N] "
                + "[--healers N] [--free-ports] [--no-kafka] [--console-actions] [--node-jit c1|tiered|tiered-early] "
                + "[--gateway-jit c1|tiered|tiered-early] [--healer-jit c1|tiered|tiered-early] "
                + "[--node-heap H] [--gateway-heap H] [--healer-heap H] (H: small|large-young|small-no-survivor) "
                + "run|up|down|status|kill NAME|stop NAME|start NAME");
    }
}
