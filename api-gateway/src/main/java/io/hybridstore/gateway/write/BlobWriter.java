package io.hybridstore.gateway.write;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.spi.UploadRegistry;
import io.hybridstore.common.spi.WriteAheadLog;
import io.hybridstore.common.spi.memory.InMemoryUploadRegistry;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.blob.BlobResult;
import io.hybridstore.gateway.blob.ByteBudget;
import io.hybridstore.gateway.blob.BlobSettings;
import io.hybridstore.gateway.write.WriteResult.Missing;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Streams one blob upload to the storage nodes with bounded memory, WAL first:
 * <ol>
 *   <li>a {@code blob_intent} record is appended and acknowledged (its position is the version);</li>
 *   <li>the body is read one stripe at a time and stored by {@link BlobBytesWriter}: a blob that ends within the small size as
 *       whole replicas, anything larger stripe by stripe: Reed-Solomon shards, each with its
 *       CRC32C, written concurrently to k+m nodes, at most {@code stripesInFlight} stripes on the
 *       wire while the next one is read;</li>
 *   <li>the metadata is committed (only over an older version), then a {@code blob_commit} record.</li>
 * </ol>
 * Crash-recovery points: before the metadata commit nothing of the upload is visible; its chunks
 * are referenced by no record and the healer's GC collects them after its grace period. The WAL
 * replay finds the intent without metadata and counts the upload as abandoned (the bytes were never
 * in the log, so nothing can be replayed). After the commit the blob is complete even if the commit
 * record is never appended.
 */
public final class BlobWriter {

    private static final Logger LOG = Logger.getLogger(BlobWriter.class);

    /**
     * What the client sent besides the bytes. {@code declaredSize} is null for a chunked body.
     * {@code facts}, when not null, is asked once the body has been read to its end (what it says may
     * come from the body itself: a digest computed while streaming, a checksum sent in a trailer).
     * {@code verifiedSha256}, when not null, gives the body's SHA-256 once the body has been read to
     * its end and something else checked it while it streamed (a payload signed as its SHA-256, which
     * the authenticator hashes): the writer then does not hash the same bytes a second time.
     */
    public record Upload(String name, String contentType, String fileName, Long declaredSize, Supplier<BodyFacts> facts,
                         Supplier<String> verifiedSha256) {

        public Upload(String name, String contentType, String fileName, Long declaredSize) {
            this(name, contentType, fileName, declaredSize, null, null);
        }

        public Upload(String name, String contentType, String fileName, Long declaredSize, Supplier<BodyFacts> facts) {
            this(name, contentType, fileName, declaredSize, facts, null);
        }
    }

    /** What an S3 upload keeps beside the bytes: the body's MD5 (hex) and its attributes (see {@link BlobInfo}). */
    public record BodyFacts(String md5, Map<String, String> attributes) {
    }

    private final WriteAheadLog wal;
    private final MetadataStore metadata;
    private final BlobBytesWriter bytes;
    private final Clock clock;
    private final String gatewayId;
    private final UploadRegistry uploads;
    private final BlobSettings settings;

    public BlobWriter(WriteAheadLog wal, MetadataStore metadata, NodeDirectory nodes, NodeFanOut fanOut, BlobSettings settings,
                      Clock clock, String gatewayId) {
        this(wal, metadata, nodes, fanOut, settings, clock, gatewayId, new InMemoryUploadRegistry());
    }

    /** @param uploads where uploads under way are listed while they run */
    public BlobWriter(WriteAheadLog wal, MetadataStore metadata, NodeDirectory nodes, NodeFanOut fanOut, BlobSettings settings,
                      Clock clock, String gatewayId, UploadRegistry uploads) {
        this(wal, metadata, nodes, fanOut, settings, clock, gatewayId, uploads, ByteBudget.unbounded());
    }

