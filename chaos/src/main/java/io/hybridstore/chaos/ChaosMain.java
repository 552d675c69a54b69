package io.hybridstore.chaos;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code make chaos}: one full chaos run; exit code 0 when every acknowledged write checked out,
 * 1 on any violation, 2 on bad arguments. Options: see {@link ChaosSettings#parse}.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) {
        ChaosSettings settings;
        try {
            Path defaultDir = Path.of("chaos", "target", "runs", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
            settings = ChaosSettings.parse(List.of(args), defaultDir);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            ChaosReport report = new ChaosRun(settings, System.out).run();
            System.exit(report.passed() ? 0 : 1);
        } catch (RuntimeException e) {
            // The cluster is stopped by then (try-with-resources in the run, and a shutdown hook).
            System.err.println("chaos run (seed " + settings.seed() + ") could not complete:");
            e.printStackTrace();
            System.exit(1);
        }
    }
}
