package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.common.spi.memory.ForwardingMultipartStore;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The collector and the chunks of S3 multipart parts, on the fakes and a fake clock: a part belongs
 * to no object until its upload completes, so its record is what keeps its chunks.
 */
class MultipartPartsAgainstCollectorTest {

    private static final BooleanSupplier LEADER = () -> true;

    private final FakeCluster cluster = new FakeCluster(8);
    private final InMemoryMultipartStore uploads = new InMemoryMultipartStore();
    private final HealerStats stats = new HealerStats("parts-test");

    @Test
    void thePartsOfAnUploadInProgressAreKeptAndCollectedOnceTheUploadIsGone() throws Exception {
        List<ColdPart> stripes = partStripes("b/movie", 3);
        uploads.create(new MultipartUpload("b", "movie", "u1", "alice", cluster.clock.millis(), "video/mp4", Map.of()));
        assertTrue(uploads.putPart("b", "u1", part(1, stripes)));
        cluster.clock.advance(Duration.ofHours(2)); // far beyond the grace

        healer(uploads).runPass(LEADER);

        assertEquals(List.of(), lost(stripes), "a part's chunks the collector deleted");
        assertEquals(18, shards(stripes).size(), "3 stripes of 4+2 shards checked");

        uploads.delete("b", "u1"); // aborted (or swept): the part's chunks are garbage now
        healer(uploads).runPass(LEADER);
        assertEquals(shards(stripes), lost(stripes), "every chunk of the aborted upload's part collected");
    }

    @Test
    void aCompletionBetweenThePartsReadAndTheObjectScanIsFoundByTheObjectScan() throws Exception {
        ObjectMetadata completed = uploadOfOnePart(); // what the completion will commit
        List<ColdPart> stripes = completed.codedParts();
        String orphanOn = cluster.nodes.liveNodes().get(0).id();
        cluster.chunks.put(cluster.nodes.liveNodes().get(0), "h-orphan", new byte[] {1}, null); // shows that the collector swept
        cluster.clock.advance(Duration.ofHours(2));
        AtomicInteger completions = new AtomicInteger();
        // The completion lands right before the collector reads the part records: its object record
        // is committed, the part records are gone. The object scan, which comes after, must see it.
        MultipartStore completingFirst = new ForwardingMultipartStore(uploads) {
            @Override
            public List<PartRecord> partsAfter(String afterKey, int limit) {
                if (completions.getAndIncrement() == 0) {
                    assertTrue(cluster.metadata.commitIfNewer(withVersion(completed, new Version(0, 901))));
                    uploads.delete("b", "u1");
                }
                return super.partsAfter(afterKey, limit);
            }
        };

        healer(completingFirst).runPass(LEADER);

        assertTrue(completions.get() >= 1, "the completion ran inside the collector's cycle");
        assertTrue(!cluster.chunks.holds(orphanOn, "h-orphan"), "the collector swept");
        assertEquals(List.of(), lost(stripes), "chunks of the completed object the collector deleted");
    }

