package io.hybridstore.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * One planned fault: at {@code at} after the load started, SIGKILL the target (restart it
 * {@code downtime} later, {@link Duration#ZERO} = at once).
 *
 * @param target the process name; null for the healer leader, which is only known when the fault fires
 */
public record Fault(Duration at, Kind kind, String target, Duration downtime) {

    public enum Kind {
        /** SIGKILL a storage node; it comes back after a while, so the healer has to rebuild its copies meanwhile. */
        STORAGE_NODE,
        /** SIGKILL the gateway mid-write; restarted at once (the replay finishes its logged writes). */
        GATEWAY,
        /** SIGKILL whichever healer leads (GET /status); restarted at once, the standby takes over. */
        HEALER_LEADER,
        /** SIGKILL the Kafka broker and start it again on its data: the WAL is briefly unavailable. */
        KAFKA
    }

    @Override
    public String toString() {
        return kind + (target == null ? "" : " " + target) + " at +" + seconds(at)
                + (downtime.isZero() ? "" : ", down " + seconds(downtime));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
