package io.hybridstore.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hybridstore.cluster.AppCopies;
import io.hybridstore.cluster.RequiredApps;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short chaos run of {@code make test}: a minute of load on a real cluster while two storage
 * nodes, the gateway and the healer leader are SIGKILLed and the broker restarted, then every
 * acknowledged write checked. {@code -Dchaos.seed=N} repeats a run; the seed is printed either way.
 */
class ShortChaosRunTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesTheFaults() {
        List<String> notBuilt = AppCopies.notBuilt();
        // Under CI or make test every app was packaged first: a missing one is a regression, not a skip.
        assertTrue(notBuilt.isEmpty() || !RequiredApps.required(), "not built: " + notBuilt + " under " + RequiredApps.reason());
        assumeTrue(notBuilt.isEmpty(), "needs the storage-node, api-gateway and healer builds; not built: " + notBuilt);
        long seed = Long.getLong("chaos.seed", ChaosSettings.randomSeed());
        Path dir = Path.of("target", "runs", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();

        ChaosReport report = new ChaosRun(ChaosSettings.quick(seed, dir), System.out).run();

        assertTrue(report.passed(), report.render());
        long recovered = report.faults().stream().filter(f -> f.killedAt() != null && f.backAt() != null).count();
        assertEquals(3 * report.settings().rounds() + FaultSchedule.NODE_KILLS, recovered,
                "every kind of fault injected and recovered from: " + report.faults());
        assertTrue(report.check().count(Outcome.ACKED) > 100, "the load wrote: " + report.render());
        assertEquals(0, report.check().lostObjects().size());
    }
}
