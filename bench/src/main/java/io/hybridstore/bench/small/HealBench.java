package io.hybridstore.bench.small;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * {@code make bench-heal}: write the documents, keep a client load running, SIGKILL one node, and
 * time the heal: kill → lease expiry (the node's key leaves etcd) → first repair → full redundancy.
 *
 * <p>Full redundancy is decided by an exact check ({@link RedundancyCheck}), run each time the
 * healers complete a pass after the expiry: a pass is when repairs land, and scanning every record
 * on each poll would load the machine whose heal it measures. Its time is the last growth of the
 * healers' repair counter before the check that found nothing left.
 */
final class HealBench {
    private static final int BEFORE = 0;
    private static final int UNTIL_EXPIRY = 1;
    private static final int HEALING = 2;

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

    HealReport run() throws Exception {
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

        HealerProgress healers = new HealerProgress(cluster.healers());
        try (RedundancyCheck redundancy = new RedundancyCheck(cluster.etcdEndpoints())) {
            BenchRun.progress("load of %d clients (%d%% reads), %s before the kill", settings.healClients(), settings.readPercent(),
                    settings.healBefore());
            PhaseReport.Start start = probe.start();
            LoadRun load = LoadRun.start("heal-load", settings.healClients(), 3, c -> client.apply(c).mixed(settings.readPercent()));
            Thread.sleep(settings.healBefore());
            PhaseReport.Start atKill = probe.start();
            long repairsAtKill = healers.read().repairsDone();
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
            List<HealReport.Check> checks = new ArrayList<>();
            HealReport.Check first = redundancy.check(victim, 0);
            checks.add(first);
            BenchRun.progress("lease expired after %.1f s; %d records have a copy on %s", seconds(expiry - kill), first.onVictim(), victim);

            HealerProgress.Counters seen = healers.read();
            Long firstRepair = null;
            long lastRepair = expiry;
            Long full = first.fullRedundancy() ? expiry : null;
            while (full == null && System.nanoTime() < deadline) {
                Thread.sleep(settings.poll());
                HealerProgress.Counters now = healers.read();
                long at = System.nanoTime();
                if (now.repairsDone() > seen.repairsDone()) {
                    firstRepair = firstRepair == null ? at : firstRepair;
                    lastRepair = at;
                }
                if (now.passesCompleted() > seen.passesCompleted()) {
                    HealReport.Check check = redundancy.check(victim, seconds(at - expiry));
                    checks.add(check);
                    BenchRun.progress("pass done at %.1f s after expiry: %s", seconds(at - expiry), check);
                    full = check.fullRedundancy() ? lastRepair : null;
                }
                seen = now;
            }
            long stopped = System.nanoTime();
            HealReport.Check last = checks.get(checks.size() - 1);
            if (full == null) {
                // Timed out: one more exact check says how far the heal got, and the rates run to this moment.
                last = redundancy.check(victim, seconds(stopped - expiry));
                checks.add(last);
                BenchRun.progress("timed out at %.1f s after expiry: %s", seconds(stopped - expiry), last);
            }
            PhaseReport.Start end = probe.start();
            List<LoadRun.Result> windows = load.stop();
            long repairs = healers.read().repairsDone() - repairsAtKill;
            Double healSeconds = full == null ? null : seconds(full - expiry);
            long repairEnd = full != null ? full : stopped;
            Double repairSpan = firstRepair == null ? null : Math.max(seconds(repairEnd - firstRepair), settings.poll().toMillis() / 1000.0);
            long objectsRepaired = first.onVictim() - last.onVictim();
            return new HealReport(victim, documents, first.onVictim(), last.onVictim(), seconds(expiry - kill),
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
