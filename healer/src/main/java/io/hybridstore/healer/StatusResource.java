package io.hybridstore.healer;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.repair.HealerStatus;
import io.hybridstore.healer.infra.Backend;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** {@code GET /status}: this instance's view (leader or standby) of the healer's progress. */
@Path("/status")
public class StatusResource {

    private final HealerStats stats;
    private final Backend backend;

    StatusResource(HealerStats stats, Backend backend) {
        this.stats = stats;
        this.backend = backend;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public StatusView status() {
        HealerStatus mine = stats.snapshot();
        // A standby's own counters say little; it also shows what the leader stored after its last pass.
        StatusView leaderView = null;
        if (!mine.leader()) {
            try {
                leaderView = backend.state().loadStatus().map(s -> StatusView.of(s, null)).orElse(null);
            } catch (StoreException e) {
                leaderView = null; // etcd unreachable: readiness says so; /status still answers
            }
        }
        return StatusView.of(mine, leaderView).withDeadLetters(deadLetters()).withLastPage(stats.lastPage());
    }

    /** Read from etcd at each call, like the gateways' gauge; null while etcd does not answer. */
    private StatusView.DeadLetters deadLetters() {
        try {
            return new StatusView.DeadLetters(backend.deadLetters().count());
        } catch (StoreException e) {
            return null;
        }
    }

    /**
     * The JSON shape: {@code {healerId, leader, pass:{number, running, scanned, total},
     * objects:{healthy, degraded, lost}, repairs:{done, failed, conflicts, bytes}, errors:{objects, phases},
     * scrub:{checked, corrupt, unchecked}, garbage:{deleted}, lastPassAt, lastPassMillis, lastLeaderStatus,
     * deadLetters:{waiting}, lastPage}}, where {@code lastLeaderStatus} (standbys only, else null) is the same shape
     * as the leader stored it, and {@code deadLetters.waiting} counts the WAL records the gateways' replay
     * set aside for an operator (cluster-wide, read now; null when etcd does not answer), and {@code lastPage}
     * where this instance's last healed page spent its time ({@code PageTimes.describe}; null before the first).
     */
    public record StatusView(String healerId, boolean leader, Pass pass, Objects objects, Repairs repairs, Errors errors,
                             Scrub scrub, Garbage garbage, String lastPassAt, long lastPassMillis, StatusView lastLeaderStatus,
                             DeadLetters deadLetters, String lastPage) {

        public record Pass(long number, boolean running, long scanned, long total) {
        }

        public record Objects(long healthy, long degraded, long lost) {
        }

        public record Repairs(long done, long failed, long conflicts, long bytes) {
        }

        /** Objects whose healing ended in an error (backed off), and pass phases that failed as a whole. */
        public record Errors(long objects, long phases) {
        }

        public record Scrub(long checked, long corrupt, long unchecked) {
        }

        public record Garbage(long deleted) {
        }

        public record DeadLetters(long waiting) {
        }

        StatusView withDeadLetters(DeadLetters letters) {
            return new StatusView(healerId, leader, pass, objects, repairs, errors, scrub, garbage, lastPassAt, lastPassMillis,
                    lastLeaderStatus, letters, lastPage);
        }

        StatusView withLastPage(String page) {
            return new StatusView(healerId, leader, pass, objects, repairs, errors, scrub, garbage, lastPassAt, lastPassMillis,
                    lastLeaderStatus, deadLetters, page);
        }

        static StatusView of(HealerStatus s, StatusView lastLeaderStatus) {
            return new StatusView(s.healerId(), s.leader(), new Pass(s.passes(), s.passRunning(), s.scanned(), s.total()),
                    new Objects(s.healthy(), s.degraded(), s.lost()),
                    new Repairs(s.repairsDone(), s.repairsFailed(), s.conflicts(), s.bytesRepaired()),
                    new Errors(s.objectErrors(), s.phaseErrors()),
                    new Scrub(s.chunksScrubbed(), s.corruptFound(), s.scrubUnchecked()), new Garbage(s.garbageDeleted()),
                    s.lastPassAtMillis() == 0 ? null : Instant.ofEpochMilli(s.lastPassAtMillis()).toString(), s.lastPassMillis(),
                    lastLeaderStatus, null, null);
        }
    }
}
