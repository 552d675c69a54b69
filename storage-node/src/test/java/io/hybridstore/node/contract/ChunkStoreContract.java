package io.hybridstore.node.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.ChunkStore.ChunkStat;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChunkStore} does, run against the in-memory fake and against the HTTP client
 * talking to a real node, so the fake the gateway and healer tests use cannot drift from the node.
 * Ids carry a per-run prefix because the real node is shared by the test class.
 */
public abstract class ChunkStoreContract {
    protected final String run = "k" + UUID.randomUUID().toString().substring(0, 8) + "-";

    protected abstract ChunkStore store();

    protected abstract NodeInfo node();

    /** A node that does not answer at all. */
    protected abstract NodeInfo deadNode();

    /** Damages the stored bytes of a chunk behind the store's back. */
    protected abstract void corrupt(String chunkId) throws Exception;

    @Test
    void putThenGetReturnsTheBytesAndPutIsIdempotent() {
        byte[] data = "hello chunk".getBytes();
        store().put(node(), run + "a", data, null);
        store().put(node(), run + "a", data, null);
        assertArrayEquals(data, store().get(node(), run + "a"));
        store().put(node(), run + "empty", new byte[0], null);
        assertArrayEquals(new byte[0], store().get(node(), run + "empty"));
    }

    @Test
    void aMissingChunkIsNotFoundAndHeadIsEmpty() {
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> store().get(node(), run + "none")).code());
        assertTrue(store().head(node(), run + "none").isEmpty());
        assertEquals(VerifyResult.MISSING, store().verify(node(), run + "none"));
        store().delete(node(), run + "none"); // absent is not an error
    }

    @Test
    void headDescribesWithoutData() {
        store().put(node(), run + "h", new byte[1234], null);
        ChunkStat stat = store().head(node(), run + "h").orElseThrow();
        assertEquals(run + "h", stat.chunkId());
        assertEquals(1234, stat.size());
        assertTrue(!stat.checksum().isEmpty() && stat.modifiedMillis() > 0, stat.toString());
    }

    @Test
    void existsAnswersASubsetInOneCall() {
        store().put(node(), run + "e1", new byte[] {1}, null);
        store().put(node(), run + "e2", new byte[] {2}, null);
        assertEquals(Set.of(run + "e1", run + "e2"), store().exists(node(), List.of(run + "e1", run + "e2", run + "e3")));
        assertEquals(Set.of(), store().exists(node(), List.of(run + "e3")));
    }

    @Test
    void deleteRemoves() {
        store().put(node(), run + "d", new byte[] {1}, null);
        store().delete(node(), run + "d");
        assertTrue(store().head(node(), run + "d").isEmpty());
    }

    @Test
    void corruptChunksAreReportedThenGoneForGetAndVerify() throws Exception {
        store().put(node(), run + "c1", new byte[4096], null);
        store().put(node(), run + "c2", new byte[4096], null);
        corrupt(run + "c1");
        corrupt(run + "c2");
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store().get(node(), run + "c1")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> store().get(node(), run + "c1")).code());
        assertEquals(VerifyResult.CORRUPT, store().verify(node(), run + "c2"));
        assertEquals(VerifyResult.MISSING, store().verify(node(), run + "c2"));
        store().put(node(), run + "ok", new byte[10], null);
        assertEquals(VerifyResult.OK, store().verify(node(), run + "ok"));
    }

    @Test
    void verifyAllChecksEveryChunkInOrderWithTheCrcOfEachOkOne() throws Exception {
        store().put(node(), run + "v1", "first".getBytes(), null);
        store().put(node(), run + "v2", new byte[70_000], null);
        store().put(node(), run + "v-bad", new byte[4096], null);
        corrupt(run + "v-bad");
        List<String> ids = List.of(run + "v2", run + "v-none", run + "v-bad", run + "v1", run + "v-bad");
        List<ChunkStore.VerifyOutcome> outcomes = store().verifyAll(node(), ids);
        assertEquals(ids, outcomes.stream().map(ChunkStore.VerifyOutcome::chunkId).toList());
        assertEquals(java.util.Arrays.asList(VerifyResult.OK, VerifyResult.MISSING, VerifyResult.CORRUPT, VerifyResult.OK, VerifyResult.MISSING),
                outcomes.stream().map(ChunkStore.VerifyOutcome::result).toList(), "the corrupt one quarantined at once");
        assertEquals(store().head(node(), run + "v2").orElseThrow().checksum(), outcomes.get(0).crc32c(), "the CRC32C HEAD reports");
        assertEquals(store().head(node(), run + "v1").orElseThrow().checksum(), outcomes.get(3).crc32c());
        assertTrue(outcomes.stream().allMatch(o -> o.error() == null && (o.result() == VerifyResult.OK) == (o.crc32c() != null)), outcomes.toString());
        assertEquals(List.of(), store().verifyAll(node(), List.of()));
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class,
                () -> store().verifyAll(deadNode(), List.of(run + "v1"))).code(), "the call fails as a whole");
    }

    @Test
    void listingPagesThroughEveryChunkExactlyOnce() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            store().put(node(), run + "p" + i, new byte[] {(byte) i}, null);
            mine.add(run + "p" + i);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 10_000; pages++) {
            List<ChunkStat> page = store().list(node(), after, 4);
            assertTrue(page.size() <= 4);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(s -> seen.add(s.chunkId()));
            after = page.get(page.size() - 1).chunkId();
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no chunk listed twice");
        assertTrue(seen.containsAll(mine), "every chunk listed");
    }

    @Test
    void putAllStoresEveryChunkAndARefusedOneFailsAlone() {
        byte[] good = "good chunk".getBytes();
        String wrongSha = "00".repeat(32);
        List<ChunkStore.PutOutcome> outcomes = store().putAll(node(), List.of(new ChunkStore.ChunkPut(run + "b1", good, null),
                new ChunkStore.ChunkPut(run + "b-bad", good, wrongSha), new ChunkStore.ChunkPut(run + "b2", new byte[0], null),
                new ChunkStore.ChunkPut(run + "b3", new byte[70_000], null)));
        assertEquals(List.of(run + "b1", run + "b-bad", run + "b2", run + "b3"), outcomes.stream().map(ChunkStore.PutOutcome::chunkId).toList());
        assertEquals(List.of(true, false, true, true), outcomes.stream().map(ChunkStore.PutOutcome::isStored).toList());
        assertEquals(ErrorCode.BAD_REQUEST, outcomes.get(1).failure().code());
        assertArrayEquals(good, store().get(node(), run + "b1"));
        assertArrayEquals(new byte[0], store().get(node(), run + "b2"));
        assertArrayEquals(new byte[70_000], store().get(node(), run + "b3"));
        assertTrue(store().head(node(), run + "b-bad").isEmpty(), "nothing stored for the refused chunk");
        assertEquals(List.of(), store().putAll(node(), List.of()));
    }

    /** The write path's way in: the same outcomes as {@link ChunkStore#putAll}, from a future. */
    @Test
    void putAllAsyncAnswersAsPutAllDoes() throws Exception {
        byte[] good = "good async chunk".getBytes();
        List<ChunkStore.PutOutcome> outcomes = store().putAllAsync(node(), List.of(new ChunkStore.ChunkPut(run + "a1", good, null),
                new ChunkStore.ChunkPut(run + "a-bad", good, "00".repeat(32)), new ChunkStore.ChunkPut(run + "a2", new byte[70_000], null)))
                .get(30, TimeUnit.SECONDS);
        assertEquals(List.of(run + "a1", run + "a-bad", run + "a2"), outcomes.stream().map(ChunkStore.PutOutcome::chunkId).toList());
        assertEquals(List.of(true, false, true), outcomes.stream().map(ChunkStore.PutOutcome::isStored).toList());
        assertEquals(ErrorCode.BAD_REQUEST, outcomes.get(1).failure().code());
        assertArrayEquals(good, store().get(node(), run + "a1"));
        assertArrayEquals(new byte[70_000], store().get(node(), run + "a2"));
        assertTrue(store().head(node(), run + "a-bad").isEmpty(), "nothing stored for the refused chunk");
        assertEquals(List.of(), store().putAllAsync(node(), List.of()).get(30, TimeUnit.SECONDS));
    }

    /** A failure of the call as a whole fails the future with the classified StoreException itself, not wrapped. */
    @Test
    void putAllAsyncToAnUnreachableNodeFailsWithTheStoreException() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> store().putAllAsync(deadNode(),
                List.of(new ChunkStore.ChunkPut(run + "x", new byte[1], null))).get(30, TimeUnit.SECONDS));
        StoreException cause = assertInstanceOf(StoreException.class, e.getCause());
        assertEquals(ErrorCode.UNAVAILABLE, cause.code());
    }

    @Test
    void getAllReadsEveryChunkInOrderAndAMissingOrCorruptOneFailsAlone() throws Exception {
        byte[] small = "small chunk".getBytes();
        byte[] larger = new byte[70_000];
        larger[69_999] = 7;
        store().put(node(), run + "g1", small, null);
        store().put(node(), run + "g2", larger, null);
        store().put(node(), run + "g-empty", new byte[0], null);
        store().put(node(), run + "g-bad", new byte[4096], null);
        corrupt(run + "g-bad");
        List<String> ids = List.of(run + "g2", run + "g-none", run + "g1", run + "g-bad", run + "g-empty");
        List<ChunkStore.GetOutcome> outcomes = store().getAll(node(), ids);
        assertEquals(ids, outcomes.stream().map(ChunkStore.GetOutcome::chunkId).toList());
        assertArrayEquals(larger, outcomes.get(0).data());
        assertEquals(ErrorCode.NOT_FOUND, outcomes.get(1).error());
        assertArrayEquals(small, outcomes.get(2).data());
        assertEquals(ErrorCode.CORRUPT, outcomes.get(3).error());
        assertArrayEquals(new byte[0], outcomes.get(4).data());
        assertEquals(List.of(), store().getAll(node(), List.of()));
    }

    @Test
    void getAllFromAnUnreachableNodeFailsAsAWhole() {
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class,
                () -> store().getAll(deadNode(), List.of(run + "x"))).code());
    }

    @Test
    void putAllToAnUnreachableNodeFailsAsAWhole() {
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class,
                () -> store().putAll(deadNode(), List.of(new ChunkStore.ChunkPut(run + "x", new byte[1], null)))).code());
    }

    @Test
    void anUnreachableNodeIsUnavailable() {
        StoreException e = assertThrows(StoreException.class, () -> store().get(deadNode(), run + "a"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.retryable());
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class,
                () -> store().put(deadNode(), run + "a", new byte[1], null)).code());
    }
}
