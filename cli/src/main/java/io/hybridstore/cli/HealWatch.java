package io.hybridstore.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code hybridstore watch} shows, from successive status readings, without I/O: the scan
 * cycle's progress with its rate and ETA, the repair rate, the object counts, and whether healing
 * is done.
 *
 * <p>Healing is done when the healer leader counts no degraded or lost object in a scan cycle that
 * completed after the watch began: a node's lost copies are found by the scan, so the counts of a
 * cycle that started before the loss say nothing about it. A completed cycle shows as the scan
 * counter falling back (a new cycle began), or, for a store small enough to be scanned in one pass,
 * as two passes ending with the whole store scanned.
 */
final class HealWatch {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** One status reading and the leader's pass count at that time. */
    record Reading(long atMillis, StatusReport report, long passes) {
    }

    /** The {@code --json} line of one refresh. */
    record Frame(String at, StatusReport.Nodes nodes, String leader, Scan scan, Repairs repairs, StatusReport.Objects objects,
                 String redundancy, boolean cycleCompletedSinceStart, boolean healthy) {
    }

    /** {@code etaSeconds}: fastest and slowest estimate, null until the rate is steady. */
    record Scan(long scanned, long total, double perSecond, long[] etaSeconds) {
    }

    record Repairs(long done, long bytes, double copiesPerSecond, double bytesPerSecond) {
    }

    private final RateWindow scanRate = new RateWindow(Duration.ofSeconds(20), Duration.ofSeconds(4));
    private final RateWindow copyRate = new RateWindow(Duration.ofSeconds(20), Duration.ofSeconds(4));
    private final RateWindow byteRate = new RateWindow(Duration.ofSeconds(20), Duration.ofSeconds(4));
    private Reading first;
    private Reading last;
    private boolean cycleCompleted;

    void add(Reading reading) {
        StatusReport.Objects o = reading.report().objects();
        if (first == null) {
            first = reading;
        }
        if (last != null && o != null && last.report().objects() != null) {
            StatusReport.Objects before = last.report().objects();
            boolean counterFell = o.scanned() < before.scanned();
            boolean wholeStoreInOnePass = reading.passes() - first.passes() >= 2 && o.total() > 0 && o.scanned() >= o.total();
            cycleCompleted |= counterFell || wholeStoreInOnePass;
        }
        if (o != null) {
            scanRate.add(reading.atMillis(), cumulativeScanned(o));
        }
        if (reading.report().repairs() != null) {
            copyRate.add(reading.atMillis(), reading.report().repairs().done());
            byteRate.add(reading.atMillis(), reading.report().repairs().bytes());
        }
        last = reading;
    }

    private long scanBase;
    private long lastScanned;

    /** The scan counter restarts each cycle; the rate needs a counter that only grows. */
    private long cumulativeScanned(StatusReport.Objects o) {
        if (o.scanned() < lastScanned) {
            scanBase += lastScanned;
        }
        lastScanned = o.scanned();
        return scanBase + o.scanned();
    }

    boolean healthy() {
        return last != null && cycleCompleted && "full".equals(last.report().redundancy());
    }

    Frame frame() {
        StatusReport r = last.report();
        StatusReport.Objects o = r.objects();
        Scan scan = o == null ? null : new Scan(o.scanned(), o.total(), scanRate.perSecond(),
                o.total() > 0 ? scanRate.etaSeconds(Math.max(0, o.total() - o.scanned())).orElse(null) : null);
        Repairs repairs = r.repairs() == null ? null
                : new Repairs(r.repairs().done(), r.repairs().bytes(), copyRate.perSecond(), byteRate.perSecond());
        return new Frame(Instant.ofEpochMilli(last.atMillis()).toString(), r.nodes(), r.healer().leader(), scan, repairs, o,
                r.redundancy(), cycleCompleted, healthy());
    }

    /** The lines of one refresh (a terminal redraws them in place; a pipe gets them one block after another). */
    List<String> lines() {
        Frame f = frame();
        List<String> lines = new ArrayList<>();
        lines.add("hybridstore watch  " + CLOCK.format(Instant.ofEpochMilli(last.atMillis())) + "  nodes " + f.nodes().live() + " live, "
                + f.nodes().dead() + " dead" + (f.nodes().deadIds().isEmpty() ? "" : " (" + String.join(", ", f.nodes().deadIds()) + ")")
                + "  leader " + Optional.ofNullable(f.leader()).orElse("none"));
        if (f.scan() != null) {
            Scan s = f.scan();
            lines.add("scan      " + Bar.render(s.scanned(), s.total(), 30) + "  " + s.scanned() + " of "
                    + (s.total() > 0 ? s.total() : "?") + " objects  " + Units.rate(s.perSecond(), "objects")
                    + "  ETA " + eta(s.etaSeconds()));
            lines.add("repairs   " + f.repairs().done() + " copies (" + Units.bytes(f.repairs().bytes()) + ")  "
                    + Units.rate(f.repairs().copiesPerSecond(), "copies") + "  " + Units.bytes((long) f.repairs().bytesPerSecond()) + "/s");
            lines.add("objects   " + f.objects().healthy() + " clean  " + f.objects().degraded() + " degraded  " + f.objects().lost()
                    + " lost (last complete scan)  redundancy " + f.redundancy().toUpperCase(java.util.Locale.ROOT)
                    + (f.healthy() ? "  healed" : f.cycleCompletedSinceStart() ? "" : "  (waiting for a scan cycle to complete)"));
        } else {
            lines.add("no healer answers: " + last.report().healer().answering() + " of " + last.report().healer().configured());
        }
        return lines;
    }

    static String eta(long[] range) {
        if (range == null) {
            return "(measuring)";
        }
        if (range[1] == Long.MAX_VALUE) {
            return "> " + Units.duration(Duration.ofSeconds(range[0]));
        }
        String lo = Units.duration(Duration.ofSeconds(range[0]));
        String hi = Units.duration(Duration.ofSeconds(range[1]));
        return lo.equals(hi) ? lo : lo + "-" + hi;
    }
}
