package io.hybridstore.common.spi.memory;

import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MultipartStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link MultipartStore} in maps, for tests and the in-memory backend. */
public final class InMemoryMultipartStore implements MultipartStore {

    private final ConcurrentSkipListMap<String, MultipartUpload> uploads = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, UploadedPart> parts = new ConcurrentSkipListMap<>();
    /** {@code bucket/position}: the ordered index of {@link #listByKey}. */
    private final ConcurrentSkipListMap<String, MultipartUpload> byKey = new ConcurrentSkipListMap<>(KeyOrder.UTF8);
    /** {@code bucket/uploadId}: when the upload's last part was stored or it was last touched. */
    private final ConcurrentHashMap<String, Long> activeAt = new ConcurrentHashMap<>();

    private static String id(String bucket, String uploadId) {
        return bucket + "/" + uploadId;
    }

    private static String part(String bucket, String uploadId, int number) {
        return id(bucket, uploadId) + "/" + String.format(java.util.Locale.ROOT, "%05d", number);
    }

    @Override
    public synchronized void create(MultipartUpload upload) {
        uploads.put(id(upload.bucket(), upload.uploadId()), upload);
        byKey.put(upload.bucket() + "/" + MultipartStore.position(upload.key(), upload.uploadId()), upload);
    }

    @Override
    public Optional<MultipartUpload> get(String bucket, String uploadId) {
        return Optional.ofNullable(uploads.get(id(bucket, uploadId)));
    }

    @Override
    public List<MultipartUpload> list(String bucket, int limit) {
        return uploads.subMap(bucket + "/", bucket + "0").values().stream().limit(limit).toList();
    }

    @Override
    public List<MultipartUpload> listByKey(String bucket, String prefix, ScanStart start, int limit) {
        String base = bucket + "/";
        return byKey.tailMap(base + prefix, true).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(base + prefix))
                .filter(e -> start.admits(e.getKey().substring(base.length())))
                .limit(limit)
                .map(java.util.Map.Entry::getValue)
                .toList();
    }

    @Override
    public synchronized List<MultipartUpload> idleSince(long cutoffMillis, int limit) {
        return uploads.values().stream().filter(u -> lastActive(u) < cutoffMillis).limit(limit).toList();
    }

    private long lastActive(MultipartUpload u) {
        return Math.max(u.initiatedAt(), activeAt.getOrDefault(id(u.bucket(), u.uploadId()), Long.MIN_VALUE));
    }

    @Override
    public synchronized boolean putPart(String bucket, String uploadId, UploadedPart part) {
        if (!touch(bucket, uploadId, part.uploadedAt())) {
            return false;
        }
        parts.put(part(bucket, uploadId, part.partNumber()), part);
        return true;
    }

    @Override
    public synchronized boolean touch(String bucket, String uploadId, long atMillis) {
        if (!uploads.containsKey(id(bucket, uploadId))) {
            return false;
        }
        activeAt.put(id(bucket, uploadId), atMillis);
        return true;
    }

    @Override
    public List<UploadedPart> parts(String bucket, String uploadId) {
        String prefix = id(bucket, uploadId) + "/";
        return List.copyOf(parts.subMap(prefix, prefix + "\uffff").values());
    }

    @Override
    public List<PartRecord> partsAfter(String afterKey, int limit) {
        var after = afterKey == null ? parts : parts.tailMap(afterKey, false);
        return after.entrySet().stream().limit(limit).map(e -> new PartRecord(e.getKey(), e.getValue())).toList();
    }

    /** Commits while holding this store's lock with the upload present: a {@link #delete} waits for the commit, or wins before it. */
    @Override
    public CommitGuard completionGuard(String bucket, String uploadId) {
        return (CommitGuard.Held) commit -> {
            synchronized (this) {
                return uploads.containsKey(id(bucket, uploadId)) && commit.getAsBoolean();
            }
        };
    }

    @Override
    public synchronized void delete(String bucket, String uploadId) {
        MultipartUpload gone = uploads.remove(id(bucket, uploadId));
        if (gone != null) {
            byKey.remove(bucket + "/" + MultipartStore.position(gone.key(), uploadId));
        }
        activeAt.remove(id(bucket, uploadId));
        String prefix = id(bucket, uploadId) + "/";
        parts.subMap(prefix, prefix + "\uffff").clear();
    }

    @Override
    public synchronized boolean deleteIfIdle(String bucket, String uploadId, long cutoffMillis) {
        MultipartUpload upload = uploads.get(id(bucket, uploadId));
        if (upload == null || lastActive(upload) >= cutoffMillis) {
            return false;
        }
        delete(bucket, uploadId);
        return true;
    }
}
