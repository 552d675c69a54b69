package io.hybridstore.bench.list;

import java.util.Locale;

/**
 * Waits until etcd has stopped working on its own (applying a compaction, a restore, a load's
 * backlog) before pages are timed, and says how long it took: a sample taken while etcd burns a core
 * on its own work measures that work, not the page (the run of 2026-12-04 14:51 timed its 1M pages
 * over three minutes of auto-compaction).
 */
final class EtcdQuiet {

    /** etcd is quiet when it used at most this share of one core over each of {@link #STEADY} seconds in a row. */
    private static final double MAX_SHARE = 0.05;
    private static final int STEADY = 3;
    private static final int MAX_SECONDS = 300;

    private EtcdQuiet() {
    }

    /** Blocks until etcd ({@code pid}) is quiet or {@value #MAX_SECONDS} s passed; prints what it waited for. */
    static void await(long pid, String after) throws InterruptedException {
        if (pid <= 0) {
            return;
        }
        long start = System.nanoTime();
        int quietSeconds = 0;
        double share = 0;
        long cpu = CpuClock.processNanos(pid);
        for (int second = 0; second < MAX_SECONDS && quietSeconds < STEADY; second++) {
            Thread.sleep(1000);
            long now = CpuClock.processNanos(pid);
            share = (now - cpu) / 1e9;
            cpu = now;
            quietSeconds = share <= MAX_SHARE ? quietSeconds + 1 : 0;
        }
        System.err.printf(Locale.ROOT, "%s: etcd %s after %.0f s (%.0f %% of a core in the last second)%n", after,
                quietSeconds >= STEADY ? "quiet" : "STILL BUSY", (System.nanoTime() - start) / 1e9, share * 100);
    }
}
