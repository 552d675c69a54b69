package io.hybridstore.bench.list;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.DeleteOption;
import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.common.catalogue.ListFilter;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * First pages: a prefix page of 1,000 with no cursor, the page a user's first {@code GET /objects}
 * reads. Three rows: a new store each sample (a gateway that just started: the hint read from etcd,
 * stored by the warm-up), one store (a running gateway: the hint remembered), and cold, timed last
 * (no hint anywhere: the etcd hints deleted and a new store each time, so one range over the whole
 * prefix, as every first page read before session 18; its garbage in etcd would be counted in the
 * next row's CPU). Deleting the hints writes to this etcd; the pages write the hint back.
 */
final class FirstPageTimer {

    /** Cold first pages: each counts the whole prefix (~0.5 s at 1M), so a few. */
    static final int COLD = 3;

    private FirstPageTimer() {
    }

    static List<String> time(EtcdConnection etcd, String endpoint, String prefix, int size, int page, int samples, long etcdPid,
            long dbBytes) throws Exception {
        List<String> rows = new ArrayList<>();
        Catalogue running = new Catalogue(new EtcdMetadataStore(etcd));
        for (int i = 0; i < ListBenchMain.WARM_UP_PAGES; i++) { // the hint stored, the path compiled
            firstPage(running, prefix, page);
        }
        Histogram fresh = new Histogram(60_000_000L, 3);
        CpuClock freshCpu = CpuClock.start(etcdPid);
        EtcdRequests freshRequests = EtcdRequests.read(endpoint);
        long freshItems = 0;
        for (int i = 0; i < samples; i++) {
            freshItems += timed(new Catalogue(new EtcdMetadataStore(etcd)), prefix, page, fresh);
        }
        rows.add(row(size, "first page of 1,000, a new store each (hint read from etcd)", fresh, freshItems, samples, freshCpu,
                freshRequests, endpoint, dbBytes));
        Histogram warm = new Histogram(60_000_000L, 3);
        CpuClock warmCpu = CpuClock.start(etcdPid);
        EtcdRequests warmRequests = EtcdRequests.read(endpoint);
        long warmItems = 0;
        for (int i = 0; i < samples; i++) {
            warmItems += timed(running, prefix, page, warm);
        }
        rows.add(row(size, "first page of 1,000, one store (hint remembered)", warm, warmItems, samples, warmCpu, warmRequests,
                endpoint, dbBytes));
        Histogram cold = new Histogram(60_000_000L, 3);
        CpuClock coldCpu = CpuClock.start(etcdPid);
        EtcdRequests coldRequests = EtcdRequests.read(endpoint);
        long coldItems = 0;
        for (int i = 0; i < COLD; i++) {
            forgetHints(etcd); // untimed, but in the CPU and request counts (a delete: one transaction)
            coldItems += timed(new Catalogue(new EtcdMetadataStore(etcd)), prefix, page, cold);
        }
        rows.add(row(size, "first page of 1,000, cold: no hint (" + COLD + " runs; p99 is the worst)", cold, coldItems, COLD,
                coldCpu, coldRequests, endpoint, dbBytes));
        // A cold read makes etcd 3.4 collect every revision of the prefix (1M at 1M): its garbage is collected after.
        EtcdQuiet.await(etcdPid, "after the cold first pages");
        return rows;
    }

    /** Deletes every stored range start ({@code /hybridstore/starts/}): the next first page reads as if none was ever made. */
    static void forgetHints(EtcdConnection etcd) throws Exception {
        ByteSequence prefix = ByteSequence.from(etcd.keys().rangeStartsPrefix(), StandardCharsets.UTF_8);
        etcd.client().getKVClient().delete(prefix, DeleteOption.builder().isPrefix(true).build()).get(30, TimeUnit.SECONDS);
    }

    private static long timed(Catalogue catalogue, String prefix, int page, Histogram micros) {
        long t = System.nanoTime();
        int items = firstPage(catalogue, prefix, page);
        micros.recordValue((System.nanoTime() - t) / 1000);
        return items;
    }

    private static int firstPage(Catalogue catalogue, String prefix, int page) {
        return catalogue.list(new ListQuery(prefix, null, null, page, ListFilter.ALL)).objects().size();
    }

    private static String row(int size, String query, Histogram micros, long items, int samples, CpuClock cpu, EtcdRequests requests,
            String endpoint, long dbBytes) {
        return String.format(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %,d | %s | %s | %.0f MiB |", size, query,
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, items / samples,
                cpu.perSample(samples), EtcdRequests.read(endpoint).perSampleSince(requests, samples), dbBytes / 1048576.0);
    }
}
