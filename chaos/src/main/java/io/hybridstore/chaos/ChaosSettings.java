package io.hybridstore.chaos;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Everything a run depends on. {@link #full} is {@code make chaos}; {@link #quick} the version in
 * {@code make test} (fewer clients, one round of faults, a minute of load).
 *
 * @param profile          "full" or "quick": which defaults the rest started from
 * @param seed             decides the fault plan and every client's choices and documents
 * @param load             how long the clients write
 * @param clients          concurrent clients, each owning {@code keysPerClient} keys
 * @param rounds           rounds of gateway, healer-leader and broker faults (two storage nodes per run)
 * @param nodeDownMin      shortest time a killed storage node stays down (longer than its lease, so the healer rebuilds)
 * @param nodeDownMax      longest
 * @param convergeTimeout  how long the cluster may take to settle after the load
 * @param pace             pause between a client's requests
 * @param readPercent      share of a client's requests that read back one of its keys
 * @param minBlob          shortest cold field, in characters
 * @param maxBlob          longest
 * @param dir              logs, data and the app copies of the run
 */
public record ChaosSettings(String profile, long seed, Duration load, int clients, int keysPerClient, int rounds,
                            Duration nodeDownMin, Duration nodeDownMax, Duration convergeTimeout, Duration pace,
                            int readPercent, int minBlob, int maxBlob, Path dir) {

    public static ChaosSettings full(long seed, Path dir) {
        return new ChaosSettings("full", seed, Duration.ofSeconds(180), 6, 8, 3, Duration.ofSeconds(20), Duration.ofSeconds(50),
                Duration.ofSeconds(300), Duration.ofMillis(20), 20, 300, 48 * 1024, dir);
    }

    public static ChaosSettings quick(long seed, Path dir) {
        return new ChaosSettings("quick", seed, Duration.ofSeconds(60), 4, 6, 1, Duration.ofSeconds(15), Duration.ofSeconds(22),
                Duration.ofSeconds(180), Duration.ofMillis(20), 20, 300, 24 * 1024, dir);
    }

    public static long randomSeed() {
        return new SecureRandom().nextLong();
    }

    /**
     * {@code [--quick] [--seed N] [--duration 180s|3m] [--clients N] [--keys N] [--rounds N] [--dir PATH]};
     * what is not given comes from {@link #full} (or {@link #quick}).
     */
    public static ChaosSettings parse(List<String> args, Path defaultDir) {
        Deque<String> rest = new ArrayDeque<>(args);
        ChaosSettings s = args.contains("--quick") ? quick(randomSeed(), defaultDir) : full(randomSeed(), defaultDir);
        while (!rest.isEmpty()) {
            String option = rest.pop();
            if (option.equals("--quick")) {
                continue;
            }
            if (rest.isEmpty() || !option.startsWith("--")) {
                throw new IllegalArgumentException("expected an option with a value, got " + option);
            }
            String value = rest.pop();
            s = switch (option) {
                case "--seed" -> s.with(Long.parseLong(value), s.load, s.clients, s.keysPerClient, s.rounds, s.dir);
                case "--duration" -> s.with(s.seed, duration(value), s.clients, s.keysPerClient, s.rounds, s.dir);
                case "--clients" -> s.with(s.seed, s.load, positive(value), s.keysPerClient, s.rounds, s.dir);
                case "--keys" -> s.with(s.seed, s.load, s.clients, positive(value), s.rounds, s.dir);
                case "--rounds" -> s.with(s.seed, s.load, s.clients, s.keysPerClient, positive(value), s.dir);
                case "--dir" -> s.with(s.seed, s.load, s.clients, s.keysPerClient, s.rounds, Path.of(value).toAbsolutePath());
                default -> throw new IllegalArgumentException("unknown option " + option
                        + " (known: --quick --seed --duration --clients --keys --rounds --dir)");
            };
        }
        return s;
    }

    private ChaosSettings with(long seed, Duration load, int clients, int keysPerClient, int rounds, Path dir) {
        return new ChaosSettings(profile, seed, load, clients, keysPerClient, rounds, nodeDownMin, nodeDownMax, convergeTimeout, pace,
                readPercent, minBlob, maxBlob, dir);
    }

    /** {@code 90}, {@code 90s}, {@code 3m}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t));
    }

    private static int positive(String text) {
        int n = Integer.parseInt(text);
        if (n < 1) {
            throw new IllegalArgumentException("must be at least 1: " + text);
        }
        return n;
    }

    /** The command line that repeats this run's plan. */
    public String reproduce() {
        return "make chaos CHAOS_SEED=" + seed + " CHAOS_DURATION=" + load.toSeconds() + "s CHAOS_CLIENTS=" + clients
                + " CHAOS_ARGS=\"" + (profile.equals("quick") ? "--quick " : "") + "--keys " + keysPerClient + " --rounds " + rounds + "\"";
    }
}
