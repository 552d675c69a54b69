package io.hybridstore.gateway.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.labels.LabelPatch;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectLabels.Access;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.split.SplitPolicy;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.replay.RecentCommits;
import io.hybridstore.gateway.replay.WalApplier;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The labels-only update over the in-memory fakes: live, guarded, replayed, and kept by overwrites. */
class LabelWriterTest {

    private static final String DOC = "{\"name\":\"Ada\",\"bio\":\"" + "b".repeat(400) + "\"}";

    private final Fixture f = new Fixture();
    private final LabelWriter labels = new LabelWriter(f.wal, f.metadata, f.clock, "test-gateway", new RecentCommits(16));

    @AfterEach
    void close() {
        f.close();
    }

    private static LabelPatch patch(String json) {
        return LabelPatch.fromJson(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private LabelWriter.Result patch(String key, String json, Version ifMatch) {
        return labels.patch(key, patch(json), Optional.ofNullable(ifMatch), new Timings());
    }

    @Test
    void aPatchChangesOnlyTheLabelsAndTakesTheNextVersion() {
        Version written = f.write("doc", DOC).version();
        ObjectMetadata before = f.meta("doc");
        LabelWriter.Result result = patch("doc", "{\"tags\":{\"add\":[\"x\",\"y\"]},\"access\":\"public\"}", written);
        assertEquals(LabelWriter.Outcome.applied, result.outcome());
        ObjectMetadata after = f.meta("doc");
        assertEquals(f.wal.entries().get(1).version(), after.version(), "the patch record's log position is the new version");
        assertEquals(WalRecord.Op.patch, WalRecord.fromBytes(f.wal.entries().get(1).payload()).op());
        assertEquals(new ObjectLabels(new java.util.TreeSet<>(Set.of("x", "y")), null, null, Access.PUBLIC), after.labels());
        assertEquals(before.hot(), after.hot(), "no byte rewritten");
        assertEquals(before.cold(), after.cold());
        assertEquals(before.createdAt(), after.createdAt());
        assertEquals(CanonicalJson.parse(DOC.getBytes(StandardCharsets.UTF_8)), f.read("doc"));
    }

    @Test
    void aStaleIfMatchIs412AndLogsNothing() {
        Version first = f.write("doc", DOC).version();
        f.write("doc", DOC.replace("Ada", "Bob"));
        int logged = f.wal.entries().size();
        StoreException e = assertThrows(StoreException.class, () -> patch("doc", "{\"tags\":{\"add\":[\"x\"]}}", first));
        assertEquals(ErrorCode.PRECONDITION_FAILED, e.code());
        assertEquals(logged, f.wal.entries().size());
        assertTrue(f.meta("doc").labels().isEmpty());
    }

    @Test
    void aMissingOrDeletedObjectIs404AndLogsNothing() {
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> patch("nothing", "{\"alias\":\"a\"}", null)).code());
        f.write("gone", DOC);
        f.writes.delete("gone", false, new Timings());
        int logged = f.wal.entries().size();
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> patch("gone", "{\"alias\":\"a\"}", null)).code());
        assertEquals(logged, f.wal.entries().size());
    }

    @Test
    void aPatchBreakingTheTagLimitIsRefusedBeforeTheLog() {
        f.write("doc", DOC);
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            tags.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        patch("doc", "{\"tags\":{\"set\":[" + tags + "]}}", null);
        int logged = f.wal.entries().size();
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class, () -> patch("doc", "{\"tags\":{\"add\":[\"more\"]}}", null)).code());
        assertEquals(logged, f.wal.entries().size());
    }

    @Test
    void theReplayAppliesALoggedPatchOnceAndDecidesAsTheLiveRequestWould() {
        Version written = f.write("doc", DOC).version();
        // A gateway that died right after the append: the record is in the log, the commit never happened.
        Version logged = f.wal.append("doc", WalRecord.patch("doc", LabelWriter.logged(patch("{\"tags\":{\"add\":[\"late\"]}}"), written),
                "r", f.clock.millis(), "dead-gateway").toBytes());
        WalApplier applier = new WalApplier(f.metadata, f.writer, new RecentCommits(16), labels);
        WalRecord record = WalRecord.fromBytes(f.wal.entries().get(1).payload());
        assertEquals(WalApplier.Outcome.applied, applier.apply(logged, record));
        assertEquals(logged, f.meta("doc").version());
        assertEquals(Set.of("late"), f.meta("doc").labels().tags());
        assertEquals(WalApplier.Outcome.skipped, applier.apply(logged, record), "applied once");
        assertEquals(logged, f.meta("doc").version());
    }

    @Test
    void theReplaySkipsAGuardedPatchWhoseGuardNoLongerHolds() {
        Version first = f.write("doc", DOC).version();
        Version put = f.wal.append("doc", new byte[0]); // a write logged before the patch ...
        Version logged = f.wal.append("doc", WalRecord.patch("doc", LabelWriter.logged(patch("{\"alias\":\"never\"}"), first),
                "r", f.clock.millis(), "dead-gateway").toBytes());
        f.writer.apply("doc", Fixture.doc(DOC.replace("Ada", "Cy")), put, new Timings()); // ... committed before the replay
        WalApplier applier = new WalApplier(f.metadata, f.writer, new RecentCommits(16), labels);
        assertEquals(WalApplier.Outcome.skipped, applier.apply(logged, WalRecord.fromBytes(f.wal.entries().get(2).payload())));
        assertNull(f.meta("doc").labels().alias(), "in log order the guard failed: the patch never applies");
        assertEquals(put, f.meta("doc").version());
    }

    @Test
    void anOverwriteKeepsTagsAliasAndAccessButNotTheContentType() {
        f.write("doc", DOC);
        patch("doc", "{\"tags\":{\"set\":[\"keep\"]},\"alias\":\"other\",\"contentType\":\"text/plain\",\"access\":\"public\"}", null);
        f.write("doc", DOC.replace("Ada", "Bob"));
        assertEquals(new ObjectLabels(new java.util.TreeSet<>(Set.of("keep")), "other", null, Access.PUBLIC), f.meta("doc").labels());
        f.write("doc", DOC.replace("Ada", "Bob")); // a dedup write (both parts reused) keeps them too
        assertEquals(Set.of("keep"), f.meta("doc").labels().tags());
        f.writes.delete("doc", false, new Timings());
        f.write("doc", DOC);
        assertTrue(f.meta("doc").labels().isEmpty(), "a delete drops the labels; a new object starts without");
    }

    @Test
    void aBlobOverwriteKeepsTheLabelsToo() {
        byte[] bytes = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
        f.blobs.write(new BlobWriter.Upload("b", "application/octet-stream", null, (long) bytes.length), new ByteArrayInputStream(bytes),
                new Timings());
        patch("b", "{\"tags\":{\"add\":[\"photo\"]},\"contentType\":\"image/png\"}", null);
        assertEquals("image/png", f.meta("b").labels().contentType());
        f.blobs.write(new BlobWriter.Upload("b", "image/jpeg", null, (long) bytes.length), new ByteArrayInputStream(bytes), new Timings());
        assertEquals(Set.of("photo"), f.meta("b").labels().tags());
        assertNull(f.meta("b").labels().contentType(), "the new upload brings its own content type");
    }

    @Test
    void aPatchCommittedBetweenAnOverwritesReadAndCommitIsKept() {
        f.write("doc", DOC);
        AtomicBoolean raced = new AtomicBoolean();
        // The patch lands after the overwrite read the key and before its commit: an older log
        // position, so in log order the overwrite comes after it and must keep its tag.
        ForwardingMetadataStore racing = new ForwardingMetadataStore(f.metadata) {
            @Override
            public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
                race(metadata);
                return super.compareAndSet(metadata, expectedRevision);
            }

            @Override
            public boolean commitIfNewer(ObjectMetadata metadata) {
                race(metadata);
                return super.commitIfNewer(metadata);
            }

            private void race(ObjectMetadata metadata) {
                if (metadata.key().equals("doc") && raced.compareAndSet(false, true)) {
                    var current = f.metadata.get("doc").orElseThrow();
                    Version earlier = new Version(0, metadata.version().offset() - 1);
                    f.metadata.compareAndSet(current.metadata().patched(patch("{\"tags\":{\"add\":[\"racer\"]}}")
                            .applyTo(current.metadata().labels()), earlier, f.clock.millis()), current.revision());
                }
            }
        };
        f.wal.append("doc", new byte[0]); // the racing patch's log position, just before the overwrite's
        ObjectWriter writer = new ObjectWriter(racing, f.nodes, new NodeFanOut(f.store, f.executor,
                new NodeTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 4L << 20), f.time),
                new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256)), f.clock, f.metrics);
        // Both parts new: the commit is LabelCarry's loop, not a dedup write's guarded one.
        String other = "{\"name\":\"Dee\",\"bio\":\"" + "c".repeat(400) + "\"}";
        WriteResult result = writer.apply("doc", Fixture.doc(other), new Version(0, 2), new Timings());
        assertEquals(java.util.List.of(), result.dedup());
        assertTrue(raced.get(), "the race happened");
        assertTrue(result.committed(), "the overwrite still committed, over the patched record");
        assertEquals(new Version(0, 2), f.meta("doc").version());
        assertEquals(Set.of("racer"), f.meta("doc").labels().tags());
    }
}
