package io.hybridstore.common.spi;

import io.hybridstore.common.model.Bucket;
import java.util.List;
import java.util.Optional;

/** The S3 buckets, in etcd beside the object records: a few keys, read on every S3 request. */
public interface BucketStore {

    /** Stores {@code bucket} unless one of that name exists; false (nothing changed) when it does. */
    boolean create(Bucket bucket);

    Optional<Bucket> get(String name);

    /** Every bucket, by name. */
    List<Bucket> list();

    /** Removes the bucket record; false when there was none. Its objects are the caller's concern. */
    boolean delete(String name);
}
