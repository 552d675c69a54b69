package io.hybridstore.chaos;

import io.hybridstore.cluster.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fires a {@link FaultSchedule} plan at a cluster: each fault at its planned time, SIGKILL, then the
 * restart after its downtime (which waits until the process is healthy). Faults on one process run
 * one after the other (the healer leader counts as one process, as it is only known when its fault
 * fires): a fault fires at its time or, if the previous one on its process is still restarting,
 * right after it, so a process is never killed while it is being started.
 */
final class FaultInjector implements AutoCloseable {
    private static final Duration LEADER_WAIT = Duration.ofSeconds(40);

    private final LocalCluster cluster;
    private final HealerLeader leaders;
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> Thread.ofPlatform().daemon().name("fault").unstarted(r));
    private final List<Pending> pending = new ArrayList<>();
    private long loadStart;

    FaultInjector(LocalCluster cluster) {
        this.cluster = cluster;
        this.leaders = new HealerLeader(cluster);
    }

    /** Schedules every fault of {@code plan} relative to {@code loadStartNanos} (a {@link System#nanoTime()}). */
    void start(List<Fault> plan, long loadStartNanos) {
        this.loadStart = loadStartNanos;
        Map<String, CompletableFuture<FaultEvent>> previousOnProcess = new HashMap<>();
        for (Fault fault : plan) {
            String process = fault.target() != null ? fault.target() : fault.kind().name();
            CompletableFuture<FaultEvent> previous = previousOnProcess.getOrDefault(process, CompletableFuture.completedFuture(null));
            CompletableFuture<FaultEvent> event = previous.thenCompose(ignored -> fire(fault));
            previousOnProcess.put(process, event);
            pending.add(new Pending(fault, event));
        }
    }

    /** Every fault as it happened, waiting up to {@code timeout} for the last restarts; unfinished ones say so. */
    List<FaultEvent> await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<FaultEvent> done = new ArrayList<>();
        for (Pending p : pending) {
            try {
                done.add(p.event().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                done.add(new FaultEvent(p.fault(), p.fault().target(), null, null, "still running after " + timeout));
            } catch (ExecutionException e) {
                throw new IllegalStateException("fault task failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return done;
    }

    private record Pending(Fault fault, CompletableFuture<FaultEvent> event) {
    }

    private CompletableFuture<FaultEvent> fire(Fault fault) {
        long delay = Math.max(0, loadStart + fault.at().toNanos() - System.nanoTime());
        return CompletableFuture.supplyAsync(() -> kill(fault), after(delay))
                .thenCompose(killed -> killed.error() != null ? CompletableFuture.completedFuture(killed)
                        : CompletableFuture.supplyAsync(() -> restart(killed), after(fault.downtime().toNanos())));
    }

    private FaultEvent kill(Fault fault) {
        FaultEvent event = new FaultEvent(fault, fault.target(), null, null, null);
        String target = fault.target();
        if (fault.kind() == Fault.Kind.HEALER_LEADER) {
            target = leaders.await(LEADER_WAIT).orElse(null);
            if (target == null) {
                return event.failed("no single healer leader within " + LEADER_WAIT);
            }
        }
        try {
            cluster.kill(target);
            return event.killed(target, sinceLoadStart());
        } catch (RuntimeException e) {
            return event.failed("SIGKILL failed: " + e);
        }
    }

    private FaultEvent restart(FaultEvent killed) {
        try {
            cluster.start(killed.target());
            return killed.back(sinceLoadStart());
        } catch (RuntimeException e) {
            return killed.failed("restart failed: " + e.getMessage());
        }
    }

    private Executor after(long nanos) {
        return CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, pool);
    }

    private Duration sinceLoadStart() {
        return Duration.ofNanos(System.nanoTime() - loadStart);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
