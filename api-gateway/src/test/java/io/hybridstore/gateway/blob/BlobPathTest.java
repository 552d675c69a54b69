package io.hybridstore.gateway.blob;

import static io.hybridstore.gateway.Fixture.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.erasure.ReedSolomon;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.write.ChunkIds;
import io.hybridstore.common.write.ShardChecksums;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.read.BlobReader;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.Timings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blob write and read paths over the in-memory fakes, with 1 KiB small blobs and 4 KiB stripes. */
class BlobPathTest {

    private static final int STRIPE = 4096;
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private NodeInfo node(String id) {
        return f.nodes.liveNodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private byte[] get(String name, String range) throws IOException {
        BlobReader.Download download = f.blobReader.open(name, range);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        download.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void everySizeAroundTheSmallLimitAndTheStripeRoundTrips() throws IOException {
        int[] sizes = {0, 1, 1023, 1024, 1025, STRIPE - 1, STRIPE, STRIPE + 1, 3 * STRIPE + 5, 20 * STRIPE};
        for (int size : sizes) {
            byte[] data = randomBytes(size, size);
            BlobResult result = f.putBlob("b/" + size, data);
            assertEquals(ObjectState.CLEAN, result.state(), "size " + size);
            assertEquals(CanonicalJson.sha256Hex(data), result.sha256());
            ObjectMetadata m = f.meta("b/" + size);
            assertEquals(size, m.blob().size());
            if (size <= 1024) {
                assertEquals(3, m.hot().replicas().size(), "replicated below the small limit, size " + size);
                assertTrue(m.stripes().isEmpty());
            } else {
                assertNull(m.hot());
                assertEquals((size + STRIPE - 1) / STRIPE, m.stripes().size(), "stripes of size " + size);
                for (ColdPart stripe : m.stripes()) {
                    assertEquals(6, new HashSet<>(stripe.shards().stream().map(ChunkLocation::nodeId).toList()).size(),
                            "each stripe's shards on 6 distinct nodes");
                }
            }
            assertArrayEquals(data, get("b/" + size, null), "size " + size);
        }
        assertEquals(10, sizes.length);
    }

    @Test
    void aChunkedBodyIsStoredExactlyAsTheSameBytesWithADeclaredLength() throws IOException {
        int[] sizes = {0, 1, 1024, 1025, STRIPE - 1, STRIPE, STRIPE + 1, 3 * STRIPE + 5, 20 * STRIPE + 7};
        for (int size : sizes) {
            byte[] data = randomBytes(size, 100 + size);
            // Pieces of 100 bytes: the body arrives in many reads, as from a network.
            ByteArrayInputStream source = new ByteArrayInputStream(data);
            InputStream trickle = new InputStream() {
                @Override
                public int read() {
                    return source.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return source.read(b, off, Math.min(len, 100));
                }
            };
            BlobResult chunked = f.blobs.write(new BlobWriter.Upload("chunked/" + size, "x/y", null, null), trickle, new Timings());
            f.putBlob("declared/" + size, data);
            assertEquals(CanonicalJson.sha256Hex(data), chunked.sha256(), "size " + size);
            assertArrayEquals(data, get("chunked/" + size, null), "size " + size);
            List<ColdPart> a = f.meta("chunked/" + size).stripes();
            List<ColdPart> b = f.meta("declared/" + size).stripes();
            assertEquals(b.size(), a.size(), "size " + size);
            for (int s = 0; s < a.size(); s++) {
                assertEquals(List.of(b.get(s).size(), b.get(s).shardSize()), List.of(a.get(s).size(), a.get(s).shardSize()), "size " + size);
                assertEquals(b.get(s).shardCrc32c(), a.get(s).shardCrc32c(), "equal bytes, equal shards: size " + size + " stripe " + s);
            }
        }
        assertEquals(9, sizes.length);
    }

    @Test
    void rangesAcrossStripeBoundaries() throws IOException {
        byte[] data = randomBytes(5 * STRIPE + 17, 1);
        f.putBlob("r", data);
        int checked = 0;
        for (long[] r : new long[][] {{0, 0}, {STRIPE - 1, STRIPE}, {STRIPE, 2L * STRIPE - 1}, {100, 3L * STRIPE + 9},
                {5L * STRIPE, 5L * STRIPE + 16}, {1, data.length - 1}}) {
            byte[] part = get("r", "bytes=" + r[0] + "-" + r[1]);
            assertArrayEquals(Arrays.copyOfRange(data, (int) r[0], (int) r[1] + 1), part, r[0] + "-" + r[1]);
            checked++;
        }
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 10, data.length), get("r", "bytes=-10"));
        assertEquals(ErrorCode.RANGE_NOT_SATISFIABLE,
                assertThrows(StoreException.class, () -> f.blobReader.open("r", "bytes=" + data.length + "-")).code());
        assertEquals(6, checked);
    }

