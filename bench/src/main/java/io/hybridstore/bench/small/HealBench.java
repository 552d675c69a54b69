package io.hybridstore.bench.small;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * {@code make bench-heal}: write the documents, keep a client load running, SIGKILL one node, and
 * time the heal: kill → lease expiry (the node's key leaves etcd) → first repair → full redundancy.
 *
 * <p>The bench follows every object record through etcd from before the load starts
 * ({@link RedundancyView}: one scan while nothing else runs, then a watch), so it knows what the dead
 * node held at the expiry and the moment nothing is left to heal without reading the store while
 * the heal runs. That moment is confirmed by an exact scan ({@link RedundancyCheck}) once reached,
 * outside the heal's window: until session 17 the bench scanned every record at the expiry (10-17 s
 * of etcd and the cores, exactly while the heal's first pages committed) and after each healer pass.
 */
final class HealBench {
    private static final int BEFORE = 0;
    private static final int UNTIL_EXPIRY = 1;
    private static final int HEALING = 2;
    /** From the moment the records followed hold nothing left to heal: the confirming scan runs here. */
    private static final int CONFIRMING = 3;
    /** How long the first scan of the records may take before the load starts. */
    private static final long FOLLOW_TIMEOUT_MILLIS = 120_000;
    /** A confirming scan that disagreed with the records followed is run again after this, if they still agree it is over. */
    private static final long RECHECK_NANOS = 5_000_000_000L;

    private final SmallBenchSettings settings;
    private final BenchCluster cluster;
    private final Probe probe;
    private final BenchRun run;

    HealBench(BenchRun run) {
        this.run = run;
        this.settings = run.settings();
        this.cluster = run.cluster();
        this.probe = run.probe();
    }

    /**
     * The heal; {@code floors} receives the floors, measured after the documents are written and
     * before the load starts, on the cluster whose heal is then timed; {@code notes} how the warm-up ended.
     */
    HealReport run(List<SmallBenchReport.Floor> floors, List<String> notes) throws Exception {
        KeyPool written = new KeyPool(2_000_000);
        IntFunction<GatewayClient> client = run.gatewayClients("bh", written);
        String victim = settings.healVictim();
        if (!cluster.nodeNames().contains(victim)) {
            throw new IllegalArgumentException("no storage node " + victim + " in " + cluster.nodeNames());
        }
        BenchRun.progress("writing %d documents at %d clients", settings.healDocs(), settings.healClients());
        LoadRun preload = LoadRun.start("preload", settings.healClients(), 1, c -> client.apply(c).writes());
        while (written.size() < settings.healDocs()) {
            Thread.sleep(200);
        }
        preload.stop();
        int documents = written.size(); // the load's writes after this are not part of what the dead node held
        // The heal's own load until the JIT settles, its writes overwriting the documents written (so the dead node
        // holds as many records as without it; the old versions' chunks are GC's after its grace, not the heal's).
        // Without it the load before the kill compiled for 16-40 compiler-s and its p99 said so (session 29: 162 ms).
        BenchRun.progress("warm-up: the heal's load (%d clients, %d%% reads, writes over the documents) until the JIT settles",
                settings.healClients(), settings.readPercent());
        notes.add(JitWarmUp.untilSettled(settings, probe, window -> LoadRun.timed("warmup", settings.healClients(), window,
                c -> client.apply(c).mixedOverwrites(settings.readPercent()))));
        BenchRun.progress("the floors, at 1 and %d clients", settings.healClients());
        floors.addAll(new Floors(run).measure(settings.healClients()));

        HealerProgress healers = new HealerProgress(cluster.healers());
        RedundancyView view = new RedundancyView(victim, System::nanoTime);
        try (RedundancyCheck redundancy = new RedundancyCheck(cluster.etcdEndpoints()); AutoCloseable following = redundancy.follow(view)) {
            if (!view.awaitSynced(FOLLOW_TIMEOUT_MILLIS)) {
                throw new IllegalStateException("the object records could not be read within " + FOLLOW_TIMEOUT_MILLIS + " ms");
            }
            BenchRun.progress("load of %d clients (%d%% reads), %s before the kill", settings.healClients(), settings.readPercent(),
                    settings.healBefore());
            // Until the kill the load's writes overwrite the documents written, so the store holds the 10,000
            // documents when the node dies; with new keys it held every write of the load too (17,000-24,000 documents
            // by the kill, more on a faster machine: docs/benchmarks.md session 36). From the kill on they take new keys,
            // as a user's would: an overwrite of a document the heal has not reached yet would take its copy off the
            // dead node without a repair and count as one. A write between the kill and the lease expiry still places
            // a copy on the dead node (its lease stands), which the heal then makes: part of the heal, as before.
            AtomicBoolean newKeys = new AtomicBoolean(false);
            PhaseReport.Start start = probe.start();
            LoadRun load = LoadRun.start("heal-load", settings.healClients(), 4,
                    c -> client.apply(c).mixed(settings.readPercent(), newKeys::get));
            Thread.sleep(settings.healBefore());
            PhaseReport.Start atKill = probe.start();
            long repairsAtKill = healers.read().repairsDone();
            int documentsAtKill = written.size();
            newKeys.set(true);
            long kill = System.nanoTime();
            cluster.kill(victim);
            load.window(UNTIL_EXPIRY);
            BenchRun.progress("SIGKILLed %s; waiting for its lease to expire", victim);

            long deadline = kill + settings.healTimeout().toNanos();
            while (redundancy.registered(victim) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long expiry = System.nanoTime();
            load.window(HEALING);
            PhaseReport.Start atExpiry = probe.start();
            RedundancyView.Snapshot atLeaseExpiry = view.markExpiry();
            List<HealReport.Check> checks = new ArrayList<>();
            checks.add(atLeaseExpiry.asCheck(0));
            BenchRun.progress("lease expired after %.1f s; %d records have a copy on %s", seconds(expiry - kill), atLeaseExpiry.onVictim(),
                    victim);

            // The view is in memory: polling it costs the cluster nothing. Its moment of "nothing left" is
            // when the record that brought it there arrived, however late this loop looks.
            Long full = null;
            Long confirmed = null; // the view's zero moment last confirmed by a scan (or refuted)
            long lastScan = 0;
            PhaseReport.Start endOfHeal = null;
            while (full == null && System.nanoTime() < deadline) {
                Thread.sleep(Math.min(settings.poll().toMillis(), 250));
                Long zero = view.zeroSinceNanos();
                if (zero == null || (zero.equals(confirmed) && System.nanoTime() - lastScan < RECHECK_NANOS)) {
                    continue;
                }
                if (endOfHeal == null) {
                    endOfHeal = probe.start();
                    load.window(CONFIRMING);
                }
                lastScan = System.nanoTime();
                HealReport.Check check = redundancy.check(victim, seconds(lastScan - expiry));
                checks.add(check);
                BenchRun.progress("nothing left to heal in the records followed since %.1f s after expiry; the scan confirms: %s",
                        seconds(zero - expiry), check);
                if (check.fullRedundancy()) {
                    // A scan that refuted an earlier zero moves the figure to the scan that confirmed one.
                    full = zero.equals(confirmed) ? lastScan : zero;
                }
                confirmed = zero;
            }
            long stopped = System.nanoTime();
            HealReport.Check last = checks.get(checks.size() - 1);
            if (full == null) {
                // Timed out: one more exact check says how far the heal got, and the rates run to this moment.
                last = redundancy.check(victim, seconds(stopped - expiry));
                checks.add(last);
                BenchRun.progress("timed out at %.1f s after expiry: %s", seconds(stopped - expiry), last);
            }
            PhaseReport.Start end = endOfHeal != null ? endOfHeal : probe.start();
            List<LoadRun.Result> windows = load.stop();
            HealerProgress.Counters atEnd = healers.read();
            long repairs = atEnd.repairsDone() - repairsAtKill;
            Long firstRepair = view.firstMovedNanos();
            Double healSeconds = full == null ? null : seconds(full - expiry);
            long repairEnd = full != null ? full : stopped;
            Double repairSpan = firstRepair == null ? null : Math.max(seconds(repairEnd - firstRepair), 0.001);
            long objectsRepaired = atLeaseExpiry.onVictim() - last.onVictim();
            if (view.snapshot().scans() > 1) {
                BenchRun.progress("note: the watch of the records ended %d times and each time the bench scanned them again",
                        view.snapshot().scans() - 1);
            }
            return new HealReport(victim, documents, documentsAtKill, atEnd.leader(), atLeaseExpiry.onVictim(), last.onVictim(), seconds(expiry - kill),
                    firstRepair == null ? null : seconds(firstRepair - expiry), healSeconds, repairs,
                    repairSpan == null ? null : objectsRepaired / repairSpan, repairSpan == null ? null : repairs / repairSpan,
                    PhaseReport.of("before the kill", windows.get(BEFORE), start, atKill),
                    PhaseReport.of("kill → lease expiry", windows.get(UNTIL_EXPIRY), atKill, atExpiry),
                    PhaseReport.of(full == null ? "healing (timed out)" : "lease expiry → full redundancy", windows.get(HEALING), atExpiry, end),
                    checks);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
