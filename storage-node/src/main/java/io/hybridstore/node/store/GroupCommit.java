package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The segment log's group commit: how far the log is durable, the one fsync in flight, and the
 * failure after which nothing more is acknowledged.
 *
 * <p>Leader/follower: the first waiter with nothing in flight fsyncs everything appended so far;
 * those who arrive while it runs wait, and the next one of them fsyncs for all of them at once. A
 * lone writer pays one fsync; 32 concurrent writers share a few. Positions are the log's
 * ({@link SegmentLog#position}: segment number, then offset), so they only grow.
 */
final class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Forces to disk the segment holding {@code position} (everything appended up to it). */
    @FunctionalInterface
    interface Force {
        void upTo(long position) throws IOException;
    }

    private final LongSupplier appended;
    private final Force force;
    private final StoreMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    private long durable; // guarded by lock
    private boolean syncing; // guarded by lock
    /** Set when an fsync failed: what was written since is in an unknown state, so nothing more is acknowledged. */
    private volatile IOException failed;

    /** @param appended the position just past the last record written (what an fsync started now covers) */
    GroupCommit(LongSupplier appended, Force force, StoreMetrics metrics) {
        this.appended = appended;
        this.force = force;
        this.metrics = metrics;
    }

    /** Returns once an fsync that started after {@code position} was written has returned. */
    void awaitDurable(long position) {
        lock.lock();
        try {
            while (durable < position) {
                requireHealthy();
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                lead();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #awaitDurable}, for a caller that must not wait for another thread's fsync (an event
     * loop): true once {@code position} is durable, already or by the one fsync this call runs itself
     * when none is in flight; false at once when one is in flight (the caller then waits for it on a
     * thread that may block, with {@link #awaitDurable}). Never more than one fsync: the caller's time
     * here is bounded by it.
     */
    boolean syncUnlessSyncing(long position) {
        lock.lock();
        try {
            if (durable >= position) {
                return true;
            }
            requireHealthy();
            if (syncing) {
                return false;
            }
            lead();
            return durable >= position;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One fsync of everything appended so far, run by this caller for every waiter; called with the
     * lock held and none in flight, it releases the lock for the fsync and returns holding it again.
     */
    private void lead() {
        syncing = true;
        long target = appended.getAsLong();
        lock.unlock();
        try {
            sync(target);
        } finally {
            lock.lock();
            syncing = false;
            synced.signalAll();
        }
    }

    /** Everything up to {@code position} is on stable storage (a segment fsynced whole as it was sealed). */
    void durableUpTo(long position) {
        lock.lock();
        try {
            durable = Math.max(durable, position);
        } finally {
            lock.unlock();
        }
    }

    /** Stops all acknowledgements: a write or fsync failed, and what the page cache holds is unknown. */
    void fail(IOException e) {
        failed = e;
    }

    /** Why the log stopped acknowledging; null while healthy. */
    IOException failure() {
        return failed;
    }

    void requireHealthy() {
        if (failed != null) {
            throw new StoreException(ErrorCode.INTERNAL, "the segment log failed (" + failed.getMessage() + "); restart the node", failed);
        }
    }

    private void sync(long target) {
        long start = System.nanoTime();
        try {
            force.upTo(target);
        } catch (IOException e) {
            failed = e;
            int number = SegmentLog.numberOf(target);
            LOG.errorf(e, "fsync of segment %d failed: no further small chunk is acknowledged until the node restarts", number);
            throw DiskIo.internal("fsync of segment " + number, e);
        } finally {
            metrics.fsyncTook(System.nanoTime() - start);
        }
        durableUpTo(target);
    }
}
