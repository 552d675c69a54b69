package io.hybridstore.chaos;

import io.hybridstore.chaos.GatewayHttp.MetadataAnswer;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.common.model.ObjectState;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Waits, bounded, for the cluster to settle after the load: every process healthy, the WAL replay
 * caught up (no logged write can still land), and every key either absent or CLEAN.
 */
final class Convergence {

    /** @param took how long it took, or null if it did not happen; @param lastBlocker what was still in the way */
    record Result(Duration took, String lastBlocker) {
        boolean converged() {
            return took != null;
        }
    }

    private final LocalCluster cluster;
    private final GatewayHttp gateway;
    private final ReplayLag replay;
    private final Consumer<String> progress;
    private String blocker = "nothing checked yet";
    private String stage = "";
    private long begin;

    /** @param progress told each time the wait moves on to another stage (processes, replay, objects) */
    Convergence(LocalCluster cluster, GatewayHttp gateway, ReplayLag replay, Consumer<String> progress) {
        this.cluster = cluster;
        this.gateway = gateway;
        this.replay = replay;
        this.progress = progress;
    }

    /** Polls until settled or {@code timeout}; the time taken counts from {@code sinceNanos} (a {@link System#nanoTime()}). */
    Result await(List<String> keys, Duration timeout, long sinceNanos) {
        begin = sinceNanos;
        boolean settled = Poll.until(timeout, () -> settled(keys));
        return new Result(settled ? Duration.ofNanos(System.nanoTime() - sinceNanos) : null, blocker);
    }

    private boolean settled(List<String> keys) {
        List<String> unhealthy = cluster.processNames().stream().filter(p -> !cluster.isHealthy(p)).toList();
        if (!unhealthy.isEmpty()) {
            return blockedBy("processes", "not healthy: " + unhealthy);
        }
        long lag = replay.records();
        if (lag != 0) {
            return blockedBy("replay", lag < 0 ? "the broker does not answer" : lag + " WAL records not replayed yet");
        }
        for (String key : keys) {
            MetadataAnswer answer = gateway.metadata(key);
            boolean ok = answer.status() == 404 || answer.status() == 200 && answer.metadata().state() == ObjectState.CLEAN;
            if (!ok) {
                String state = answer.status() == 200 ? answer.metadata().state().toString() : "at status " + answer.status();
                return blockedBy("objects", key + " is " + state);
            }
        }
        return true;
    }

    private boolean blockedBy(String stageNow, String why) {
        if (!stageNow.equals(stage)) {
            progress.accept(String.format("+%s waiting on %s: %s", Fault.seconds(Duration.ofNanos(System.nanoTime() - begin)),
                    stageNow, why));
            stage = stageNow;
        }
        blocker = why;
        return false;
    }
}
