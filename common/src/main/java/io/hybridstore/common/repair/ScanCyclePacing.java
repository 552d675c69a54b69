package io.hybridstore.common.repair;

import io.hybridstore.common.model.NodeInfo;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When the {@link FullScan} may start its next cycle. A cycle that found nothing to do (no storage
 * node lost, joined or restarted while it ran, and no object left degraded) confirmed every copy the
 * store names; the next one starts no sooner than {@code rest} after that one started, unless the
 * live nodes have changed since. Otherwise (a term's first cycle, a cycle that saw a node change or
 * left an object degraded, a live set that differs now) it starts at once, as every cycle did before.
 * Objects found {@code LOST} do not keep the next cycle from resting: their copies come back only
 * with a node (a live-set change), and they would otherwise keep a store audited every pass for ever.
 * Young {@code IN_PROGRESS} objects do not either: they are their gateway's, and the healer's pass
 * reads the IN_PROGRESS index for the ones no gateway settles.
 *
 * <p>Why: a healthy store smaller than a pass's scan budget (bench-small's 20,000-100,000 records)
 * was read from etcd, decoded, and every copy asked for on its node ({@code POST /chunks/_exists})
 * every {@code HEALER_INTERVAL}, although nothing had changed: the idle leader's largest cost
 * (docs/benchmarks.md, sessions 24 and 25). What finds damage without this cycle stays as fast: a
 * lease that goes or comes (checked every pass, the pass schedule's early start), the dirty index and
 * the IN_PROGRESS index (every pass), scrub (every pass), read damage reports (the dirty index); the
 * garbage collector gets a cycle whenever it is due a sweep (once per grace). What
 * waits longer is a copy lost while its node keeps its lease and its process (a file removed by
 * hand, a disk that forgot a write): found by the next cycle, at most {@code rest} after the last.
 *
 * <p>A node is compared by incarnation (its id and process start, {@link NodeInfo#startedAt}), not by
 * id: a node restarted under the same id within its lease TTL, on an empty disk, is a change. Pure:
 * the caller gives the time and the live nodes; tested on a fake clock. One per leadership term, as
 * its scan: a new leader's first cycle runs at once.
 */
final class ScanCyclePacing {

    private final long restMillis;
    /** When the running (or last) cycle started; {@link Long#MIN_VALUE} before the term's first. */
    private long startedAtMillis = Long.MIN_VALUE;
    /** The incarnations the running cycle started with; null while no cycle runs. */
    private Set<String> runningWith;
    /** Whether the running cycle has seen nothing to do so far. */
    private boolean runningQuiet;
    /** The incarnations the last completed cycle confirmed every copy on; null when it did not (or none completed). */
    private Set<String> confirmedOn;
    private long confirmedCycleStartMillis;

    /** @param rest the least time between the starts of two cycles when the first found nothing to do (0: no rest) */
    ScanCyclePacing(Duration rest) {
        if (rest.isNegative()) {
            throw new IllegalArgumentException("the scan cycle's rest must not be negative: " + rest);
        }
        this.restMillis = rest.toMillis();
    }

    /** Each live node as {@code id@startedAt}: a restart under the same id is another incarnation. */
    static Set<String> incarnations(Collection<NodeInfo> live) {
        return live.stream().map(n -> n.id() + "@" + n.startedAt()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether a new cycle may start now.
     *
     * @param liveNow          the live nodes' incarnations now
     * @param collectorWaiting whether the garbage collector would start a sweep from the next completed
     *                         cycle ({@link GarbageCollector#wantsCycle}): it starts one at most once per
     *                         grace, from a cycle's references, and must not wait a rest more for them
     */
    boolean mayStart(long nowMillis, Set<String> liveNow, boolean collectorWaiting) {
        if (confirmedOn == null || !confirmedOn.equals(liveNow) || collectorWaiting) {
            return true;
        }
        return nowMillis - confirmedCycleStartMillis >= restMillis;
    }

    /**
     * A cycle starts at {@code nowMillis} with these live nodes. Only one from the first key can confirm
     * every copy: one that resumes a former leader's cursor covers the rest of the keys alone.
     */
    void cycleStarted(long nowMillis, Set<String> live, boolean fromFirstKey) {
        startedAtMillis = nowMillis;
        runningWith = Set.copyOf(live);
        runningQuiet = fromFirstKey;
    }

    /** A page of the running cycle heals with these live nodes: any change since the cycle started counts against it. */
    void pageLive(Set<String> live) {
        if (runningWith != null && !runningWith.equals(live)) {
            runningQuiet = false;
        }
    }

    /** A page of the running cycle left {@code degraded} objects it could not make whole (failed or unverified copies). */
    void pageLeft(int degraded) {
        if (degraded > 0) {
            runningQuiet = false;
        }
    }

    /**
     * The running cycle completed: if it found nothing to do, it confirmed every copy on the nodes it
     * started with. One that looked at no record confirms nothing: a new cluster's first cycle runs on
     * an empty store, and its first records must not wait a rest for their first audit.
     */
    void cycleCompleted(boolean sawRecords) {
        if (runningWith == null) {
            return;
        }
        confirmedOn = runningQuiet && sawRecords ? runningWith : null;
        confirmedCycleStartMillis = startedAtMillis;
        runningWith = null;
    }

    /** Whether the last completed cycle confirmed every copy (the next one may rest). */
    boolean confirmed() {
        return confirmedOn != null;
    }
}
