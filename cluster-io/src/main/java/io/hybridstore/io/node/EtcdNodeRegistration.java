package io.hybridstore.io.node;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.io.etcd.EtcdConnection;
import io.etcd.jetcd.ByteSequence;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps a node's {@link NodeInfo} at {@code {prefix}/nodes/{id}}, attached to a lease of TTL = the
 * node timeout. One timer thread runs a heartbeat every interval:
 * <ul>
 * <li>no lease yet: grant one and put the record with it (the record's presence is the node's liveness);</li>
 * <li>otherwise keep the lease alive once, and re-put the record if it changed — at most once per TTL,
 *     because etcd keeps every revision until compaction and the counts change with every write;</li>
 * <li>etcd answers "lease not found" (it expired while etcd was unreachable, or etcd restarted from an
 *     empty data dir): register again at once;</li>
 * <li>etcd unreachable: keep the lease id and try again next beat; {@link #isLive()} turns false once
 *     the last acknowledged beat is a TTL old, since by then etcd has dropped the record too.</li>
 * </ul>
 * Each etcd call is bounded by the connection's request timeout, so the worst gap between beats is
 * interval + timeout; the interval must therefore be well under the TTL.
 */
public final class EtcdNodeRegistration implements NodeRegistration {
    private static final Logger LOG = Logger.getLogger(EtcdNodeRegistration.class);
    private static final long NO_LEASE = 0;

    private final EtcdConnection etcd;
    private final Supplier<NodeInfo> nodeInfo;
    private final long ttlSeconds;
    private final ByteSequence key;
    private final String nodeId;
    private final ScheduledExecutorService timer;
    private final AtomicLong registrations = new AtomicLong();

    // Written by the timer thread only (and by close() after the timer stopped).
    private long leaseId = NO_LEASE;
    private NodeInfo published;
    private long publishedAtNanos;
    private volatile long liveUntilNanos;
    private volatile boolean everLive;
    private volatile String lastProblem = "not registered yet";

    private EtcdNodeRegistration(EtcdConnection etcd, Supplier<NodeInfo> nodeInfo, String nodeId, long ttlSeconds) {
        this.etcd = etcd;
        this.nodeInfo = nodeInfo;
        this.nodeId = nodeId;
        this.ttlSeconds = ttlSeconds;
        this.key = EtcdConnection.bytes(etcd.keys().node(nodeId));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-registration");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts heartbeating at once, in the background: a node starts even when etcd is down and
     * registers when it comes back. {@code nodeInfo} is asked for the current record every beat.
     */
    public static EtcdNodeRegistration start(EtcdConnection etcd, Supplier<NodeInfo> nodeInfo, Duration ttl, Duration interval) {
        Objects.requireNonNull(etcd, "etcd");
        if (interval.isNegative() || interval.isZero() || interval.multipliedBy(2).compareTo(ttl) > 0) {
            throw new IllegalArgumentException("heartbeat interval " + interval + " must be positive and at most half the node timeout " + ttl);
        }
        long ttlSeconds = Math.max(1, (ttl.toMillis() + 999) / 1000); // etcd leases are whole seconds
        NodeInfo first = nodeInfo.get();
        EtcdNodeRegistration registration = new EtcdNodeRegistration(etcd, nodeInfo, first.id(), ttlSeconds);
        registration.timer.scheduleWithFixedDelay(registration::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return registration;
    }

    @Override
    public boolean isLive() {
        return System.nanoTime() - liveUntilNanos < 0 && everLive;
    }

    @Override
    public String describe() {
        String state = isLive() ? "live" : "not live (" + lastProblem + ")";
        return state + ", key " + etcd.keys().node(nodeId) + ", ttl " + ttlSeconds + " s, " + registrations.get() + " registration(s)";
    }

    /** How many times the record was (re)created under a new lease: 1 after start, +1 per lost lease. */
    public long registrations() {
        return registrations.get();
    }

    private void beat() {
        try {
            NodeInfo current = nodeInfo.get();
            if (leaseId == NO_LEASE) {
                register(current);
            } else {
                keepAlive(current);
            }
            lastProblem = "";
        } catch (StoreException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                LOG.warnf("node %s: lease %x is gone from etcd (expired or etcd lost it); registering again", nodeId, leaseId);
                leaseId = NO_LEASE;
                retryRegistration();
            } else {
                noteProblem(e);
            }
        } catch (RuntimeException e) {
            // A task that throws is never run again by the executor: note it and keep beating.
            if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                LOG.errorf(e, "node %s: unexpected failure in the registration heartbeat", nodeId);
            }
            noteProblem(e);
        }
    }

    private void retryRegistration() {
        try {
            register(nodeInfo.get());
            lastProblem = "";
        } catch (RuntimeException e) {
            noteProblem(e);
        }
    }

    private void register(NodeInfo current) {
        long sentAt = System.nanoTime();
        Lease lease = etcd.client().getLeaseClient();
        leaseId = etcd.await(lease.grant(ttlSeconds), "lease grant").getID();
        published = null; // if the put below fails, the next beat keeps this lease and puts the record
        publish(current);
        liveUntilNanos = sentAt + TimeUnit.SECONDS.toNanos(ttlSeconds);
        everLive = true;
        registrations.incrementAndGet();
        LOG.infof("node %s registered at %s with lease %x (ttl %d s)", nodeId, etcd.keys().node(nodeId), leaseId, ttlSeconds);
    }

    private void keepAlive(NodeInfo current) {
        long sentAt = System.nanoTime();
        long ttlLeft = etcd.await(etcd.client().getLeaseClient().keepAliveOnce(leaseId), "lease keep-alive").getTTL();
        boolean stale = published == null
                || (!current.equals(published) && sentAt - publishedAtNanos >= TimeUnit.SECONDS.toNanos(ttlSeconds));
        if (stale) {
            publish(current);
        }
        if (published != null) {
            liveUntilNanos = sentAt + TimeUnit.SECONDS.toNanos(ttlLeft);
        }
    }

    private void publish(NodeInfo current) {
        PutOption withLease = PutOption.builder().withLeaseId(leaseId).build();
        etcd.await(etcd.client().getKVClient().put(key, ByteSequence.from(ModelJson.toBytes(current)), withLease), "node record put");
        published = current;
        publishedAtNanos = System.nanoTime();
    }

    private void noteProblem(Exception e) {
        String problem = String.valueOf(e.getMessage());
        if (!problem.equals(lastProblem)) {
            LOG.warnf("node %s: registration heartbeat failed: %s", nodeId, problem);
        }
        lastProblem = problem;
    }

    /** Stops the heartbeat and revokes the lease, so the record disappears now rather than after the TTL. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(etcd.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
                LOG.warnf("node %s: registration heartbeat did not stop in time", nodeId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        liveUntilNanos = System.nanoTime();
        everLive = false;
        if (leaseId != NO_LEASE) {
            try {
                etcd.await(etcd.client().getLeaseClient().revoke(leaseId), "lease revoke");
                LOG.infof("node %s deregistered (lease %x revoked)", nodeId, leaseId);
            } catch (StoreException e) {
                LOG.warnf("node %s: could not revoke lease %x (%s); the record disappears after the TTL", nodeId, leaseId, e.getMessage());
            }
            leaseId = NO_LEASE;
        }
    }
}
