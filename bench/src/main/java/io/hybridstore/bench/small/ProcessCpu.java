package io.hybridstore.bench.small;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of processes from {@code /proc/PID/stat} (utime + stime, fields 14 and 15), in seconds.
 * A process that has gone (killed by the heal bench) keeps its last reading, so a difference never
 * goes negative.
 */
final class ProcessCpu {
    /** USER_HZ: the unit of those fields; 100 on every Linux this runs on, checked against getconf by the script. */
    static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;
    private final Map<String, Double> last = new LinkedHashMap<>();

    /** @param pids process name to pid, in the order the report lists them */
    ProcessCpu(Map<String, Long> pids) {
        this.pids = Map.copyOf(pids);
        pids.keySet().forEach(name -> last.put(name, 0.0));
    }

    /** CPU-seconds of each process so far. */
    Map<String, Double> sample() {
        Map<String, Double> now = new LinkedHashMap<>();
        for (String name : last.keySet()) {
            double seconds = read(pids.get(name));
            now.put(name, seconds >= 0 ? seconds : last.get(name));
        }
        last.putAll(now);
        return now;
    }

    /** -1 when the process is gone. */
    static double read(long pid) {
        try {
            return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException gone) {
            return -1;
        }
    }

    /** The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'. */
    static double parseStat(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // after[0] is field 3 (state): utime is field 14, stime field 15.
        return (Long.parseLong(after[11]) + Long.parseLong(after[12])) / TICKS_PER_SECOND;
    }

    /** 1-, 5- and 15-minute load averages of the machine, as /proc/loadavg gives them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
