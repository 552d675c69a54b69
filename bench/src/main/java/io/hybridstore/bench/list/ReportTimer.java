package io.hybridstore.bench.list;

import io.hybridstore.common.usage.UsageRecount;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdUsageStore;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code GET /report}'s read and the recount behind {@code POST /admin/report/recount}, on the
 * real usage store. The bulk loader writes no usage deltas (records as from before the counters),
 * so the first recount at each size counts the records loaded since the last one; the report then
 * reads its totals. Times the recount once (it reads every record of the prefix) and the report
 * {@code samples} times.
 */
final class ReportTimer {

    private ReportTimer() {
    }

    static List<String> time(EtcdConnection etcd, String prefix, int size, int samples, long etcdPid) {
        EtcdUsageStore usage = new EtcdUsageStore(etcd);
        CpuClock recountCpu = CpuClock.start(etcdPid);
        long start = System.nanoTime();
        UsageRecount.Result recount = usage.recount(prefix);
        double seconds = (System.nanoTime() - start) / 1e9;
        String recountRow = String.format(Locale.ROOT, "| %,d | recount of %s (%,d records, %d corrections) | %.0f (once) | | | %s | | |", size, prefix,
                recount.records(), recount.corrections().size(), seconds * 1000, recountCpu.perSample(1));
        while (usage.fold(100) > 0) {
            // the recount's corrections into the totals, as a gateway's folder would
        }
        Histogram micros = new Histogram(60_000_000L, 3);
        long objects = 0;
        CpuClock cpu = null;
        for (int s = -samples / 10; s < samples; s++) {
            if (s == 0) {
                cpu = CpuClock.start(etcdPid);
            }
            long t = System.nanoTime();
            long counted = usage.usage(prefix).values().entrySet().stream().filter(e -> e.getKey().endsWith(".objects"))
                    .mapToLong(java.util.Map.Entry::getValue).sum();
            long took = (System.nanoTime() - t) / 1000;
            if (s >= 0) {
                micros.recordValue(took);
                objects = counted;
            }
        }
        String reportRow = String.format(Locale.ROOT, "| %,d | report of %s (%,d objects counted) | %.1f | %.1f | | %s | | |", size, prefix, objects,
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, cpu.perSample(samples));
        return List.of(recountRow, reportRow);
    }
}
