package io.hybridstore.healer;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.repair.Healer;
import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.repair.PageSweeper;
import io.hybridstore.common.repair.PassSchedule;
import io.hybridstore.common.repair.UploadSweeper;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.LeaderElector;
import io.hybridstore.healer.infra.Backend;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Standby until elected, then passes for as long as the lease holds: every {@code healer.interval},
 * or sooner when the live nodes change or the last pass left work ({@link PassSchedule}).
 * The HEALER leadership meant here is an etcd lease-backed election among healer instances, not the
 * etcd raft leader. Each pass checks the lease before every repair and metadata write, so work
 * stops the moment the lease is lost; graceful shutdown resigns so a standby takes over at once.
 */
@ApplicationScoped
public class LeaderLoop {

    private static final Logger LOG = Logger.getLogger(LeaderLoop.class);
    /** How long one election wait lasts before the loop checks for shutdown. */
    private static final Duration CAMPAIGN_WAIT = Duration.ofSeconds(1);
    /** Granularity of the pause between passes (lease and shutdown checks). */
    private static final long PAUSE_SLICE_MS = 100;
    /** The least time between two passes, however much the last one found (the interval, when shorter). */
    private static final Duration MIN_PAUSE = Duration.ofMillis(500);

    private final Backend backend;
    private final HealerConfig config;
    private final HealerStats stats;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopping;
    private volatile Thread thread;
    /** This term's healer while this instance leads, for {@code POST /admin/heal/{key}}; null on a standby. */
    private volatile Term term;

    /** The healer of the current leadership term and whether the lease still holds. */
    record Term(Healer healer, java.util.function.BooleanSupplier held) {
    }

    LeaderLoop(Backend backend, HealerConfig config, HealerStats stats) {
        this.backend = backend;
        this.config = config;
        this.stats = stats;
    }

    void start(@Observes StartupEvent event) {
        config.healer().settings(); // validates the limits at start-up, not at the first election
        thread = Thread.ofPlatform().name("healer-leader-loop").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.join(Duration.ofSeconds(10)); // the loop resigns on its way out
        }
    }

    /** The current term while this instance leads; empty on a standby. */
    Optional<Term> leading() {
        return Optional.ofNullable(term);
    }

    public boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run() {
        String id = config.healer().id();
        LOG.infof("healer %s: standing by for the healer leadership", id);
        while (!stopping) {
            Optional<LeaderElector.Leadership> won;
            try {
                won = backend.elector().awaitLeadership(id, CAMPAIGN_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                LOG.warnf("healer %s: election unavailable (%s); retrying", id, e.getMessage());
                pause(CAMPAIGN_WAIT, () -> true);
                continue;
            }
            won.ifPresent(this::lead);
        }
    }

    private void lead(LeaderElector.Leadership leadership) {
        String id = config.healer().id();
        stats.setLeader(true);
        LOG.infof("healer %s: leading; a pass every %s, sooner when the live nodes change or a pass left work",
                id, config.healer().interval());
        Healer healer = new Healer(backend.metadata(), backend.nodes(), backend.chunks(), backend.state(), stats, clock,
                config.healer().settings(), backend.uploads());
        UploadSweeper uploads = new UploadSweeper(backend.uploads(), clock, config.healer().uploadMaxAge(), 100);
        PageSweeper pages = new PageSweeper(backend.metadata(), clock, config.healer().gcGrace(), 100);
        Duration interval = config.healer().interval();
        PassSchedule schedule = new PassSchedule(interval, interval.compareTo(MIN_PAUSE) < 0 ? interval : MIN_PAUSE);
        term = new Term(healer, () -> !stopping && leadership.isHeld());
        Thread.ofVirtual().name("healer-codec-warm-up").start(() -> {
            long start = System.nanoTime();
            int rounds = healer.warmUpCodec();
            LOG.infof("healer %s: Reed-Solomon decode warmed up (%d rebuilds in %d ms)", id, rounds,
                    (System.nanoTime() - start) / 1_000_000);
        });
        try {
            while (!stopping && leadership.isHeld()) {
                Set<String> liveAtStart = liveNodeIds();
                boolean workLeft = false;
                try {
                    workLeft = healer.runPass(() -> !stopping && leadership.isHeld());
                    if (leadership.isHeld()) {
                        workLeft |= uploads.sweep() == 100; // a full batch: more may wait
                        pages.sweep(); // a few keys at a time: orphan pages are rare, and none is urgent
                    }
                } catch (StoreException e) {
                    LOG.warnf("healer %s: pass aborted (%s: %s); next pass in %s", id, e.code(), e.getMessage(),
                            config.healer().interval());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.errorf(e, "healer %s: pass failed", id);
                }
                schedule.passEnded(clock.millis(), liveAtStart, workLeft);
                awaitNextPass(schedule, leadership::isHeld);
            }
            if (!stopping) {
                LOG.warnf("healer %s: lost the healer leadership; standing by", id);
            }
        } finally {
            term = null;
            stats.setLeader(false);
            leadership.close(); // resign (graceful) or clean up a lost lease
        }
    }

    /** Waits until the schedule says the next pass is due, checking the live set (a cached read) every slice. */
    private void awaitNextPass(PassSchedule schedule, java.util.function.BooleanSupplier stillValid) {
        while (!stopping && stillValid.getAsBoolean()) {
            Set<String> live = liveNodeIds();
            if (schedule.due(clock.millis(), live)) {
                String reason = schedule.reason(clock.millis(), live);
                if (!reason.equals("interval")) {
                    LOG.infof("healer %s: next pass now: %s", config.healer().id(), reason);
                }
                return;
            }
            pause(Duration.ofMillis(PAUSE_SLICE_MS), stillValid);
        }
    }

    /** The live node ids; empty when the directory cannot be read (the interval then decides). */
    private Set<String> liveNodeIds() {
        try {
            return backend.nodes().liveNodes().stream().map(NodeInfo::id).collect(java.util.stream.Collectors.toSet());
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    private void pause(Duration duration, java.util.function.BooleanSupplier stillValid) {
        long end = System.nanoTime() + duration.toNanos();
        while (!stopping && stillValid.getAsBoolean() && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(PAUSE_SLICE_MS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
