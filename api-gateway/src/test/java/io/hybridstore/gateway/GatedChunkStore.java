package io.hybridstore.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fleet whose chosen nodes hold their calls at a gate until the test opens it: the slow node of a
 * test, made slow by the test's hand rather than by a sleep. A held call that is cancelled
 * (interrupted) fails as TIMEOUT; one let through can be made to fail as a full disk.
 */
public final class GatedChunkStore extends DelegatingChunkStore {

    /** Bounds the test's waits for events that must happen (never part of what is checked). */
    private static final long PATIENCE_SECONDS = 30;

    private final Set<String> heldPuts = ConcurrentHashMap.newKeySet();
    private final Set<String> heldGets = ConcurrentHashMap.newKeySet();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Semaphore arrived = new Semaphore(0);
    private final Semaphore cancelled = new Semaphore(0);
    private final CountDownLatch gate = new CountDownLatch(1);

    public GatedChunkStore(ChunkStore backing) {
        super(backing);
    }

    public void holdPuts(String nodeId) {
        heldPuts.add(nodeId);
    }

    public void holdGets(String nodeId) {
        heldGets.add(nodeId);
    }

    /** Held puts to {@code nodeId} fail (disk full) once let through. */
    public void failWhenReleased(String nodeId) {
        failing.add(nodeId);
    }

    /** Lets every held call, now and later, through. */
    public void open() {
        gate.countDown();
    }

    /** Waits until {@code n} more calls have reached the gate. */
    public void awaitArrived(int n) throws InterruptedException {
        assertTrue(arrived.tryAcquire(n, PATIENCE_SECONDS, TimeUnit.SECONDS), n + " calls never reached the gate");
    }

    /** Waits until {@code n} more held calls have been cancelled. */
    public void awaitCancelled(int n) throws InterruptedException {
        assertTrue(cancelled.tryAcquire(n, PATIENCE_SECONDS, TimeUnit.SECONDS), n + " held calls were never cancelled");
    }

    @Override
    public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
        if (heldPuts.contains(node.id())) {
            pass();
            if (failing.contains(node.id())) {
                throw new StoreException(ErrorCode.INSUFFICIENT_STORAGE, "disk full");
            }
        }
        super.put(node, chunkId, data, sha256Hex);
    }

    @Override
    public byte[] get(NodeInfo node, String chunkId) {
        if (heldGets.contains(node.id())) {
            pass();
        }
        return super.get(node, chunkId);
    }

    private void pass() {
        arrived.release();
        try {
            gate.await();
        } catch (InterruptedException e) {
            cancelled.release();
            throw new StoreException(ErrorCode.TIMEOUT, "cancelled");
        }
    }
}