    @Test
    void twoShardHoldersDownStillServesEveryStripe() throws IOException {
        byte[] data = randomBytes(6 * STRIPE, 2);
        f.putBlob("d", data);
        List<ChunkLocation> shards = f.meta("d").stripes().get(2).shards();
        f.chunks.setDown(shards.get(0).nodeId(), true);
        f.chunks.setDown(shards.get(3).nodeId(), true);
        assertArrayEquals(data, get("d", null));
        assertEquals(ObjectState.CLEAN, f.meta("d").state(), "unreachable is not damage");
    }

    @Test
    void aCorruptStripeShardIsNeverServedAndMarksTheBlobDirty() throws IOException {
        byte[] data = randomBytes(4 * STRIPE, 3);
        f.putBlob("c", data);
        ChunkLocation shard = f.meta("c").stripes().get(1).shards().get(0);
        f.chunks.corrupt(shard.nodeId(), shard.chunkId());
        assertArrayEquals(data, get("c", null));
        ObjectMetadata m = f.meta("c");
        assertEquals(ObjectState.DIRTY, m.state());
        assertFalse(m.stripes().get(1).shards().get(0).stored(), "the damaged shard is marked for the healer");
        assertEquals(4, m.stripes().size(), "the record keeps its stripes");
        assertEquals(data.length, m.blob().size(), "and its blob info");
    }

    @Test
    void eachStripeShardIsNamedByItsUploadAndCarriesItsCrc32c() {
        BlobResult result = f.putBlob("ids", randomBytes(3 * STRIPE + 1, 5));
        ObjectMetadata m = f.meta("ids");
        int checked = 0;
        for (int s = 0; s < m.stripes().size(); s++) {
            ColdPart stripe = m.stripes().get(s);
            assertNull(stripe.sha256(), "no SHA-256 pass per stripe");
            assertEquals(6, stripe.shardCrc32c().size());
            for (ChunkLocation shard : stripe.shards()) {
                assertEquals(ChunkIds.stripeShard(m.blob().uploadId(), s, 4, 2, shard.index()), shard.chunkId());
                byte[] stored = f.chunks.get(node(shard.nodeId()), shard.chunkId());
                assertEquals(ShardChecksums.crc32cHex(stored), stripe.shardCrc32c().get(shard.index()));
                checked++;
            }
        }
        assertEquals(4 * 6, checked);
        assertEquals(4, result.stripes());
    }

    @Test
    void aStripeShardWithWrongBytesItsNodeDidNotNoticeFailsItsCrc32cAndIsNeverServed() throws IOException {
        byte[] data = randomBytes(4 * STRIPE, 6);
        f.putBlob("liar", data);
        ChunkLocation shard = f.meta("liar").stripes().get(2).shards().get(1);
        List<String> crcs = f.meta("liar").stripes().get(2).shardCrc32c();
        byte[] wrong = f.chunks.get(node(shard.nodeId()), shard.chunkId());
        wrong[7] ^= 1;
        f.chunks.put(node(shard.nodeId()), shard.chunkId(), wrong, null); // the node's own CRC now matches the wrong bytes

        assertArrayEquals(data, get("liar", null), "parity stood in for the wrong shard");
        assertArrayEquals(Arrays.copyOfRange(data, 2 * STRIPE, 3 * STRIPE), get("liar", "bytes=" + 2 * STRIPE + "-" + (3 * STRIPE - 1)),
                "a range read, which the whole blob's SHA-256 cannot check, is checked shard by shard");
        ObjectMetadata m = f.meta("liar");
        assertEquals(ObjectState.DIRTY, m.state());
        assertFalse(m.stripes().get(2).shards().get(1).stored(), "the wrong shard is marked for the healer");
        assertEquals(crcs, m.stripes().get(2).shardCrc32c(), "the damage report keeps the checksums");
    }

    @Test
    void aStripedBlobOfTheFirstFormatStillReads() throws IOException {
        // Before per-shard CRC32Cs, a stripe was checked by its SHA-256, and its shard ids derived from it.
        byte[] data = randomBytes(2 * STRIPE + 100, 8);
        List<ColdPart> stripes = new ArrayList<>();
        for (int from = 0; from < data.length; from += STRIPE) {
            byte[] stripe = Arrays.copyOfRange(data, from, Math.min(data.length, from + STRIPE));
            String sha = CanonicalJson.sha256Hex(stripe);
            byte[][] shards = ReedSolomon.create(4, 2).encode(stripe);
            List<ChunkLocation> locations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                NodeInfo node = f.nodes.liveNodes().get(i);
                f.chunks.put(node, ChunkIds.coldShard(sha, 4, 2, i), shards[i], null);
                locations.add(new ChunkLocation(i, node.id(), ChunkIds.coldShard(sha, 4, 2, i), 1));
            }
            stripes.add(new ColdPart(sha, stripe.length, 4, 2, shards[0].length, locations));
        }
        BlobInfo info = new BlobInfo("application/octet-stream", data.length, CanonicalJson.sha256Hex(data), STRIPE, null, "first");
        f.metadata.commitIfNewer(new ObjectMetadata("old", new Version(0, 1), ObjectState.CLEAN, List.of(), null, null, List.of(),
                List.of(), 1, 1, info, stripes));
        ChunkLocation lost = stripes.get(1).shards().get(0);
        f.chunks.lose(lost.nodeId(), lost.chunkId());

