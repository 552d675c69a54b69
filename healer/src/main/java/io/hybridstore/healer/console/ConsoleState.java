package io.hybridstore.healer.console;

import io.hybridstore.common.console.EventDetector;
import io.hybridstore.common.console.FeedDemand;
import io.hybridstore.common.console.HealRate;
import io.hybridstore.common.console.RedundancyCounts;
import io.hybridstore.common.console.RedundancyModel;
import io.hybridstore.common.console.Timeline;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.repair.HealerStatus;
import io.hybridstore.common.spi.LeaderElector;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.healer.HealerConfig;
import io.hybridstore.healer.infra.Backend;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The console's live model in this healer process. Every instance builds its own (leader or
 * standby: no instance depends on another to show the cluster), from the record feed and a
 * once-a-second look at the live nodes, and keeps the latest {@link ConsoleSnapshot} for the
 * endpoints. Leader-only figures (bytes repaired, passes) come from this instance's counters while
 * it leads, else from the status the leader stores after each pass.
 *
 * <p>The nodes' request rates (their {@code /q/metrics}) are read only while the console is looked
 * at, on the leader too: no gauge carries them, and the page shows them from its second reading on.
 *
 * <p>A standby does this only while its console is looked at ({@link FeedDemand}): otherwise it
 * follows no record and reads nothing once a second, and its snapshot (and its console gauges) show
 * an empty, unsynced model. The first request to an idle standby starts the feed; the page shows
 * "reading records…" until the feed's scan is done, as at start.
 */
@ApplicationScoped
public class ConsoleState {

    private static final Logger LOG = Logger.getLogger(ConsoleState.class);
    static final long TICK_MILLIS = 1_000;
    private static final int EVENTS_IN_SNAPSHOT = 20;
    /** How long a console request keeps a standby's model fed; the page asks once a second. */
    static final long VIEWER_IDLE_MILLIS = 120_000;

    private final Backend backend;
    private final HealerStats stats;
    private final HealerConfig config;
    private final RedundancyModel model = new RedundancyModel();
    private final HealRate rate = new HealRate();
    private final Timeline timeline = new Timeline();
    private final EventDetector detector = new EventDetector();
    private final Map<String, NodeInfo> lastSeen = new ConcurrentHashMap<>();
    private final NodeMetricsReader metrics = new NodeMetricsReader();
    private final FeedDemand demand = new FeedDemand(VIEWER_IDLE_MILLIS);
    private volatile boolean synced;
    private volatile boolean stopping;
    private volatile ConsoleSnapshot latest;
    /** The feed while the model is fed, with the listener it feeds; null while not. */
    private AutoCloseable following;
    private ModelFeed feeding;
    private Thread ticker;
    private long nextMetricsAt;

    ConsoleState(Backend backend, HealerStats stats, HealerConfig config) {
        this.backend = backend;
        this.stats = stats;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        tick(System.currentTimeMillis());
        ticker = Thread.ofPlatform().name("console-ticker").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        stopping = true;
        if (ticker != null) {
            ticker.interrupt();
        }
        synchronized (this) {
            unfollow();
        }
        metrics.close();
    }

    /** The latest snapshot, as the gauges read it: not a look at the console (see {@link #viewed}). */
    public ConsoleSnapshot snapshot() {
        ConsoleSnapshot s = latest;
        return s != null ? s : tick(System.currentTimeMillis());
    }

    /**
     * The snapshot for a console client: the request keeps this instance's model fed for a while, and
     * on an idle standby it starts the feed and answers with a fresh look at the nodes.
     */
    ConsoleSnapshot viewed() {
        long now = System.currentTimeMillis();
        boolean wasWanted = demand.wanted(now, stats.snapshot().leader());
        demand.viewed(now);
        return wasWanted ? snapshot() : tick(now);
    }

    /** Objects a changed record brought back to full redundancy since this process started. */
    public long healedObjects() {
        return model.healed();
    }

    public ConsoleSnapshot.History history() {
        return ConsoleSnapshot.History.of(timeline);
    }

    private void run() {
        while (!stopping) {
            try {
                Thread.sleep(TICK_MILLIS - System.currentTimeMillis() % TICK_MILLIS); // on the second: one point per second
                tick(System.currentTimeMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "console: tick failed; next one in %d ms", TICK_MILLIS);
            }
        }
    }

    /**
     * One look at the cluster: liveness, counts, rates, the timeline and the events; the new snapshot.
     * While the model is not wanted, the feed stops and the tick reads nothing (the snapshot stays the
     * empty one made when it stopped).
     */
    synchronized ConsoleSnapshot tick(long now) {
        if (!demand.wanted(now, stats.snapshot().leader())) {
            if (feeding != null || latest == null) {
                unfollow();
                latest = look(now);
            }
            return latest;
        }
        latest = look(now);
        if (feeding == null) { // after the look: liveness first, so the initial records are judged against it
            feeding = new ModelFeed();
            following = backend.feed().follow(feeding);
        }
        return latest;
    }

    /** Stops the feed (if any) and empties the model: nothing follows the records until it is wanted again. */
    private void unfollow() {
        if (feeding == null) {
            return;
        }
        feeding.stopped = true; // a record the feed thread is delivering now must not reach the model
        try {
            following.close();
        } catch (Exception e) {
            LOG.warnf("console: stopping the record feed: %s", e.getMessage());
        }
        feeding = null;
        following = null;
        synced = false;
        model.clear();
    }

