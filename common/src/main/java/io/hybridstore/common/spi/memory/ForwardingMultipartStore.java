package io.hybridstore.common.spi.memory;

import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MultipartStore;
import java.util.List;
import java.util.Optional;

/** Forwards every call to another store; a test overrides the one call it races or breaks. */
public class ForwardingMultipartStore implements MultipartStore {

    private final MultipartStore delegate;

    public ForwardingMultipartStore(MultipartStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(MultipartUpload upload) {
        delegate.create(upload);
    }

    @Override
    public Optional<MultipartUpload> get(String bucket, String uploadId) {
        return delegate.get(bucket, uploadId);
    }

    @Override
    public List<MultipartUpload> list(String bucket, int limit) {
        return delegate.list(bucket, limit);
    }

    @Override
    public List<MultipartUpload> listByKey(String bucket, String prefix, ScanStart start, int limit) {
        return delegate.listByKey(bucket, prefix, start, limit);
    }

    @Override
    public List<MultipartUpload> idleSince(long cutoffMillis, int limit) {
        return delegate.idleSince(cutoffMillis, limit);
    }

    @Override
    public boolean putPart(String bucket, String uploadId, UploadedPart part) {
        return delegate.putPart(bucket, uploadId, part);
    }

    @Override
    public boolean touch(String bucket, String uploadId, long atMillis) {
        return delegate.touch(bucket, uploadId, atMillis);
    }

    @Override
    public List<UploadedPart> parts(String bucket, String uploadId) {
        return delegate.parts(bucket, uploadId);
    }

    @Override
    public List<PartRecord> partsAfter(String afterKey, int limit) {
        return delegate.partsAfter(afterKey, limit);
    }

    @Override
    public CommitGuard completionGuard(String bucket, String uploadId) {
        return delegate.completionGuard(bucket, uploadId);
    }

    @Override
    public void delete(String bucket, String uploadId) {
        delegate.delete(bucket, uploadId);
    }

    @Override
    public boolean deleteIfIdle(String bucket, String uploadId, long cutoffMillis) {
        return delegate.deleteIfIdle(bucket, uploadId, cutoffMillis);
    }
}
