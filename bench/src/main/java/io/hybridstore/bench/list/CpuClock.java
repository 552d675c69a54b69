package io.hybridstore.bench.list;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * CPU time spent by etcd and by this JVM since {@link #start}: what a timed query costs beside its
 * latency, which on a shared 2-core machine also holds the time spent waiting for a core.
 */
final class CpuClock {

    private final long etcdPid;
    private final long etcdStart;
    private final long selfStart;

    private CpuClock(long etcdPid) {
        this.etcdPid = etcdPid;
        this.etcdStart = processNanos(etcdPid);
        this.selfStart = selfNanos();
    }

    /** @param etcdPid etcd's process id; 0 when unknown (its column then reads "?") */
    static CpuClock start(long etcdPid) {
        return new CpuClock(etcdPid);
    }

    /** "etcd / bench" CPU milliseconds per sample since the start. */
    String perSample(int samples) {
        double self = (selfNanos() - selfStart) / 1e6 / samples;
        long etcdNow = processNanos(etcdPid);
        String etcd = etcdNow < 0 || etcdStart < 0 ? "?" : String.format(Locale.ROOT, "%.1f", (etcdNow - etcdStart) / 1e6 / samples);
        return String.format(Locale.ROOT, "%s / %.1f", etcd, self);
    }

    /** A process's CPU time so far in nanoseconds; -1 when unknown. */
    static long processNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    private static long selfNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
