package io.hybridstore.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "watch", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Live healing progress bars, with rate and ETA.",
                "The scan cycle as a bar with its rate and ETA (a range once the rate is steady), the repair rate, dead nodes and the object counts, refreshed every --interval (at most 1 s). Runs until Ctrl-C, or with --until-healthy until a scan cycle that completed after the start counts no degraded or lost object. On a terminal it redraws in place; piped, it prints one block per refresh without escape codes; --json prints one JSON object per line."})
final class WatchCommand implements Callable<Integer> {
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

    @Mixin
    ClusterOptions options;

    @Option(names = "--until-healthy", description = "Exit 0 once healing is complete (see above).")
    boolean untilHealthy;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = ClusterOptions.DurationConverter.class,
            description = "Time between refreshes, at most 1s (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--max-time", paramLabel = "DURATION", converter = ClusterOptions.DurationConverter.class,
            description = "Give up after this long (exit 5 if not healed by then); default: no limit.")
    Duration maxTime;

    @Override
    public Integer call() throws InterruptedException {
        if (interval.compareTo(MAX_INTERVAL) > 0 || interval.isNegative() || interval.isZero()) {
            throw new CliFailure(ExitCode.USAGE, "--interval must be above 0 and at most 1s");
        }
        PrintStream out = System.out;
        boolean redraw = Terminal.stdout() && !options.json;
        HealWatch watch = new HealWatch();
        long start = System.currentTimeMillis();
        int drawn = 0;
        while (true) {
            long now = System.currentTimeMillis();
            StatusReport report;
            try {
                report = StatusCommand.read(options);
            } catch (CliFailure e) {
                if (e.exitCode() != ExitCode.UNREACHABLE) {
                    throw e;
                }
                out.println("unreachable: " + e.getMessage()); // keep watching: the cluster may be restarting
                drawn = 0;
                sleepUntil(now + interval.toMillis());
                continue;
            }
            watch.add(new HealWatch.Reading(now, report, report.objects() == null ? 0 : passes(report)));
            if (options.json) {
                out.println(Json.line(watch.frame()));
            } else {
                drawn = draw(out, watch.lines(), drawn, redraw);
            }
            out.flush();
            if (untilHealthy && watch.healthy()) {
                return ExitCode.OK;
            }
            if (maxTime != null && now - start >= maxTime.toMillis()) {
                return ExitCode.DEGRADED;
            }
            sleepUntil(now + interval.toMillis());
        }
    }

    /** On a terminal: moves up over the lines drawn last time and prints the new ones, each cleared to its end. */
    private static int draw(PrintStream out, List<String> lines, int previous, boolean terminal) {
        StringBuilder b = new StringBuilder();
        if (terminal && previous > 0) {
            b.append("\u001b[").append(previous).append('A');
        }
        for (String line : lines) {
            b.append(terminal ? "\r" + line + "\u001b[K" : line).append('\n');
        }
        out.print(b);
        return lines.size();
    }

    private static long passes(StatusReport report) {
        return report.lastPass() == null ? 0 : report.lastPass().passes();
    }

    private static void sleepUntil(long millis) throws InterruptedException {
        long left = millis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
