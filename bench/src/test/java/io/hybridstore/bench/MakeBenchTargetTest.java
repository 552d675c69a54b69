package io.hybridstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}, {@code bench-small} and {@code bench-heal} are real rules: it picks the JDK through scripts/env.sh and runs
 * bench/run-codec-bench.sh with BENCH_ARGS. Checked with {@code make -n} (prints the recipe, runs
 * nothing): a real run takes minutes and would rebuild the benchmark jar from inside this build.
 */
class MakeBenchTargetTest {

    @Test
    void makeBenchPicksTheJdkThenRunsTheCodecBenchScript() throws Exception {
        List<String> recipe = dryRun("bench");
        assertEquals(List.of(". scripts/env.sh && pick_jdk", "bench/run-codec-bench.sh"), recipe,
                "make -n bench (an empty recipe means the rule is missing)");
        assertTrue(Files.isExecutable(repoRoot().resolve("bench/run-codec-bench.sh")), "the script is executable");
    }

    @Test
    void benchArgsReachTheScript() throws Exception {
        List<String> recipe = dryRun("bench", "BENCH_ARGS=-p shape=4+2 -p shardSize=65536");
        assertEquals("bench/run-codec-bench.sh -p shape=4+2 -p shardSize=65536", recipe.get(recipe.size() - 1), recipe.toString());
    }

    @Test
    void makeBenchSmallAndBenchHealRunTheSmallBenchScriptInTheirMode() throws Exception {
        assertEquals(List.of(". scripts/env.sh && pick_jdk", "bench/run-small-bench.sh small"), dryRun("bench-small"),
                "make -n bench-small (an empty recipe means the rule is missing)");
        assertEquals(List.of(". scripts/env.sh && pick_jdk", "bench/run-small-bench.sh heal"), dryRun("bench-heal"),
                "make -n bench-heal");
        assertTrue(Files.isExecutable(repoRoot().resolve("bench/run-small-bench.sh")), "the script is executable");
    }

    @Test
    void helpAndReadmeListTheSmallBenchTargets() throws Exception {
        String help = String.join("\n", dryRun("help"));
        String readme = Files.readString(repoRoot().resolve("README.md"));
        for (String target : List.of("make bench-small", "make bench-heal")) {
            assertTrue(help.contains(target), "make help lists " + target);
            assertTrue(readme.contains("`" + target + "`"), "README lists " + target);
        }
    }

    /** The recipe lines {@code make -n} prints for the given goal, trimmed, blank ones dropped. */
    private static List<String> dryRun(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory", "-n"));
        command.addAll(List.of(args));
        Process make = new ProcessBuilder(command).directory(repoRoot().toFile()).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(make.waitFor(30, TimeUnit.SECONDS), "make -n did not exit");
        assertEquals(0, make.exitValue(), "make -n " + List.of(args) + " failed:\n" + output);
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("Makefile"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no Makefile above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