    /** @param writeBudget the bytes of shard arrays all uploads together hold at once */
    public BlobWriter(WriteAheadLog wal, MetadataStore metadata, NodeDirectory nodes, NodeFanOut fanOut, BlobSettings settings,
                      Clock clock, String gatewayId, UploadRegistry uploads, ByteBudget writeBudget) {
        this.uploads = uploads;
        this.wal = wal;
        this.metadata = metadata;
        this.bytes = new BlobBytesWriter(nodes, fanOut, settings, clock, writeBudget);
        this.clock = clock;
        this.gatewayId = gatewayId;
        this.settings = settings;
    }

    public BlobResult write(Upload upload, InputStream body, Timings timings) {
        int stripeSize = settings.stripeSizeFor(upload.declaredSize()); // 413 before anything is logged
        String uploadId = UUID.randomUUID().toString();
        long started = clock.millis();
        Version version = timings.time("wal", () -> wal.append(upload.name(),
                WalRecord.blobIntent(upload.name(), uploadId, upload.declaredSize(), upload.contentType(), started, gatewayId).toBytes()));
        // Crash-recovery point: an intent without metadata is an abandoned upload (see the class comment).
        // Registered so an operator can list it while it runs (or after its gateway died) and abort it.
        uploads.begin(new UploadRegistry.Upload(uploadId, upload.name(), version.toString(), gatewayId, started));
        try {
            return storeAndCommit(upload, body, timings, stripeSize, uploadId, version, started);
        } finally {
            try {
                uploads.end(uploadId);
            } catch (RuntimeException e) {
                // Its entry expires on its own (see UploadRegistry); nothing of the upload depends on it.
                LOG.debugf("blob %s: ending upload entry %s failed: %s", upload.name(), uploadId, e.toString());
            }
        }
    }

    private BlobResult storeAndCommit(Upload upload, InputStream body, Timings timings, int stripeSize, String uploadId, Version version,
                                      long started) {
        StripeInput input = new StripeInput(body, stripeSize, upload.declaredSize(), settings, bytes.arraysFor(stripeSize),
                upload.verifiedSha256());
        BlobBytesWriter.Stored stored = timings.time("store", () -> bytes.store(upload.name(), uploadId, version, input, started, false));
        BodyFacts facts = upload.facts() == null ? new BodyFacts(null, null) : upload.facts().get();
        BlobInfo info = new BlobInfo(upload.contentType(), input.total(), input.sha256Hex(), stored.stripes().isEmpty() ? 0 : stripeSize,
                upload.fileName(), uploadId, facts.md5(), facts.attributes());
        boolean complete = stored.missing().isEmpty();
        if (!timings.time("meta", () -> uploads.active(uploadId))) {
            // An operator aborted it (POST /admin/sync/uploads/{id}/abort). An abort landing after this
            // check is too late: the upload completes. Its chunks are garbage for the collector.
            throw new StoreException(ErrorCode.CONFLICT, "upload " + uploadId + " of " + upload.name() + " was aborted; nothing of it is visible");
        }
        Optional<MetadataStore.Stored> base = timings.time("meta", () -> metadata.get(upload.name()));
        Optional<ObjectMetadata> previous = base.map(MetadataStore.Stored::metadata);
        long now = clock.millis();
        ObjectMetadata record = new ObjectMetadata(upload.name(), version, complete ? ObjectState.CLEAN : ObjectState.DIRTY,
                List.of(), stored.hot(), null, List.of(), failedNodes(stored.missing()),
                previous.map(ObjectMetadata::createdAt).orElse(now), now, info, stored.stripes());
        // An overwrite keeps the labels of the record it replaces (LabelRules#keptOnOverwrite).
        boolean committed = timings.time("meta", () -> LabelCarry.commit(metadata, record, base)).isPresent();
        if (committed) {
            appendCommit(upload.name(), uploadId, version);
        }
        LOG.debugf("blob %s at %s: %d bytes, %d stripes, %s%s", upload.name(), version, info.size(), stored.stripes().size(),
                record.state(), committed ? "" : " (superseded by a newer write)");
        return new BlobResult(upload.name(), version, record.state(), committed, info.size(), info.sha256(), stored.stripes().size(),
                stored.missing(), info.md5());
    }

