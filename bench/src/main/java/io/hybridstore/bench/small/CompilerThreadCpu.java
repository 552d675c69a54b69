package io.hybridstore.bench.small;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of each JVM's JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…} in
 * {@code /proc/PID/task/TID/stat}), in seconds. This is what compiling costs the machine; the
 * CompilationMXBean's figure ({@link JvmClocks}) is the compilers' elapsed time, which on two shared
 * cores also counts the time a compiler thread waited for a core.
 *
 * <p>HotSpot starts and stops compiler threads as the queue grows and shrinks: a thread that has
 * gone keeps its last reading, so the sum never goes down; what it used after that reading (at most
 * one phase) is not counted.
 */
final class CompilerThreadCpu {
    private final Map<String, Long> pids;
    /** Per process, the last reading of every compiler thread seen: tid to seconds. */
    private final Map<String, Map<Long, Double>> threads = new HashMap<>();

    /** @param pids process name to pid, in the order the report lists them */
    CompilerThreadCpu(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    /** Compiler-thread CPU-seconds of each process so far. */
    Map<String, Double> sample() {
        Map<String, Double> now = new LinkedHashMap<>();
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            Map<Long, Double> seen = threads.computeIfAbsent(p.getKey(), k -> new HashMap<>());
            seen.putAll(read(p.getValue()));
            now.put(p.getKey(), seen.values().stream().mapToDouble(Double::doubleValue).sum());
        }
        return now;
    }

    /** The live compiler threads of a process: tid to CPU-seconds; empty when the process is gone. */
    private static Map<Long, Double> read(long pid) {
        Map<Long, Double> found = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    if (isCompiler(stat)) {
                        found.put(Long.parseLong(task.getFileName().toString()), ProcessCpu.parseStat(stat));
                    }
                } catch (IOException threadGone) {
                    // exited between the listing and the read: its last reading stands
                }
            }
        } catch (IOException processGone) {
            // killed by the heal bench: every thread's last reading stands
        }
        return found;
    }

    /** Whether a {@code /proc/.../stat} line is a HotSpot JIT compiler thread's (the name is cut at 15 characters). */
    static boolean isCompiler(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }
}