    /**
     * The race docs/s3.md described: a client aborts its upload while its own completion is in
     * flight. The abort lands before the collector reads the part records, the completion's commit
     * after the object scan has passed the key: neither shows the collector the part's chunks. The
     * completion commits under its upload's guard, which the abort ended, so it commits nothing;
     * the same commit unguarded (the code before the guard) shows what the race did: an object over
     * collected chunks.
     */
    @Test
    void anAbortBeforeThePartsReadMakesACompletionAfterTheObjectScanFail() throws Exception {
        ObjectMetadata completed = uploadOfOnePart(); // what the completion will commit
        List<ColdPart> stripes = completed.codedParts();
        CommitGuard guard = uploads.completionGuard("b", "u1"); // taken when the completion started
        cluster.clock.advance(Duration.ofHours(2)); // far beyond the grace
        AtomicInteger aborts = new AtomicInteger();
        MultipartStore abortingFirst = new ForwardingMultipartStore(uploads) {
            @Override
            public List<PartRecord> partsAfter(String afterKey, int limit) {
                if (aborts.getAndIncrement() == 0) {
                    uploads.delete("b", "u1");
                }
                return super.partsAfter(afterKey, limit);
            }
        };
        List<Boolean> commits = new ArrayList<>();
        MetadataStore completingAfterTheScan = new ForwardingMetadataStore(cluster.metadata) {
            @Override
            public List<Stored> scan(String prefix, ScanStart start, int limit) {
                List<Stored> page = super.scan(prefix, start, limit);
                if (commits.isEmpty()) {
                    commits.add(cluster.metadata.commitIfNewer(withVersion(completed, new Version(0, 901)), Optional.empty(), guard));
                }
                return page;
            }
        };

        new Healer(completingAfterTheScan, cluster.nodes, cluster.chunks, cluster.state, stats, cluster.clock, FakeCluster.settings(),
                abortingFirst).runPass(LEADER);

        assertEquals(1, aborts.get(), "the abort ran before the collector read the part records");
        assertEquals(List.of(false), commits, "the guarded completion, after the object scan: refused, the upload is gone");
        assertTrue(cluster.metadata.get("b/movie").orElseThrow().metadata().deleted(), "no object over the part's chunks");
        assertEquals(shards(stripes), lost(stripes), "the part's chunks collected: garbage, as nothing references them");
        assertTrue(cluster.metadata.commitIfNewer(withVersion(completed, new Version(0, 901))),
                "unguarded (before the fix), the same commit succeeds and references collected chunks");
    }

    /**
     * Upload u1 of b/movie with one part of 2 stripes, and the object record its completion would
     * commit (b/movie is a tombstone until then: the part's chunks are referenced by its record only).
     */
    private ObjectMetadata uploadOfOnePart() {
        ObjectMetadata completed = cluster.writeStripedBlob("b/movie", 2);
        cluster.metadata.commitIfNewer(ObjectMetadata.tombstone("b/movie", new Version(0, 900), 0, cluster.clock.millis()));
        uploads.create(new MultipartUpload("b", "movie", "u1", "alice", cluster.clock.millis(), "video/mp4", Map.of()));
        assertTrue(uploads.putPart("b", "u1", part(1, completed.codedParts())));
        return completed;
    }

    private Healer healer(MultipartStore parts) {
        return new Healer(cluster.metadata, cluster.nodes, cluster.chunks, cluster.state, stats, cluster.clock, FakeCluster.settings(),
                parts);
    }

    /** Stripes stored the way a part's are, referenced by no object record (the blob written for them is deleted). */
    private List<ColdPart> partStripes(String key, int count) {
        ObjectMetadata blob = cluster.writeStripedBlob(key, count);
        List<ColdPart> stripes = blob.codedParts();
        cluster.metadata.commitIfNewer(ObjectMetadata.tombstone(key, new Version(0, 800), 0, cluster.clock.millis()));
        return stripes;
    }

    private static ObjectMetadata withVersion(ObjectMetadata m, Version version) {
        return new ObjectMetadata(m.key(), version, m.state(), m.fieldOrder(), m.hot(), m.cold(), m.pendingNodes(), m.failedNodes(),
                m.createdAt(), m.updatedAt(), m.blob(), m.stripes());
    }

    private static UploadedPart part(int number, List<ColdPart> stripes) {
        return new UploadedPart(number, stripes.stream().mapToLong(ColdPart::size).sum(), "md5", "sha", FakeCluster.STRIPE, stripes,
                List.of(), 1);
    }

    private static List<ChunkLocation> shards(List<ColdPart> stripes) {
        return stripes.stream().flatMap(s -> s.shards().stream()).toList();
    }

    private List<ChunkLocation> lost(List<ColdPart> stripes) {
        return shards(stripes).stream().filter(c -> !cluster.chunks.holds(c.nodeId(), c.chunkId())).toList();
    }
}