    /**
     * One part of an S3 multipart upload stored as stripes, committed by nobody yet: the object's
     * record lists these stripes when the upload completes ({@link #commitAssembled}).
     *
     * @param failedNodes nodes that did not take a shard (the assembled object is DIRTY for the healer)
     */
    public record StoredPart(long size, int stripeSize, List<ColdPart> stripes, List<String> failedNodes) {
    }

    /**
     * Stores a body as stripes only, however small (every part of a multipart object must be
     * stripes, so that the object is its parts' stripes in order). No WAL record and no object
     * metadata: the caller records the part (the healer's GC counts part records as references), and
     * until then the chunks are unreferenced, like any upload's before its commit.
     *
     * <p>The body is not hashed with SHA-256: a part's bytes are guarded by its shards' CRC32Cs (on
     * every read and scrub) and checked on the way in against whatever the client sent (Content-MD5,
     * an {@code x-amz-checksum-*}, a signed payload hash: the caller's stream does that), and the
     * completed object's identity comes from its parts' MD5s, which S3 needs anyway. A part's own
     * SHA-256 fed nothing else, and cost a pass over every byte.
     */
    public StoredPart writePart(String name, InputStream body, Long declaredSize, Timings timings) {
        int stripeSize = settings.stripeSizeFor(declaredSize);
        String uploadId = UUID.randomUUID().toString();
        long started = clock.millis();
        StripeInput input = new StripeInput(body, stripeSize, declaredSize, settings, bytes.arraysFor(stripeSize), StripeInput.NOT_HASHED);
        BlobBytesWriter.Stored stored = timings.time("store", () -> bytes.store(name, uploadId, null, input, started, true));
        return new StoredPart(input.total(), stripeSize, stored.stripes(), failedNodes(stored.missing()));
    }

    /**
     * Commits an object made of stored parts' stripes, WAL first like any blob (an intent record
     * gives the version, a commit record follows). {@code heldSince} is when the caller last made
     * sure the stripes stay referenced (an S3 completion touching its upload, which holds the
     * healer's sweeper off for at least the max upload time): past the max upload time of it nothing
     * is committed, since the part records may be gone and the GC collecting the chunks. The commit
     * holds on {@code held} too (the upload's record still there, in the commit's own step): an abort
     * that removed the part records first leaves the result uncommitted, and the caller asks why.
     */
    public BlobResult commitAssembled(String name, BlobInfo info, List<ColdPart> stripes, List<String> failedNodes, long heldSince,
                                      CommitGuard held, Timings timings) {
        bytes.checkTime(name, heldSince);
        long now = clock.millis();
        Version version = timings.time("wal", () -> wal.append(name,
                WalRecord.blobIntent(name, info.uploadId(), info.size(), info.contentType(), now, gatewayId).toBytes()));
        Optional<MetadataStore.Stored> previous = timings.time("meta", () -> metadata.get(name));
        ObjectMetadata record = new ObjectMetadata(name, version, failedNodes.isEmpty() ? ObjectState.CLEAN : ObjectState.DIRTY,
                List.of(), null, null, List.of(), failedNodes,
                previous.map(p -> p.metadata().createdAt()).orElse(now), now, info, stripes);
        bytes.checkTime(name, heldSince);
        boolean committed = timings.time("meta", () -> metadata.commitIfNewer(record, previous, held));
        if (committed) {
            appendCommit(name, info.uploadId(), version);
        }
        return new BlobResult(name, version, record.state(), committed, info.size(), info.sha256(), stripes.size(), List.of(), info.md5());
    }

    private static List<String> failedNodes(List<Missing> missing) {
        Set<String> failed = new LinkedHashSet<>();
        missing.stream().filter(m -> m.node() != null).forEach(m -> failed.add(m.node()));
        return List.copyOf(failed);
    }

    private void appendCommit(String name, String uploadId, Version version) {
        try {
            wal.append(name, WalRecord.blobCommit(name, uploadId, version.toString(), clock.millis(), gatewayId).toBytes());
        } catch (RuntimeException e) {
            // The metadata is the commit; the record only completes the log's account of the upload.
            LOG.warnf("blob %s at %s is committed, but its WAL commit record could not be appended: %s", name, version, e.toString());
        }
    }
}