    private ConsoleSnapshot look(long now) {
        Optional<List<NodeInfo>> live = liveNodes();
        live.ifPresent(nodes -> {
            nodes.forEach(n -> lastSeen.put(n.id(), n));
            model.setLive(nodes.stream().map(NodeInfo::id).toList());
            if (now >= nextMetricsAt && demand.looked(now)) { // only the page shows them
                nextMetricsAt = now + config.healer().console().nodeMetricsEvery().toMillis();
                metrics.readAll(nodes);
            }
        });
        Set<String> liveIds = live.map(nodes -> nodes.stream().map(NodeInfo::id).collect(Collectors.toSet()))
                .orElseGet(() -> latest == null ? Set.of() : latestLiveIds());
        RedundancyCounts counts = model.counts();
        HealerStatus status = leaderStatus();
        rate.sample(now, model.healed(), status == null ? 0 : status.bytesRepaired());
        timeline.record(now, counts.overall());
        detector.observe(now, liveIds, counts.overall(), status == null ? -1 : status.passes(),
                status == null ? 0 : status.lastPassMillis()).forEach(timeline::add);
        return build(now, liveIds, counts, status);
    }

    private ConsoleSnapshot build(long now, Set<String> liveIds, RedundancyCounts counts, HealerStatus status) {
        HealerStatus mine = stats.snapshot();
        Optional<LeaderElector.Leader> leader = currentLeader();
        long queue = counts.overall().degraded();
        ConsoleSnapshot.Healing healing = new ConsoleSnapshot.Healing(queue, Math.max(0, rate.objectsPerSecond()),
                Math.max(0, rate.bytesPerSecond()), rate.eta(queue).map(ConsoleSnapshot.Eta::of).orElse(null),
                status == null ? 0 : status.passes(), status != null && status.passRunning(),
                status == null ? null : ConsoleSnapshot.instant(status.lastPassAtMillis()), status == null ? 0 : status.lastPassMillis(),
                status == null ? 0 : status.repairsDone(), status == null ? 0 : status.repairsFailed(),
                stats.recentFailures().stream().map(ConsoleSnapshot.Failure::of).toList());
        return new ConsoleSnapshot(ConsoleSnapshot.instant(now),
                new ConsoleSnapshot.Healer(mine.healerId(), mine.leader(), leader.map(LeaderElector.Leader::id).orElse(null),
                        leader.map(LeaderElector.Leader::term).orElse(0L)),
                synced, nodes(liveIds), ConsoleSnapshot.Redundancy.of(counts), healing,
                timeline.recentEvents(EVENTS_IN_SNAPSHOT).stream().map(ConsoleSnapshot.Event::of).toList(),
                config.healer().console().actionsEnabled());
    }

    private List<ConsoleSnapshot.Node> nodes(Set<String> liveIds) {
        Set<String> ids = new TreeSet<>(model.knownNodes());
        ids.addAll(lastSeen.keySet());
        List<ConsoleSnapshot.Node> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            NodeInfo info = lastSeen.get(id);
            boolean isLive = liveIds.contains(id);
            var traffic = isLive ? metrics.rates(id) : io.hybridstore.common.console.NodeTraffic.Rates.NONE;
            out.add(info == null
                    ? new ConsoleSnapshot.Node(id, isLive, "", null, 0, 0, 0, 0, 0, 0, 0)
                    : new ConsoleSnapshot.Node(id, isLive, info.zone(), info.url(), info.capacityBytes(), info.usedBytes(),
                            Math.max(0, info.capacityBytes() - info.usedBytes()), info.chunkCount(), traffic.requestsPerSecond(),
                            traffic.errorsPerSecond(), traffic.meanLatencyMillis()));
        }
        return out;
    }

    private Set<String> latestLiveIds() {
        return latest.nodes().stream().filter(ConsoleSnapshot.Node::live).map(ConsoleSnapshot.Node::id).collect(Collectors.toSet());
    }

    /** Empty when the directory cannot be read: liveness then stays as last seen rather than all dead. */
    private Optional<List<NodeInfo>> liveNodes() {
        try {
            return Optional.of(backend.nodes().liveNodes());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** This instance's counters while it leads; else what the leader stored after its last pass (null if unreadable). */
    private HealerStatus leaderStatus() {
        HealerStatus mine = stats.snapshot();
        if (mine.leader()) {
            return mine;
        }
        try {
            return backend.state().loadStatus().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Optional<LeaderElector.Leader> currentLeader() {
        try {
            return backend.elector().currentLeader();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Feeds the model until stopped; the feed calls these one at a time. */
    private final class ModelFeed implements MetadataFeed.Listener {
        volatile boolean stopped;

        @Override
        public void reset() {
            if (!stopped) {
                synced = false;
                model.clear();
            }
        }

        @Override
        public void put(ObjectMetadata record) {
            if (!stopped) {
                model.put(record);
            }
        }

        @Override
        public void removed(String key) {
            if (!stopped) {
                model.remove(key);
            }
        }

        @Override
        public void synced() {
            if (!stopped) {
                synced = true;
                LOG.infof("console: model holds %d objects", model.size());
            }
        }
    }
}
