package io.hybridstore.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
        Path repo = AppCopies.repoRoot();
        assumeTrue(AppCopies.MODULES.stream()
                        .allMatch(m -> Files.isRegularFile(repo.resolve(m).resolve("target/quarkus-app/quarkus-run.jar"))),
                "needs the storage-node, api-gateway and healer builds");
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
