package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.repair.Healer;
import io.hybridstore.common.repair.HealerSettings;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.gateway.infra.Backend;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Multipart uploads against the healer's garbage collector, on the gateway's in-memory backend:
 * the collector runs, with its grace period shortened to nothing, while an upload is in progress.
 * The parts of an upload in progress are referenced by their part records, not by any object, and
 * must survive; the replaced part's and the aborted upload's chunks are garbage and go.
 */
@QuarkusTest
class MultipartAgainstCollectorTest {

    private static final String BUCKET = "gc-multipart";

    @Inject
    S3Server server;

    @Inject
    Backend backend;

    private S3Client s3;

    @BeforeEach
    void client() {
        s3 = SdkClients.anonymous(server);
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void cleanUp() {
        s3.listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents().forEach(o -> s3.deleteObject(r -> r.bucket(BUCKET).key(o.key())));
        s3.deleteBucket(r -> r.bucket(BUCKET));
        s3.close();
    }

    @Test
    void partsOfAnUploadInProgressSurviveTheCollectorAndCompleteByteForByte() throws Exception {
        byte[] first = bytes(5 << 20, 1);
        byte[] last = bytes(300_000, 2);
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key("movie")).uploadId();
        String e1 = s3.uploadPart(r -> r.bucket(BUCKET).key("movie").uploadId(id).partNumber(1), RequestBody.fromBytes(first)).eTag();
        s3.uploadPart(r -> r.bucket(BUCKET).key("movie").uploadId(id).partNumber(2), RequestBody.fromBytes(bytes(200_000, 3)));
        List<ChunkLocation> replaced = chunks(id, 2);
        String e2 = s3.uploadPart(r -> r.bucket(BUCKET).key("movie").uploadId(id).partNumber(2), RequestBody.fromBytes(last)).eTag();
        String abortedId = s3.createMultipartUpload(r -> r.bucket(BUCKET).key("abandoned")).uploadId();
        s3.uploadPart(r -> r.bucket(BUCKET).key("abandoned").uploadId(abortedId).partNumber(1), RequestBody.fromBytes(bytes(100_000, 4)));
        List<ChunkLocation> aborted = chunks(abortedId, 1);
        s3.abortMultipartUpload(r -> r.bucket(BUCKET).key("abandoned").uploadId(abortedId));
        List<ChunkLocation> kept = chunks(id, 1);
        kept.addAll(chunks(id, 2));

        long deleted = collectEverythingUnreferenced();

        List<ChunkLocation> lost = kept.stream().filter(c -> !holds(c)).toList();
        assertEquals(List.of(), lost, "chunks of the upload's current parts the collector deleted (" + deleted + " deleted in all)");
        assertEquals(List.of(), replaced.stream().filter(this::holds).toList(), "the replaced part 2's chunks are garbage");
        assertEquals(List.of(), aborted.stream().filter(this::holds).toList(), "the aborted upload's chunks are garbage");
        assertEquals(List.of(6, 6), List.of(replaced.size(), aborted.size()), "one stripe of 4+2 shards each");
        assertTrue(kept.size() >= 12, "part 1's stripes and part 2's: " + kept.size() + " shards checked");
        s3.completeMultipartUpload(r -> r.bucket(BUCKET).key("movie").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build())));
        byte[] read = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("movie")).asByteArray();
        byte[] expected = new byte[first.length + last.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(last, 0, expected, first.length, last.length);
        assertArrayEquals(expected, read);
    }

    /**
     * Runs healer passes over the gateway's backend until a garbage collection sweep has completed,
     * with a clock a minute ahead and no grace: every chunk written so far is old enough to collect.
     */
    private long collectEverythingUnreferenced() throws InterruptedException {
        HealerStats stats = new HealerStats("gc-multipart-test");
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
        HealerSettings settings = new HealerSettings(1000, 1_000_000, 0, 100, 4, 0, 0, Duration.ZERO, 100_000, 100_000, 1000, 1 << 20,
                Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
        Healer healer = new Healer(backend.metadata(), backend.nodes(), backend.chunks(), new HealerStateStore.InMemory(), stats, ahead,
                settings, backend.multipart());
        for (int pass = 0; pass < 3; pass++) {
            healer.runPass(() -> true); // the first completes a cycle and sweeps; the others find nothing more
        }
        assertTrue(stats.snapshot().garbageDeleted() >= 12, "the collector swept (at least the replaced and the aborted part)");
        return stats.snapshot().garbageDeleted();
    }

    private List<ChunkLocation> chunks(String uploadId, int partNumber) {
        UploadedPart part = backend.multipart().parts(BUCKET, uploadId).stream().filter(p -> p.partNumber() == partNumber).findFirst()
                .orElseThrow();
        List<ChunkLocation> all = new java.util.ArrayList<>();
        for (ColdPart stripe : part.stripes()) {
            all.addAll(stripe.shards());
        }
        return all;
    }

    private boolean holds(ChunkLocation c) {
        return ((InMemoryChunkStore) backend.chunks()).holds(c.nodeId(), c.chunkId());
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
