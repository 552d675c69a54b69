package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.EtcdConnection.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.LeaderElector;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Healer leader election on etcd's election API (the concurrency package's campaign/resign), one
 * candidacy per healer process on {@link io.hybridstore.common.model.ClusterKeys#healerElection()}.
 *
 * <p>Terminology trap: the leader elected here is the HEALER leader, the one healer instance
 * allowed to repair. It has nothing to do with the etcd raft leader, which etcd elects among its
 * own members and which the healers never see.
 *
 * <p>A candidacy is a lease (TTL {@code leaseTtl}) kept alive by jetcd's keep-alive stream, plus a
 * campaign on that lease. The campaign stays queued across {@link #awaitLeadership} calls, so a
 * standby keeps its place and wins as soon as the leader's key goes (resign, or its lease
 * expiring). {@link Leadership#isHeld()} is false from the moment the keep-alive stream fails or
 * says the lease is gone, and also once no keep-alive answer arrived for two thirds of the TTL:
 * etcd expires the lease at most a TTL after the last renewal it answered, so a partitioned leader
 * stops working about a third of a TTL before a standby can win.
 */
public final class EtcdLeaderElector implements LeaderElector {

    private static final Logger LOG = Logger.getLogger(EtcdLeaderElector.class);

    private final EtcdConnection etcd;
    private final Duration leaseTtl;
    private final LongSupplier nanoClock;
    private Candidacy pending;
    private Candidacy leading;

    public EtcdLeaderElector(EtcdConnection etcd, Duration leaseTtl) {
        this(etcd, leaseTtl, System::nanoTime);
    }

    EtcdLeaderElector(EtcdConnection etcd, Duration leaseTtl, LongSupplier nanoClock) {
        if (leaseTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("lease TTL must be at least 1 s: " + leaseTtl);
        }
        this.etcd = etcd;
        this.leaseTtl = leaseTtl;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized Optional<Leadership> awaitLeadership(String candidateId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (pending == null || !pending.alive()) {
                if (pending != null) {
                    pending.close();
                }
                pending = new Candidacy(candidateId);
            }
            long left = deadline - System.nanoTime();
            CampaignResponse won;
            try {
                won = pending.campaign.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return Optional.empty(); // still queued behind the leader; the campaign stays
            } catch (ExecutionException e) {
                LOG.warnf("healer election: campaign of %s failed, retrying with a new lease: %s",
                        candidateId, EtcdConnection.classify(e, "campaign").getMessage());
                pending.close();
                pending = null;
                if (System.nanoTime() >= deadline) {
                    return Optional.empty();
                }
                continue;
            }
            Candidacy candidacy = pending;
            pending = null;
            candidacy.leaderKey = won.getLeader();
            if (!candidacy.alive()) {
                // Won with a lease that died meanwhile (etcd was away): that key is gone, try again.
                candidacy.close();
                continue;
            }
            leading = candidacy;
            LOG.infof("healer election: %s is the healer leader (lease %x)", candidateId, candidacy.leaseId);
            return Optional.of(candidacy);
        }
    }

    /** Not synchronized: a campaign waiting in {@link #awaitLeadership} must not hold this up. */
    @Override
    public Optional<Leader> currentLeader() {
        try {
            io.etcd.jetcd.KeyValue kv = etcd.await(etcd.client().getElectionClient().leader(bytes(etcd.keys().healerElection())),
                    "read the healer leader").getKv();
            return kv == null || kv.getValue().isEmpty() ? Optional.empty()
                    : Optional.of(new Leader(EtcdConnection.text(kv.getValue()), kv.getCreateRevision()));
        } catch (RuntimeException e) {
            return Optional.empty(); // no leader ("election: no leader") or etcd away: the caller shows none
        }
    }

    @Override
    public synchronized void close() {
        if (pending != null) {
            pending.close();
            pending = null;
        }
        if (leading != null) {
            leading.close();
            leading = null;
        }
    }

    /** A lease, its keep-alive stream and a campaign on it; once won it is the {@link Leadership}. */
    final class Candidacy implements Leadership {
        private final String candidateId;
        final long leaseId;
        private final CloseableClient keepAlive;
        final CompletableFuture<CampaignResponse> campaign;
        private final AtomicLong heldUntilNanos = new AtomicLong();
        private volatile boolean lost;
        private volatile boolean closed;
        private volatile LeaderKey leaderKey;

        Candidacy(String candidateId) {
            this.candidateId = candidateId;
            long grantedAt = nanoClock.getAsLong();
            this.leaseId = etcd.await(etcd.client().getLeaseClient().grant(leaseTtl.toSeconds()), "lease grant").getID();
            renewed(grantedAt, leaseTtl.toSeconds());
            this.keepAlive = etcd.client().getLeaseClient().keepAlive(leaseId, new StreamObserver<>() {
                @Override
                public void onNext(LeaseKeepAliveResponse response) {
                    if (response.getTTL() <= 0) {
                        lostLease("etcd says the lease expired");
                    } else {
                        renewed(nanoClock.getAsLong(), response.getTTL());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    lostLease("keep-alive failed: " + EtcdConnection.classify(t, "lease keep-alive").getMessage());
                }

                @Override
                public void onCompleted() {
                    lostLease("keep-alive stream ended");
                }
            });
            ByteSequence election = bytes(etcd.keys().healerElection());
            this.campaign = etcd.client().getElectionClient().campaign(election, leaseId, bytes(candidateId));
        }

        private void renewed(long atNanos, long ttlSeconds) {
            heldUntilNanos.set(atNanos + TimeUnit.SECONDS.toNanos(ttlSeconds) * 2 / 3);
        }

        private void lostLease(String why) {
            if (!lost && !closed) {
                LOG.warnf("healer election: %s lost lease %x: %s", candidateId, leaseId, why);
            }
            lost = true;
        }

        boolean alive() {
            return !lost && !closed && nanoClock.getAsLong() - heldUntilNanos.get() < 0;
        }

        @Override
        public boolean isHeld() {
            return leaderKey != null && alive();
        }

        /** Resigns (when leading) and revokes the lease, so a standby wins now rather than after the TTL. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            campaign.cancel(true);
            keepAlive.close();
            try {
                if (leaderKey != null) {
                    etcd.await(etcd.client().getElectionClient().resign(leaderKey), "resign");
                    LOG.infof("healer election: %s resigned", candidateId);
                }
            } catch (StoreException e) {
                LOG.warnf("healer election: %s could not resign (%s); the lease revoke or its TTL ends it", candidateId, e.getMessage());
            }
            try {
                etcd.await(etcd.client().getLeaseClient().revoke(leaseId), "lease revoke");
            } catch (StoreException e) {
                LOG.debugf("healer election: revoke of lease %x failed (%s); it expires within its TTL", leaseId, e.getMessage());
            }
        }
    }
}
