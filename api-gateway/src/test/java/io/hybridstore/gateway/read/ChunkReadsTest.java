package io.hybridstore.gateway.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.gateway.node.NodeCoalescer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a read is started ({@link ChunkReads#start}, {@link ChunkReads#startTogether}): a small chunk
 * through the coalescer with no thread of the read path's executor, a large one, or a plain
 * {@link ChunkReads}'s, on a thread that a cancel interrupts. No sleeps: threads block on latches.
 */
class ChunkReadsTest {

    private static final NodeInfo NODE = new NodeInfo("node-a", "mem://node-a", "", 1L << 40, 0, 0, 0, "test");

    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final InMemoryChunkStore store = new InMemoryChunkStore();
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        senders.shutdownNow();
        threads.shutdownNow();
    }

    private ChunkReads coalesced() {
        NodeCoalescer<ChunkReads.Wanted, byte[]> coalescer = new NodeCoalescer<>((node, wanted) -> {
            batches.add(wanted.stream().map(ChunkReads.Wanted::chunkId).toList());
            return ChunkReads.batchGets(store).send(node, wanted).join(); // a blocking sender here: the readers' threads, not the batches
        }, senders, 2, 64, 1 << 20, ChunkReads.Wanted::size, "batch GET", (waits, nanos) -> { });
        return ChunkReads.coalesced(store, coalescer, 1024);
    }

    @Test
    void aSmallChunkIsReadThroughItsNodesBatchWithNoThreadOfTheReadPath() throws Exception {
        store.put(NODE, "h-1", new byte[] {1, 2, 3}, null);
        store.put(NODE, "s-1", new byte[] {4}, null);
        Refusing refusing = new Refusing();
        ChunkReads reads = coalesced();
        assertArrayEquals(new byte[] {1, 2, 3}, reads.start(NODE, "h-1", 3, refusing).get(10, TimeUnit.SECONDS));
        List<CompletableFuture<byte[]>> together = reads.startTogether(NODE,
                List.of(new ChunkReads.Wanted("h-1", 3), new ChunkReads.Wanted("s-1", 1), new ChunkReads.Wanted("none", 1)), refusing);
        assertArrayEquals(new byte[] {4}, together.get(1).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.NOT_FOUND, codeOf(together.get(2)), "each chunk has its own outcome");
        assertEquals(List.of(List.of("h-1"), List.of("h-1", "s-1", "none")), batches, "one request for the three together");
        assertEquals(0, refusing.asked, "no task given to the read path's executor");
    }

    @Test
    void aLargeChunkIsReadOnAThreadOfItsOwnThatACancelInterrupts() throws Exception {
        store.put(NODE, "big", new byte[2048], null);
        assertEquals(2048, coalesced().start(NODE, "big", 2048, threads).get(10, TimeUnit.SECONDS).length);
        assertTrue(batches.isEmpty(), "a GET of its own, not a batch");

        Blocking blocking = new Blocking();
        CompletableFuture<byte[]> read = blocking.start(NODE, "slow", 1, threads);
        assertTrue(blocking.started.await(10, TimeUnit.SECONDS));
        assertFalse(read.isDone());
        read.cancel(true);
        assertTrue(blocking.interrupted.await(10, TimeUnit.SECONDS), "the reading thread was interrupted");
    }

    @Test
    void chunksWantedTogetherFromAPlainReaderAreReadOnOneThreadEachWithItsOutcome() throws Exception {
        List<String> readOn = Collections.synchronizedList(new ArrayList<>());
        ChunkReads plain = (node, chunkId, size) -> {
            readOn.add(Thread.currentThread().getName() + "/" + Thread.currentThread().threadId());
            if (chunkId.equals("bad")) {
                throw new StoreException(ErrorCode.CORRUPT, "bad");
            }
            return chunkId.getBytes();
        };
        List<CompletableFuture<byte[]>> answers = plain.startTogether(NODE,
                List.of(new ChunkReads.Wanted("a", 1), new ChunkReads.Wanted("bad", 3)), threads);
        assertArrayEquals("a".getBytes(), answers.get(0).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.CORRUPT, codeOf(answers.get(1)));
        assertEquals(2, readOn.size());
        assertEquals(1, readOn.stream().distinct().count(), "both on one thread: " + readOn);

        Blocking blocking = new Blocking();
        List<CompletableFuture<byte[]>> waiting = blocking.startTogether(NODE,
                List.of(new ChunkReads.Wanted("x", 1), new ChunkReads.Wanted("y", 1)), threads);
        assertTrue(blocking.started.await(10, TimeUnit.SECONDS));
        waiting.forEach(f -> f.cancel(true));
        assertTrue(blocking.interrupted.await(10, TimeUnit.SECONDS), "the reading thread was interrupted");
    }

    private static ErrorCode codeOf(CompletableFuture<byte[]> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return ((StoreException) e.getCause()).code();
    }

    /** A reader whose reads block until interrupted. */
    private static final class Blocking implements ChunkReads {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public byte[] read(NodeInfo node, String chunkId, long size) {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                throw new AssertionError("never opened");
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted", e);
            }
        }
    }

    /** An executor that counts and refuses every task: a read that needs a thread fails the test. */
    private static final class Refusing extends AbstractExecutorService {
        int asked;

        @Override
        public void execute(Runnable command) {
            asked++;
            throw new AssertionError("a thread was asked for");
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