        assertArrayEquals(data, get("old", null));
        assertArrayEquals(Arrays.copyOfRange(data, STRIPE - 3, STRIPE + 3), get("old", "bytes=" + (STRIPE - 3) + "-" + (STRIPE + 2)));
    }

    @Test
    void theLogHoldsAnIntentBeforeAndACommitAfterTheMetadata() {
        BlobResult result = f.putBlob("w", randomBytes(3 * STRIPE, 4));
        List<WalRecord> records = f.wal.entries().stream().map(e -> WalRecord.fromBytes(e.payload())).toList();
        assertEquals(List.of(WalRecord.Op.blob_intent, WalRecord.Op.blob_commit), records.stream().map(WalRecord::op).toList());
        assertEquals((long) 3 * STRIPE, records.get(0).upload().size());
        assertEquals(result.version().toString(), records.get(1).upload().version());
        assertEquals(result.version(), f.meta("w").version(), "the intent's position is the version");
    }

    @Test
    void anInterruptedUploadCommitsNothing() {
        byte[] data = randomBytes(10 * STRIPE, 5);
        InputStream breaking = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent == 5 * STRIPE + 3) {
                    throw new IOException("connection reset by peer");
                }
                return data[sent++] & 0xff;
            }
        };
        StoreException e = assertThrows(StoreException.class, () -> f.blobs.write(
                new BlobWriter.Upload("gone", "x/y", null, (long) data.length), breaking, new Timings()));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(f.metadata.get("gone").isEmpty(), "nothing visible");
        assertEquals(1, f.wal.entries().size(), "only the intent: the replay finds it abandoned");
        assertTrue(f.chunks.putCount() > 0, "some stripes had reached the nodes (garbage for the GC)");
    }

    @Test
    void tooFewNodesIs503AndNothingIsCommitted() {
        f.nodes.liveNodes().stream().limit(5).forEach(n -> f.chunks.setDown(n.id(), true));
        StoreException e = assertThrows(StoreException.class, () -> f.putBlob("few", randomBytes(3 * STRIPE, 6)));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(f.metadata.get("few").isEmpty());
    }

    @Test
    void withTwoNodesDownTheBlobIsStoredDirtyWithWhatIsMissing() throws IOException {
        f.nodes.liveNodes().stream().limit(2).forEach(n -> f.chunks.setDown(n.id(), true));
        byte[] data = randomBytes(8 * STRIPE, 7);
        BlobResult result = f.putBlob("dirty", data);
        assertEquals(ObjectState.DIRTY, result.state());
        assertFalse(result.missing().isEmpty());
        assertTrue(result.missing().stream().allMatch(m -> m.part().startsWith("stripe-")));
        assertArrayEquals(data, get("dirty", null));
    }

    @Test
    void aBodyShorterOrLongerThanDeclaredIsRejected() {
        byte[] data = randomBytes(2 * STRIPE, 8);
        for (long declared : new long[] {data.length - 1, data.length + 1}) {
            StoreException e = assertThrows(StoreException.class, () -> f.blobs.write(
                    new BlobWriter.Upload("len", "x/y", null, declared), new ByteArrayInputStream(data), new Timings()));
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
        }
        assertTrue(f.metadata.get("len").isEmpty());
    }

    @Test
    void aChunkedBodyPastTheStripeBoundIs413() {
        byte[] data = randomBytes(64 * STRIPE + 1, 9); // max-stripes is 64 in the fixture
        StoreException e = assertThrows(StoreException.class, () -> f.blobs.write(
                new BlobWriter.Upload("big", "x/y", null, null), new ByteArrayInputStream(data), new Timings()));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        assertTrue(f.metadata.get("big").isEmpty());
    }

    @Test
    void documentsAndBlobsShareTheKeySpaceButNotTheirReadPaths() throws IOException {
        f.write("both", "{\"a\":1}");
        assertEquals(ErrorCode.KIND_MISMATCH, assertThrows(StoreException.class, () -> f.blobReader.open("both", null)).code());
        assertEquals(ErrorCode.KIND_MISMATCH, assertThrows(StoreException.class, () -> f.writes.delete("both", true, new Timings())).code());
        byte[] data = randomBytes(2 * STRIPE, 10);
        f.putBlob("both", data);
        assertArrayEquals(data, get("both", null), "the later write replaced the document");
        assertEquals(ErrorCode.KIND_MISMATCH, assertThrows(StoreException.class, () -> f.read("both")).code());
        f.writes.delete("both", true, new Timings());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> f.blobReader.open("both", null)).code());
    }
}
